// An import's summary as lines of text in the reader's language (CLI and chat).
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import type { RowError } from '../rules/project-list.ts';
import type { ImportSummary } from './import-projects.ts';

/** One row error as a line: "第 5 行「总投资(万元)」：…". */
export function renderRowError(t: Translate, error: RowError): string {
  const what = t(error.key as MessageKey, { ...error.params, reason: error.params.reason ? t(`import.amount.${error.params.reason}` as MessageKey) : '' });
  if (error.row === 0) return what;
  return error.column ? t('import.row_column', { row: error.row, column: error.column, what }) : t('import.row', { row: error.row, what });
}

const MAX_LISTED = 20;

function listed(t: Translate, items: { code: string; name: string }[]): string[] {
  const lines = items.slice(0, MAX_LISTED).map((p) => `  ${p.code} ${p.name}`);
  if (items.length > MAX_LISTED) lines.push(`  ${t('import.more', { count: items.length - MAX_LISTED })}`);
  return lines;
}

export function renderImportSummary(t: Translate, summary: ImportSummary): string[] {
  if (summary.orgProblem) return [t(`import.org.${summary.orgProblem}`)];
  const lines: string[] = [];
  if (summary.errors.length > 0) {
    lines.push(t('import.failed', { count: summary.errors.length }));
    lines.push(...summary.errors.slice(0, 50).map((e) => `  ${renderRowError(t, e)}`));
    if (summary.errors.length > 50) lines.push(`  ${t('import.more', { count: summary.errors.length - 50 })}`);
    return lines;
  }
  lines.push(t(summary.dryRun ? 'import.dry_run' : 'import.done', { org: summary.orgName }));
  if (summary.orgCreated) lines.push(t(summary.dryRun ? 'import.org.would_create' : 'import.org.created', { org: summary.orgName }));
  lines.push(t('import.counts', { added: summary.added.length, changed: summary.changed.length, unchanged: summary.unchanged }));
  if (summary.added.length) lines.push(t('import.added'), ...listed(t, summary.added));
  if (summary.changed.length) {
    lines.push(t('import.changed'));
    lines.push(
      ...summary.changed.slice(0, MAX_LISTED).map((p) => `  ${p.code} ${p.name}（${p.fields.map((f) => t(`import.field.${f}` as MessageKey)).join('、')}）`),
    );
  }
  if (summary.unitsCreated.length) lines.push(t('import.units_created', { names: summary.unitsCreated.join('、') }));
  if (summary.peopleCreated.length) lines.push(t('import.people_created', { names: summary.peopleCreated.join('、') }));
  if (summary.notInFile.length) lines.push(t('import.not_in_file'), ...listed(t, summary.notInFile));
  if (summary.dryRun) lines.push(t('import.dry_run_hint'));
  return lines;
}
