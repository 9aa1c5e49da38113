// Messages about filing a report: the confirmation, and every way a filing can be turned back.
import type { Org, Person, Project } from '../model.ts';
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import { message, type Block, type Button, type OutboundMessage } from '../messages/outbound.ts';
import { ratio } from '../rules/money.ts';
import { fieldLabelKey, exampleKey, type GrammarError } from '../rules/submission/index.ts';
import type { CheckIssue } from '../rules/report-checks.ts';
import { notesOf } from '../reports/report-notes.ts';
import type { StoredReport, SubmitResult } from '../reports/submit-report.ts';
import { pct, signed, wan, weekLabel, when } from './format.ts';
import { formatWeek, parseWeekId, shiftWeek } from '../rules/period.ts';

/** The line-to-copy template for a project, in the reader's language. */
export function reportTemplate(t: Translate, projectCode: string): string {
  return t('grammar.template' as MessageKey, { project: projectCode });
}

/** What the sender typed, quoted back so nothing is lost. */
function original(t: Translate, text: string): Block[] {
  return [{ kind: 'text', lines: [[t('report.original')]] }, { kind: 'quote', text }];
}

/** The receipt of a stored report, with its site photos counted; `complete` is the 「标记竣工」 button offered after a 100 % report. */
export function storedView(t: Translate, org: Org, report: StoredReport, author: Person, owner: Person | null, photos = 0, complete: Button | null = null): OutboundMessage {
  const s = report.submission;
  const fields: { label: string; value: string }[] = [{ label: t('report.stored.week'), value: weekLabel(t, report.week) }];
  const label = (field: string) => t(fieldLabelKey(field as never) as MessageKey);
  const withNote = (value: string, field: 'progress' | 'investedThisWeek' | 'cumulative') => {
    const note = notesOf(s.notes, field);
    return note ? t('report.stored.with_note', { value, note }) : value;
  };
  if (s.progress !== undefined) {
    const since = report.previousPeriod === formatWeek(shiftWeek(report.week, -1)) ? t('report.stored.last_week') : (report.previousPeriod ?? '');
    const progress =
      report.previousProgress == null
        ? t('report.stored.progress_first', { progress: pct(s.progress) })
        : t('report.stored.progress_change', { progress: pct(s.progress), since, change: signed(s.progress - report.previousProgress) });
    fields.push({ label: label('progress'), value: withNote(progress, 'progress') });
  }
  const amount = (fen: bigint, derived: boolean) => {
    const share = ratio(fen, report.project.annualPlan);
    const value = share == null ? wan(t, fen) : t('report.stored.share_of_plan', { amount: wan(t, fen), share: pct(share * 100) });
    return value + (derived ? t('report.stored.derived') : '');
  };
  if (report.investedThisWeek != null) {
    fields.push({ label: label('investedThisWeek'), value: withNote(amount(report.investedThisWeek, report.derived.investedThisWeek !== undefined), 'investedThisWeek') });
  }
  if (report.cumulative != null) {
    fields.push({ label: label('cumulative'), value: withNote(amount(report.cumulative, report.derived.cumulative !== undefined), 'cumulative') });
  }
  if (s.done) fields.push({ label: label('done'), value: s.done });
  if (s.nextPlan) fields.push({ label: label('nextPlan'), value: s.nextPlan });
  if (s.help) fields.push({ label: label('help'), value: s.help });
  const status = report.late ? t('report.stored.late', { reason: report.lateReason }) : t('report.stored.on_time');
  fields.push({ label: t('report.stored.status'), value: status });

  const blocks: Block[] = [{ kind: 'heading', text: t('report.stored.title', { project: `${report.project.code} ${report.project.name}` }) }, { kind: 'fields', fields }];
  if (s.problems !== undefined) {
    blocks.push({ kind: 'text', lines: [[{ bold: label('problems') }]] });
    if (report.problems.length === 0) blocks.push({ kind: 'text', lines: [[t('common.none')]] });
    else
      blocks.push({
        kind: 'list',
        items: report.problems.map((p) => [t(p.isNew ? 'report.stored.problem_new' : 'report.stored.problem_open', { number: p.number, text: p.text })]),
      });
  }
  const notes: string[] = [];
  if (report.revision > 1) notes.push(t('report.stored.revision', { revision: report.revision, code: report.project.code }));
  if (report.carried.length) notes.push(t('report.stored.carried', { revision: report.revision - 1, fields: report.carried.map((f) => label(f)).join('、') }));
  if (report.onBehalf) notes.push(t('report.stored.on_behalf', { author: author.name, owner: owner?.name ?? '—' }));
  if (photos > 0) notes.push(t('photos.receipt', { count: photos }));
  if (notes.length) blocks.push({ kind: 'text', lines: notes.map((n) => [n]) });
  if (complete) blocks.push({ kind: 'text', lines: [[t('report.stored.complete_offer')]] });
  void org;
  // One line for a merged receipt in a busy group: the figures and the status (the texts are in the ledger and /history).
  const short = new Set([label('progress'), label('investedThisWeek'), label('cumulative'), t('report.stored.status')]);
  const figures = fields.filter((f) => short.has(f.label)).map((f) => `${f.label} ${f.value}`).join('；');
  const line = t('report.merge.line', { project: `${report.project.code} ${report.project.name}`, author: author.name, figures });
  // A receipt with a button (竣工) is never merged: the button would be lost.
  const summary = t('report.stored.title', { project: report.project.name });
  return message(blocks, complete ? { summary, buttons: [complete] } : { summary, merge: { heading: t('report.merge.heading'), line: [line] } });
}

