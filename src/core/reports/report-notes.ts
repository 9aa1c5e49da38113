// Notes an owner wrote in brackets after a figure ("累计完成投资：300万元（含设备预付款）"), stored
// with the report one per line as "<field>: <text>" and read back for receipts and the ledger.
import type { ParsedSubmission, ReportField } from '../rules/submission/index.ts';

export type ReportNote = NonNullable<ParsedSubmission['notes']>[number];

const FIELDS: readonly ReportField[] = ['progress', 'investedThisWeek', 'cumulative', 'done', 'problems', 'nextPlan', 'help'];

/** The stored text of notes. */
export function writeNotes(notes: readonly ReportNote[] | undefined): string {
  return (notes ?? []).map((n) => `${n.field}: ${n.text.replace(/\s*\n\s*/g, ' ').trim()}`).join('\n');
}

/** Notes from their stored text; lines that are not a known field's note are dropped. */
export function readNotes(text: string): ReportNote[] {
  const notes: ReportNote[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf(': ');
    const field = line.slice(0, at) as ReportField;
    if (at > 0 && FIELDS.includes(field) && line.slice(at + 2).trim()) notes.push({ field, text: line.slice(at + 2).trim() });
  }
  return notes;
}

/** The notes of one field, joined. */
export function notesOf(notes: readonly ReportNote[] | undefined, field: ReportField): string {
  return (notes ?? []).filter((n) => n.field === field).map((n) => n.text).join('；');
}
