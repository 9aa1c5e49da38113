// The report form: its fields, and how a submitted form becomes the report text the core reads
// ("填报" then the canonical report lines), so a form and a typed report are one path. Pure.
import { formatSubmission, readReportForm, type ParseResult } from '../../core/rules/submission/index.ts';

/** The form's input names, in display order (they are also Incoming.form's keys). */
export const FORM_FIELDS = ['project', 'progress', 'investedThisWeek', 'cumulative', 'done', 'problems', 'nextPlan'] as const;

export type FormField = (typeof FORM_FIELDS)[number];
export type FormFields = Partial<Record<FormField, string>>;

/** Fields typed on several lines. */
export const MULTILINE_FIELDS: ReadonlySet<FormField> = new Set(['done', 'problems', 'nextPlan']);

/** The command word that files a report. */
const REPORT_COMMAND = '填报';

/** True when no report field (besides the project) was filled in. */
export function isEmptyForm(form: FormFields): boolean {
  return FORM_FIELDS.every((name) => name === 'project' || !form[name]?.trim());
}

/** The form read field by field with the core's value rules (core/rules/submission/form.ts). */
export function readForm(form: FormFields): ParseResult {
  const { project: _project, ...fields } = form;
  return readReportForm(fields);
}

/**
 * The report text for a submitted form: the command, then the report in the canonical format the
 * grammar reads back to exactly the fields of the form (formatSubmission). A form that does not
 * read (refused with a toast before it is ever stored) gives the bare command.
 */
export function formToReportText(form: FormFields): string {
  const read = readForm(form);
  if (!read.ok) return REPORT_COMMAND;
  const project = form.project?.replace(/\s*\n\s*/g, ' ').trim();
  return `${REPORT_COMMAND}\n${formatSubmission(read.submission, project ? { projectRef: project } : {})}`;
}
