// A report given field by field (a platform's form card), read into a submission with the same
// value rules as typed reports. Each value belongs to its field by construction, so nothing in a
// text field is ever read as another field, and nothing typed goes through the text grammar twice.
import { parseAmount, type AmountErrorCode } from '../money.ts';
import type { GrammarError, ParseResult, ParsedSubmission } from './types.ts';
import { isNone, parsePercent, splitItems } from './values.ts';

/** The fields of a report form; any may be empty. */
export interface ReportFormFields {
  progress?: string;
  investedThisWeek?: string;
  cumulative?: string;
  done?: string;
  problems?: string;
  nextPlan?: string;
  help?: string;
}

const AMOUNT_KEYS: Record<AmountErrorCode, `grammar.${string}`> = {
  invalid: 'grammar.amount.invalid',
  negative: 'grammar.amount.negative',
  too_large: 'grammar.amount.too_large',
  too_precise: 'grammar.amount.too_precise',
};

/** Reads a filled-in form. 形象进度 is required, as in a typed report; amounts default to 万元. */
export function readReportForm(fields: ReportFormFields): ParseResult {
  const submission: ParsedSubmission = { confirmed: false };
  const errors: GrammarError[] = [];
  const value = (name: keyof ReportFormFields) => fields[name]?.trim() ?? '';

  const progress = value('progress');
  if (progress) {
    const read = parsePercent(progress);
    if (read.ok) submission.progress = read.value;
    else errors.push({ field: 'progress', key: read.key, params: {}, quote: progress });
  } else {
    errors.push({ field: 'progress', key: 'grammar.progress.required', params: {}, quote: '' });
  }
  for (const field of ['investedThisWeek', 'cumulative'] as const) {
    const text = value(field);
    if (!text) continue;
    const read = parseAmount(text.replace(/\s+/g, ''), 'wan');
    if (read.ok) submission[field] = read.fen;
    else errors.push({ field, key: AMOUNT_KEYS[read.code], params: {}, quote: text });
  }
  for (const field of ['done', 'nextPlan', 'help'] as const) {
    const text = value(field);
    if (text) submission[field] = text;
  }
  const problems = value('problems');
  if (problems) {
    const lines = problems.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    submission.problems = lines.length === 1 && isNone(lines[0] ?? '') ? [] : splitItems(lines).filter((p) => !isNone(p));
  }
  return errors.length ? { ok: false, errors, partial: submission } : { ok: true, submission };
}
