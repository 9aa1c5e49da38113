// The canonical writer: a submission as a multi-line report the grammar reads back to the same
// fields. The LLM draft and the Lark form build their report text with it instead of by hand.
import { formatWan } from '../money.ts';
import { fold, scanLine, startsWithField, textEnd } from './scan.ts';
import { splitItems } from './values.ts';
import type { ParsedSubmission, ReportField, WeekRef } from './types.ts';

type Locale = 'zh-CN' | 'en';

const KEYS: Record<Locale, Record<ReportField | 'week' | 'reason' | 'project' | 'confirm', string>> = {
  'zh-CN': {
    project: '项目',
    week: '周次',
    progress: '形象进度',
    investedThisWeek: '本周完成投资',
    cumulative: '累计完成投资',
    done: '本周进展',
    problems: '存在问题',
    nextPlan: '下周计划',
    help: '需协调事项',
    reason: '原因',
    confirm: '确认',
  },
  en: {
    project: 'project',
    week: 'week',
    progress: 'progress',
    investedThisWeek: 'invested',
    cumulative: 'cumulative',
    done: 'done',
    problems: 'problems',
    nextPlan: 'next',
    help: 'help',
    reason: 'reason',
    confirm: 'confirm',
  },
};

function weekText(week: WeekRef, locale: Locale): string {
  switch (week.kind) {
    case 'iso':
      return `${week.year}-W${String(week.week).padStart(2, '0')}`;
    case 'number':
      return `第${week.week}周`;
    case 'last':
      return locale === 'en' ? 'last' : '上周';
    case 'this':
      return locale === 'en' ? 'this' : '本周';
  }
}

/** A percentage without float noise: 45, 45.5, 33.33. */
function percentText(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Text that must stay text: a key written with a colon inside it ("…；存在问题：无") would start
 * another field, so its colon becomes "∶" (U+2236), which looks the same and is no colon to the
 * grammar. A 【heading】 inside it gets lenticular brackets 〖〗 for the same reason.
 */
function keepAsText(text: string): string {
  let out = text;
  for (let guard = 0; guard < 50; guard++) {
    const f = fold(out);
    const cut = textEnd(f, 0);
    if (cut >= out.length) return out;
    const colon = f.indexOf(':', cut);
    const bracket = f[cut] === '【' || f[cut] === '[' ? cut : -1;
    if (bracket >= 0) {
      const close = out.indexOf(out[cut] === '[' ? ']' : '】', cut);
      out = `${out.slice(0, cut)}〖${out.slice(cut + 1, close < 0 ? undefined : close)}${close < 0 ? '' : `〗${out.slice(close + 1)}`}`;
    } else if (colon >= 0) out = `${out.slice(0, colon)}∶${out.slice(colon + 1)}`;
    else return out;
  }
  return out;
}

/** The lines of a text value: continuation lines that would read as a field are joined to the one before. */
function textLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = keepAsText(raw.trim());
    if (!line) continue;
    const last = lines.length - 1;
    if (last >= 0 && startsWithField(line)) lines[last] = keepAsText(`${lines[last]} ${line}`);
    else lines.push(line);
  }
  return lines;
}

/** A note in brackets after a figure; brackets inside it that do not pair up are made harmless. */
function noteText(note: string, locale: Locale): string {
  let depth = 0;
  let balanced = true;
  for (const ch of fold(note)) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) balanced = false;
  }
  const inner = (balanced && depth === 0 ? note : note.replace(/[(（]/g, '〔').replace(/[)）]/g, '〕')).replace(/\s*\n\s*/g, ' ');
  return locale === 'en' ? ` (${inner})` : `（${inner}）`;
}

/**
 * Problems on one line, numbered "1. … 2. …". An item that itself starts with numbering ("① 资金")
 * is written right after its number ("2.① 资金") so that it is not split into two.
 */
function problemList(items: string[]): string {
  if (items.length === 1) return items[0] ?? '';
  const spaced = items.map((p, i) => `${i + 1}. ${p}`).join(' ');
  if (sameItems(splitItems([spaced]), items)) return spaced;
  return items.map((p, i) => `${i + 1}.${p}`).join(' ');
}

function sameItems(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Is `ref` read back as the project when it stands alone on the first line? */
function bareRefReadsBack(ref: string): boolean {
  if (!/^[^\s:：,，;；、。]+$/u.test(ref)) return false;
  const items = scanLine(ref);
  return items.length === 1 && items[0]?.kind === 'words' && items[0].figures.every((f) => f.unitless && f.at === 0) && items[0].text === ref;
}

/**
 * Writes a submission in the multi-line report format:
 * "形象进度: 45%", "本周完成投资: 120万", "存在问题: 1. … 2. …", and so on, amounts as exact 万元
 * decimals. `projectRef` overrides the submission's own. The grammar reads the result back to the
 * same fields; text lines that would read as another field are joined to the line before.
 */
export function formatSubmission(submission: ParsedSubmission, options: { projectRef?: string; locale?: Locale } = {}): string {
  const locale = options.locale ?? 'zh-CN';
  const key = KEYS[locale];
  const lines: string[] = [];
  const line = (name: keyof typeof key, value: string) => lines.push(`${key[name]}: ${value}`);
  const noteOf = (field: ReportField) =>
    (submission.notes ?? [])
      .filter((n) => n.field === field && n.text.trim())
      .map((n) => noteText(n.text.trim(), locale))
      .slice(0, 1)
      .join('');
  const amount = (fen: bigint) => (locale === 'en' ? formatWan(fen) : `${formatWan(fen)}万`);

  const ref = (options.projectRef ?? submission.projectRef)?.trim();
  if (ref) {
    if (bareRefReadsBack(ref)) lines.push(ref);
    else line('project', keepAsText(ref.replace(/\s*\n\s*/g, ' ')));
  }
  if (submission.week) line('week', weekText(submission.week, locale));
  if (submission.progress !== undefined) line('progress', `${percentText(submission.progress)}%${noteOf('progress')}`);
  if (submission.investedThisWeek !== undefined) line('investedThisWeek', `${amount(submission.investedThisWeek)}${noteOf('investedThisWeek')}`);
  if (submission.cumulative !== undefined) line('cumulative', `${amount(submission.cumulative)}${noteOf('cumulative')}`);
  const text = (name: 'done' | 'nextPlan' | 'help' | 'reason', value: string | undefined) => {
    const [first, ...rest] = textLines(value ?? '');
    if (first === undefined) return;
    line(name, first);
    lines.push(...rest);
  };
  text('done', submission.done);
  if (submission.problems !== undefined) {
    const items = submission.problems.map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
    if (items.length === 0) line('problems', locale === 'en' ? 'none' : '无');
    else line('problems', keepAsText(problemList(items)));
  }
  text('nextPlan', submission.nextPlan);
  text('help', submission.help);
  text('reason', submission.reason);
  if (submission.confirmed) lines.push(key.confirm);
  return lines.join('\n');
}
