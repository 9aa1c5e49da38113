// Reading the values of fields: percentages, weeks, "none", numbered problem lists.
import type { WeekRef } from '../period.ts';

/** Digits and punctuation folded to ASCII, spaces removed: for numbers only, never for free text. */
export function foldNumber(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200b]+/g, '');
}

export type PercentResult = { ok: true; value: number } | { ok: false; key: 'grammar.percent.invalid' | 'grammar.percent.range' };

/** "45", "45%", "45.5％", "４５％". At most two decimals are kept. */
export function parsePercent(text: string): PercentResult {
  const value = foldNumber(text).replace(/%$/, '');
  if (/^-\d/.test(value)) return { ok: false, key: 'grammar.percent.range' };
  if (!/^\d{1,6}(\.\d{1,6})?$/.test(value)) return { ok: false, key: 'grammar.percent.invalid' };
  const number = Math.round(Number(value) * 100) / 100;
  if (number > 100) return { ok: false, key: 'grammar.percent.range' };
  return { ok: true, value: number };
}

export type WeekResult = { ok: true; week: WeekRef } | { ok: false; key: 'grammar.week.invalid' | 'grammar.week.range' };

/** "2026-W46", "2026W46", "2026-46", "2026年第46周", "第46周", "上周" / "last", "本周" / "this". */
export function parseWeekValue(text: string): WeekResult {
  const value = foldNumber(text).toLowerCase();
  if (['上周', '上一周', 'last', 'lastweek', 'previous'].includes(value)) return { ok: true, week: { kind: 'last' } };
  if (['本周', '这周', '当周', 'this', 'thisweek', 'current'].includes(value)) return { ok: true, week: { kind: 'this' } };
  const iso = /^(\d{4})(?:-?w|-|年第?)(\d{1,2})周?$/.exec(value);
  const bare = /^第?(\d{1,2})周$/.exec(value) ?? /^w(\d{1,2})$/.exec(value);
  const week = Number(iso ? iso[2] : bare?.[1]);
  if (!iso && !bare) return { ok: false, key: 'grammar.week.invalid' };
  if (!Number.isInteger(week) || week < 1 || week > 53) return { ok: false, key: 'grammar.week.range' };
  return { ok: true, week: iso ? { kind: 'iso', year: Number(iso[1]), week } : { kind: 'number', week } };
}

const NONE = new Set(['无', '没有', '暂无', '无问题', '暂无问题', '没有问题', '无。', 'none', 'no', 'n/a', 'na', 'nil', '-', '—', '/', '无无']);

/** True for the ways people write "none". */
export function isNone(text: string): boolean {
  return NONE.has(text.normalize('NFKC').replace(/[\s。.，,！!]+$/g, '').trim().toLowerCase());
}

/** Numbering at the start of an item: "1." "1、" "(1)" "（1）" "1)" "①". */
const MARKER = /(?:^|(?<=[\s；;，,。]))(?:[(（]\d{1,2}[)）]|\d{1,2}[.、)）](?!\d)|[①-⑳])\s*/g;

/** Splits a problem text into items: one per numbered item, one per line. */
export function splitItems(lines: string[]): string[] {
  const items: string[] = [];
  for (const line of lines) {
    const parts = line.split(MARKER).map((p) => p.trim().replace(/^[；;，,。]+|[；;，,]+$/g, '').trim());
    items.push(...parts.filter(Boolean));
  }
  return items;
}
