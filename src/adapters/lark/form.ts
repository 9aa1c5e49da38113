// The report form: its fields, and how a submitted form becomes the report text the core grammar
// reads ("填报 <project>" then "形象进度: 45%" lines), so a form and a typed report are one path.
// Pure.
import { readKey } from '../../core/rules/submission/keys.ts';

/** The form's input names, in display order (they are also Incoming.form's keys). */
export const FORM_FIELDS = ['project', 'progress', 'investedThisWeek', 'cumulative', 'done', 'problems', 'nextPlan'] as const;

export type FormField = (typeof FORM_FIELDS)[number];
export type FormFields = Partial<Record<FormField, string>>;

/** Fields typed on several lines. */
export const MULTILINE_FIELDS: ReadonlySet<FormField> = new Set(['done', 'problems', 'nextPlan']);

/** The grammar's Chinese key for each report field (the grammar reads Chinese keys in every locale). */
const GRAMMAR_KEYS: Record<Exclude<FormField, 'project'>, string> = {
  progress: '形象进度',
  investedThisWeek: '本周完成投资',
  cumulative: '累计完成投资',
  done: '本周进展',
  problems: '存在问题',
  nextPlan: '下周计划',
};

/** The command word that files a report. */
const REPORT_COMMAND = '填报';

/** True when no report field (besides the project) was filled in. */
export function isEmptyForm(form: FormFields): boolean {
  return FORM_FIELDS.every((name) => name === 'project' || !form[name]?.trim());
}

/**
 * The report text for a submitted form: the command with the project, then one "key: value" line
 * per filled field. A bare number for 形象进度 gets its "%"; multi-line answers keep their lines
 * (for 存在问题 each line is one problem). A project name with spaces goes on a "项目:" line.
 */
export function formToReportText(form: FormFields): string {
  const project = oneLine(form.project ?? '');
  const lines = [!project ? REPORT_COMMAND : /[\s:：]/.test(project) ? `${REPORT_COMMAND}\n项目: ${project}` : `${REPORT_COMMAND} ${project}`];
  for (const name of FORM_FIELDS) {
    if (name === 'project') continue;
    const value = form[name]?.trim();
    if (!value) continue;
    const text = name === 'progress' ? withPercent(oneLine(value)) : MULTILINE_FIELDS.has(name) ? multiline(value) : oneLine(value);
    lines.push(`${GRAMMAR_KEYS[name]}: ${text}`);
  }
  return lines.join('\n');
}

function withPercent(value: string): string {
  return /^[+-]?\d+(?:\.\d+)?$/.test(value) ? `${value}%` : value;
}

function oneLine(value: string): string {
  return value.replace(/\s*\n\s*/g, ' ').trim();
}

/** Grammar: "key: value" (the same shape the core reads). */
const KEY_LINE = /^([^:：\n]{1,24}?)\s*([:：])/;

/**
 * The lines of a multi-line answer. A later line that reads like another field ("计划：…" inside
 * 本周进展) would be taken for that field, so its colon becomes "∶" (U+2236), which looks the same.
 */
function multiline(value: string): string {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, index) => {
      const keyed = index > 0 ? KEY_LINE.exec(line) : null;
      return keyed && readKey(keyed[1] ?? '') ? line.replace(KEY_LINE, (_whole, key: string) => `${key}∶`) : line;
    })
    .join('\n');
}
