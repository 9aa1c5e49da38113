// An import's summary as lines of text in the reader's language (CLI and chat).
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import type { TableProblem } from '../ports.ts';
import type { RowError, SkippedRow } from '../rules/project-list.ts';
import { formatWan } from '../rules/money.ts';
import { MONEY_FIELDS, type FieldChange, type ImportSummary, type ProjectRef } from './import-projects.ts';

/** At most this many projects (or errors) are listed per section; the rest are counted. */
export const MAX_LISTED = 20;
const MAX_ERRORS = 50;

/** A file that could not be read (the spreadsheet port's problem). */
export type TableReadProblem = TableProblem;

/** One row error as a line: "第 5 行「总投资(万元)」：金额「abc」看不懂…". */
export function renderRowError(t: Translate, error: RowError): string {
  const reason = error.params.reason ? t(`import.amount.${error.params.reason}` as MessageKey) : '';
  const what = t(error.key as MessageKey, { ...error.params, reason });
  if (error.row === 0) return what;
  return error.column ? t('import.row_column', { row: error.row, column: error.column, what }) : t('import.row', { row: error.row, what });
}

/** Why a file could not be read, as one line. */
export function renderTableReadError(t: Translate, problem: TableReadProblem): string {
  return t(`import.read.${problem.code}` as MessageKey, { file: problem.file, detail: problem.detail });
}

/** The rows the reader passed over (section headings, notes, totals), as one line; none when empty. */
export function renderSkippedRows(t: Translate, skipped: readonly SkippedRow[]): string[] {
  if (skipped.length === 0) return [];
  const shown = skipped.slice(0, MAX_LISTED).map((s) => t('import.skipped_row', { row: s.row, text: s.text.length > 20 ? `${s.text.slice(0, 20)}…` : s.text }));
  const more = skipped.length > MAX_LISTED ? [t('import.more', { count: skipped.length - MAX_LISTED })] : [];
  return [t('import.skipped', { rows: [...shown, ...more].join(t('import.separator')) })];
}

/** One change as "总投资 21874万元 → 22000万元". */
export function renderChange(t: Translate, change: FieldChange): string {
  const value = (text: string) => (MONEY_FIELDS.has(change.field) ? t('common.wan', { amount: formatWan(BigInt(text)) }) : text.trim() ? text : t('import.change_empty'));
  const field = change.field === 'monthPlan' && change.month ? t('import.field.month', { month: change.month }) : t(`import.field.${change.field}`);
  return t('import.change', { field, from: value(change.from), to: value(change.to) });
}

function listed(t: Translate, items: readonly ProjectRef[]): string[] {
  const lines = items.slice(0, MAX_LISTED).map((p) => `  ${t('import.item', { code: p.code, name: p.name })}`);
  if (items.length > MAX_LISTED) lines.push(`  ${t('import.more', { count: items.length - MAX_LISTED })}`);
  return lines;
}

/**
 * The summary as lines: errors (and nothing else) when the list has any; otherwise what was (or
 * would be) added and changed, units and people created or updated, projects not in the file, and
 * for a dry run the hint to run it for real. `skipped` rows from the reader are named at the end.
 */
export function renderImportSummary(t: Translate, summary: ImportSummary, options: { skipped?: readonly SkippedRow[] } = {}): string[] {
  if (summary.orgProblem) return [t(`import.org.${summary.orgProblem}`)];
  const sep = t('import.separator');
  const lines: string[] = [];
  if (summary.errors.length > 0) {
    lines.push(t('import.failed', { count: summary.errors.length }));
    lines.push(...summary.errors.slice(0, MAX_ERRORS).map((e) => `  ${renderRowError(t, e)}`));
    if (summary.errors.length > MAX_ERRORS) lines.push(`  ${t('import.more', { count: summary.errors.length - MAX_ERRORS })}`);
    lines.push(...renderSkippedRows(t, options.skipped ?? []));
    return lines;
  }
  lines.push(t(summary.dryRun ? 'import.dry_run' : 'import.done', { org: summary.orgName }));
  if (summary.orgCreated) lines.push(t(summary.dryRun ? 'import.org.would_create' : 'import.org.created', { org: summary.orgName }));
  lines.push(t('import.counts', { added: summary.added.length, changed: summary.changed.length, unchanged: summary.unchanged }));
  if (summary.added.length) lines.push(t('import.added'), ...listed(t, summary.added));
  if (summary.changed.length) {
    lines.push(t('import.changed'));
    for (const p of summary.changed.slice(0, MAX_LISTED)) {
      // Old → new for every field that changes (the name's old value is said as 原名).
      const fields = p.changes.length ? p.changes.filter((c) => c.field !== 'name').map((c) => renderChange(t, c)).join(t('import.change_separator')) || t('import.field.name') : p.fields.map((f) => t(`import.field.${f}`)).join(sep);
      const line = p.previousName
        ? t('import.changed_item_renamed', { code: p.code, name: p.name, fields, previous: p.previousName })
        : t('import.changed_item', { code: p.code, name: p.name, fields });
      lines.push(`  ${line}`);
    }
    if (summary.changed.length > MAX_LISTED) lines.push(`  ${t('import.more', { count: summary.changed.length - MAX_LISTED })}`);
  }
  if (summary.monthPlans.listed) lines.push(t('import.month_plans', { ...summary.monthPlans }));
  if (summary.unitsCreated.length) lines.push(t('import.units_created', { names: summary.unitsCreated.join(sep) }));
  if (summary.peopleCreated.length) lines.push(t('import.people_created', { names: summary.peopleCreated.join(sep) }));
  if (summary.peopleUpdated.length) {
    const names = summary.peopleUpdated.map((p) => t('import.person_updated', { name: p.name, fields: p.fields.map((f) => t(`import.person_field.${f}`)).join(sep) }));
    lines.push(t('import.people_updated', { names: names.join(sep) }));
  }
  if (summary.retired.length) lines.push(t(summary.applied ? 'import.retired' : 'import.retire_preview', { names: summary.retired.join(sep) }));
  if (summary.notInFile.length) lines.push(t('import.not_in_file'), ...listed(t, summary.notInFile));
  if (summary.warnings.length) {
    lines.push(t('import.warnings'));
    lines.push(...summary.warnings.slice(0, MAX_ERRORS).map((w) => `  ${renderRowError(t, w)}`));
    if (summary.warnings.length > MAX_ERRORS) lines.push(`  ${t('import.more', { count: summary.warnings.length - MAX_ERRORS })}`);
  }
  lines.push(...renderSkippedRows(t, options.skipped ?? []));
  if (summary.dryRun) lines.push(t('import.dry_run_hint'));
  return lines;
}