function grammarErrorBlocks(t: Translate, errors: GrammarError[]): Block[] {
  const items = errors.map((error) => {
    const field = ['project', 'line', 'body'].includes(error.field) ? '' : t(fieldLabelKey(error.field as never) as MessageKey);
    const problem = t(error.key as MessageKey, error.params);
    const lines = [field ? t('report.invalid.item', { field, problem }) : problem];
    if (error.field === 'body') return [lines.join('\n')];
    if (error.quote) lines.push(t('report.invalid.you_wrote', { quote: error.quote }));
    const example = exampleKey(error.field as never);
    if (example) lines.push(t('report.invalid.example', { example: t(example as MessageKey) }));
    return [lines.join('\n')];
  });
  return [{ kind: 'text', lines: [[{ bold: t('report.invalid.title') }]] }, { kind: 'list', items }];
}

function issueBlocks(t: Translate, title: MessageKey, issues: CheckIssue[]): Block[] {
  // A week named in a check reads as offices write it: 第46周（11月9日—15日）.
  const label = (params: CheckIssue['params']) => {
    const week = typeof params?.period === 'string' ? parseWeekId(params.period) : null;
    return week ? { ...params, period: weekLabel(t, week) } : params;
  };
  return [{ kind: 'text', lines: [[{ bold: t(title) }]] }, { kind: 'list', items: issues.map((i) => [t(i.key, label(i.params))]) }];
}

function candidateList(t: Translate, projects: Project[]): Block {
  return { kind: 'list', items: projects.slice(0, 15).map((p) => [t('report.project.candidate', { code: p.code, name: p.name })]) };
}

/** Errors that mean nothing in the message read as a report (prose, or lines without field names). */
const PROSE_ERRORS: ReadonlySet<string> = new Set(['grammar.no_fields', 'grammar.unknown_line', 'grammar.stray_line', 'grammar.empty', 'grammar.unreadable']);

/** Whether an invalid report is prose the grammar could not read at all (no field was read). */
export function isProse(result: Extract<SubmitResult, { kind: 'invalid' }>): boolean {
  const p = result.partial;
  const read = p.progress !== undefined || p.investedThisWeek !== undefined || p.cumulative !== undefined || p.done !== undefined || p.problems !== undefined || p.nextPlan !== undefined;
  return !read && result.errors.every((e) => PROSE_ERRORS.has(e.key));
}

/**
 * The answer to prose the grammar cannot read (and no model to read it): at most eight lines, what
 * was missing and the report format filled in with the sender's project.
 */
export function proseHelpView(t: Translate, projectCode: string): OutboundMessage {
  return message([
    { kind: 'text', lines: [[t('report.prose.missing')]] },
    { kind: 'code', text: reportTemplate(t, projectCode) },
  ]);
}

/**
 * Every result of submitReport as a message for the sender. `resend` is their message as it can be
 * sent again (command word included): it is quoted whenever the report was not stored.
 */
export function submitResultView(t: Translate, org: Org, result: Exclude<SubmitResult, { kind: 'stored' }>, resend: string = result.text): OutboundMessage {
  switch (result.kind) {
    case 'invalid': {
      const template: Block[] = result.errors.some((e) => e.field === 'body')
        ? [{ kind: 'code', text: reportTemplate(t, result.partial.projectRef ?? result.projectCode ?? t('report.template.project')) }]
        : [];
      return message([...grammarErrorBlocks(t, result.errors), ...template, ...(resend.trim() ? original(t, resend) : [])]);
    }
    case 'choose_project': {
      const blocks: Block[] = [];
      if (result.reason === 'missing') blocks.push({ kind: 'text', lines: [[t('report.project.missing')]] });
      else if (result.reason === 'ambiguous') blocks.push({ kind: 'text', lines: [[t('report.project.ambiguous', { ref: result.ref ?? '' })]] });
      else blocks.push({ kind: 'text', lines: [[t('report.project.unknown', { ref: result.ref ?? '' })]] });
      if (result.candidates.length > 0) {
        if (result.reason !== 'ambiguous') blocks.push({ kind: 'text', lines: [[t('report.project.candidates')]] });
        blocks.push(candidateList(t, result.candidates));
      } else if (result.reason === 'missing') blocks.push({ kind: 'text', lines: [[t('report.project.none_owned')]] });
      return message([...blocks, ...original(t, resend)]);
    }
    case 'not_allowed':
      return message([{ kind: 'text', lines: [[t('report.not_allowed', { project: result.project.name, owner: result.ownerName })]] }, ...original(t, resend)]);
    case 'bad_week':
      return message([{ kind: 'text', lines: [[t(result.reason === 'future' ? 'report.week.future' : 'report.week.no_such_week')]] }, ...original(t, resend)]);
    case 'before_listed':
      return message([{ kind: 'text', lines: [[t('report.week.before_listed', { project: `${result.project.code} ${result.project.name}`, week: weekLabel(t, result.week), weekYear: result.week.year, year: result.listedYear })]] }, ...original(t, resend)]);
    case 'needs_reason':
      // The message ready to send again, with the reason line to fill in at the end.
      return message([
        { kind: 'text', lines: [[t('report.needs_reason', { week: weekLabel(t, result.week), deadline: when(result.deadline, org.timeZone) })]] },
        { kind: 'code', text: `${resend.trimEnd()}\n${t('report.needs_reason.example')}` },
      ]);
    case 'refused':
      return message([...issueBlocks(t, 'report.refused.title', result.issues), ...original(t, resend)]);
    case 'needs_confirm':
      return message(
        [...issueBlocks(t, 'report.confirm.title', result.issues), { kind: 'text', lines: [[t('report.confirm.how')]] }],
        { buttons: [{ label: t('report.confirm.button'), action: 'draft:confirm', style: 'primary' }, { label: t('report.cancel.button'), action: 'draft:cancel' }] },
      );
  }
}
