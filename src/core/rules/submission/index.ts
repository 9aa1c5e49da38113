// The submission grammar: how owners type their weekly report.
export { parseSubmission, fieldLabelKey, exampleKey, MAX_BODY_LENGTH } from './parse.ts';
export { formatSubmission } from './format.ts';
export { readReportForm, type ReportFormFields } from './form.ts';
export { readKey } from './keys.ts';
export { FIELD_ORDER } from './types.ts';
export type { ParsedSubmission, ParseResult, GrammarError, GrammarErrorField, ReportField, WeekRef } from './types.ts';
