// Scanning one line of a report into keyed values, bare figures and free words, keeping the
// original text of every value. All matching runs on a folded copy of the line of the same length
// (full-width ASCII to ASCII, odd spaces to spaces, lower case), so positions map back one to one
// and free text is kept exactly as typed. Every regex is sticky and linear: no input can make a
// line slow.
import { AMOUNT_OR_TEXT, CANONICAL, KEY_ALIASES, type KeyTarget, type KeyUnit } from './keys.ts';
import { parseWeekValue } from './values.ts';

export type NumericTarget = 'progress' | 'investedThisWeek' | 'cumulative';
export type TextTarget = 'done' | 'problems' | 'nextPlan' | 'help' | 'reason';

const NUMERIC: ReadonlySet<KeyTarget> = new Set(['progress', 'investedThisWeek', 'cumulative']);
const TEXT: ReadonlySet<KeyTarget> = new Set(['done', 'problems', 'nextPlan', 'help', 'reason']);

export function isNumericTarget(target: KeyTarget): target is NumericTarget {
  return NUMERIC.has(target);
}

/** Folds a line for matching without changing its length (one UTF-16 unit for one). */
export function fold(text: string): string {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000 || c === 0x200b || c === 0x09 || c === 0xa0 || c === 0xfeff) c = 0x20;
    else if (c === 0x2212) c = 0x2d;
    else if (c === 0xffe5) c = 0xa5;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    out.push(String.fromCharCode(c));
  }
  return out.join('');
}

/** What separates fields on a line: spaces and the punctuation people put between fields. */
export function isSep(ch: string | undefined): boolean {
  return ch === ' ' || ch === ',' || ch === ';' || ch === '、' || ch === '。';
}

function skipSeps(f: string, pos: number): number {
  while (pos < f.length && isSep(f[pos])) pos++;
  return pos;
}

function skipSpaces(f: string, pos: number): number {
  while (f[pos] === ' ') pos++;
  return pos;
}

/** Numbering before a key: 一、 （一） (1) 1. 1、 1） ① and list bullets. Only stripped when a key follows. */
const NUMBERING = /(?:[一二三四五六七八九十]{1,3}[、.,]|\([一二三四五六七八九十]{1,3}\)|\(\d{1,2}\)|\d{1,2}[.、)](?!\d)|[\u2460-\u2473]|[-•·●■◆▲>*](?=[ ]?[^\d ]))[ ]?/y;

function skipNumbering(f: string, pos: number): number {
  NUMBERING.lastIndex = pos;
  return NUMBERING.exec(f) ? NUMBERING.lastIndex : pos;
}

/** Aliases by their first character, longest first. */
const BY_FIRST = new Map<string, { alias: string; target: KeyTarget }[]>();
for (const entry of [...KEY_ALIASES].sort((a, b) => b.alias.length - a.alias.length)) {
  const first = entry.alias[0] ?? '';
  BY_FIRST.set(first, [...(BY_FIRST.get(first) ?? []), entry]);
}
const ASCII_ALIAS = /^[a-z]+$/;

function longestAlias(f: string, pos: number): { alias: string; target: KeyTarget } | null {
  for (const entry of BY_FIRST.get(f[pos] ?? '') ?? []) {
    if (!f.startsWith(entry.alias, pos)) continue;
    if (ASCII_ALIAS.test(entry.alias) && /[a-z0-9_]/.test(f[pos + entry.alias.length] ?? '')) continue;
    return entry;
  }
  return null;
}

const UNIT_BRACKET = /[ ]?[([]([^)\]】]{0,8})[)\]]/y;

function unitOf(text: string): KeyUnit | undefined {
  return text.includes('亿') ? 'yi' : text.includes('万') ? 'wan' : text.includes('元') ? 'yuan' : text.includes('%') ? 'percent' : undefined;
}

/** Something that starts a figure: 约 / 近 / ¥ / a sign, then a digit. */
const STARTS_FIGURE = /(?:大约|大概|约合|约|近)?[ ]?(?:¥|rmb)?[ ]?(?:-[ ]?)?(?:\d|\.\d)/y;

function startsFigure(f: string, pos: number): boolean {
  STARTS_FIGURE.lastIndex = pos;
  return STARTS_FIGURE.test(f);
}

export interface KeyMatch {
  target: KeyTarget;
  alias: string;
  unit?: KeyUnit;
  /** Written with a colon or as a 【heading】. */
  explicit: boolean;
  valueStart: number;
}

interface KeyContext {
  lineStart: boolean;
  numbered: boolean;
  /** Only keys with a colon or in a heading count (inside text). */
  explicitOnly?: boolean;
}

/** A key at `pos`, if the text there is one under the rules of where keys may stand. */
export function matchKey(f: string, pos: number, ctx: KeyContext): KeyMatch | null {
  let p = pos;
  const heading = f[p] === '【' || f[p] === '[';
  if (heading) p = skipSpaces(f, p + 1);
  while (f[p] === '*' || f[p] === '#') p++;
  const found = longestAlias(f, p);
  if (!found) return null;
  let q = p + found.alias.length;
  UNIT_BRACKET.lastIndex = q;
  const bracket = UNIT_BRACKET.exec(f);
  const unit = bracket ? unitOf(bracket[1] ?? '') : undefined;
  if (bracket && unit) q = UNIT_BRACKET.lastIndex;
  if (heading) {
    q = skipSpaces(f, q);
    if (f[q] !== '】' && f[q] !== ']') return null;
    q += 1;
  }
  while (f[q] === '*') q++;
  let r = skipSpaces(f, q);
  const colon = f[r] === ':';
  if (colon) r = skipSpaces(f, r + 1);
  const explicit = colon || heading;
  const valueStart = explicit ? r : skipSpaces(f, q);
  const atEnd = valueStart >= f.length;
  const figureNext = startsFigure(f, valueStart);
  let target = found.target;
  const result = (): KeyMatch => ({ target, alias: found.alias, ...(unit ? { unit } : {}), explicit, valueStart });

  if (AMOUNT_OR_TEXT.has(found.alias)) {
    // 本周 / 本周完成: an amount when a figure follows, what was done when words follow a colon.
    if (figureNext) return result();
    if (!explicit || ctx.explicitOnly) return null;
    if (!atEnd) target = 'done';
    return result();
  }
  if (explicit) return target === 'confirm' && !colon ? null : result();
  if (ctx.explicitOnly) return null;
  const spaceOrEnd = q >= f.length || f[q] === ' ';
  if (NUMERIC.has(target)) {
    if (figureNext) return ctx.numbered && found.alias.length < 4 ? null : result();
    // "形象进度" alone on a line, the figure on the next.
    return ctx.lineStart && atEnd ? result() : null;
  }
  // Text keys without a colon: only the long names ("存在问题 无", "下周计划 验收"), followed by a
  // space or the end of the line; short ones ("问题 不大", "计划 …") are too often plain words.
  if (TEXT.has(target) || target === 'week') {
    if (ASCII_ALIAS.test(found.alias) || !spaceOrEnd) return null;
    if (target === 'week') return ctx.lineStart && found.alias.length >= 2 ? result() : null;
    return found.alias.length >= 4 ? result() : null;
  }
  return null;
}

/** One figure: the number with its unit as typed, an approximation word, a note in brackets. */
export interface Figure {
  /** The number and unit, original text, without 约 / 左右. */
  value: string;
  unit?: KeyUnit;
  /** Start and end in the line (the end after any note). */
  start: number;
  end: number;
  note?: string;
}

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)`;
const SPACED_NUMBER = String.raw`(\d{1,3}(?: \d{3})+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)`;
/** 万 of area, people, beds … is not money. */
const WAN = '万(?![平方米人台件次吨株户册字个套张块辆床名亩里㎡])';
const UNIT = String.raw`(?:[ ]?(万元|亿元|${WAN}|亿|元|%|wan(?![a-z])|yuan(?![a-z])|w(?![a-z])))?`;
const APPROX = '(?:大约|大概|约合|约|近)?[ ]?';
const FIGURE_BARE = new RegExp(String.raw`${APPROX}((?:¥|rmb)?[ ]?(?:-[ ]?)?${NUMBER}${UNIT})(?:左右|上下|整)?`, 'y');
const FIGURE_KEYED = new RegExp(String.raw`${APPROX}((?:¥|rmb)?[ ]?(?:-[ ]?)?${SPACED_NUMBER}${UNIT})(?:[ ]?(?:左右|上下|整))?`, 'y');

function unitOfFigure(unit: string | undefined): KeyUnit | undefined {
  if (!unit) return undefined;
  if (unit === '%') return 'percent';
  if (unit.startsWith('亿')) return 'yi';
  if (unit === '元' || unit === 'yuan') return 'yuan';
  return 'wan';
}

/** The end of a bracketed note starting at `pos` ("（含设备预付款）"), or -1. Nested brackets are kept. */
function noteEnd(f: string, pos: number): number {
  if (f[pos] !== '(') return -1;
  let depth = 0;
  for (let i = pos; i < f.length && i < pos + 200; i++) {
    if (f[i] === '(') depth++;
    else if (f[i] === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Reads a figure at `pos`; `keyed` allows digit groups split by spaces ("3 200 万"). */
function readFigure(line: string, f: string, pos: number, keyed: boolean): (Figure & { clean: boolean }) | null {
  const re = keyed ? FIGURE_KEYED : FIGURE_BARE;
  re.lastIndex = pos;
  const m = re.exec(f);
  if (!m || m[1] === undefined) return null;
  const valueStart = m.index + m[0].indexOf(m[1]);
  const unit = unitOfFigure(m[3]);
  let end = re.lastIndex;
  const figure: Figure & { clean: boolean } = { value: line.slice(valueStart, valueStart + m[1].length).trim(), start: pos, end, clean: false, ...(unit ? { unit } : {}) };
  const afterSpace = skipSpaces(f, end);
  const close = noteEnd(f, afterSpace);
  if (close > 0) {
    const note = line.slice(afterSpace + 1, close - 1).trim();
    if (note) figure.note = note;
    end = close;
    figure.end = end;
  }
  const next = f[end];
  if (end >= f.length || isSep(next) || matchKey(f, end, { lineStart: false, numbered: false }) || (close > 0 && !/[\d.a-z%]/.test(next ?? ''))) figure.clean = true;
  else if (/[\d.a-z%,]/.test(next ?? '')) figure.clean = false;
  else figure.clean = unit !== undefined;
  return figure;
}

/**
 * A figure inside free words: one with a unit anywhere ("主体完成80%"), or a number standing alone
 * between separators ("1 45% 80 680"), with the words just before it (for a mistyped key) and its
 * offset in the words.
 */
export interface LooseFigure {
  text: string;
  label: string;
  at: number;
  unitless?: boolean;
}

const LOOSE = new RegExp(String.raw`(?<![\d.,a-z])(?:大约|约|近)?(?:¥)?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[ ]?(?:%|万元|亿元|${WAN}|亿|元)`, 'g');

function looseFigures(line: string, f: string, start: number, end: number): LooseFigure[] {
  const out: LooseFigure[] = [];
  const part = f.slice(start, end);
  for (const m of part.matchAll(LOOSE)) {
    const at = start + (m.index ?? 0);
    let labelStart = at;
    while (labelStart > start && !isSep(f[labelStart - 1]) && at - labelStart < 12) labelStart--;
    out.push({ text: line.slice(at, at + m[0].length), label: f.slice(skipNumbering(f, labelStart), at).replace(/[:\s*#]+$/, ''), at: at - start });
  }
  for (let i = skipSeps(f, start); i < end; i = skipSeps(f, tokenEnd(f, i))) {
    const stop = Math.min(tokenEnd(f, i), end);
    if (/^-?(?:\d+(?:\.\d+)?|\.\d+)$/.test(f.slice(i, stop))) out.push({ text: line.slice(i, stop), label: '', at: i - start, unitless: true });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Levenshtein distance, capped (the strings are short labels). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/**
 * The canonical key a label is one typo away from ("形像进度" → "形象进度"), or null. Only labels
 * of four characters or more: shorter ones ("问题1") are too often ordinary words.
 */
export function nearKey(label: string): string | null {
  if (label.length < 4 || label.length > 10 || /[\d\s]/.test(label)) return null;
  if (longestAlias(label, 0)?.alias === label) return null;
  for (const { alias, target } of KEY_ALIASES) {
    if (alias.length >= 4 && !ASCII_ALIAS.test(alias) && target !== 'confirm' && target !== 'project' && distance(label, alias) === 1) return CANONICAL[target];
  }
  return null;
}

const TYPO_LABEL = /([^\s:,;、。()【】[\]]{4,10}?)[ ]?:/y;

export type Item =
  | { kind: 'number'; target: NumericTarget; unit?: KeyUnit; value: string; note?: string; quote: string }
  | { kind: 'text'; target: TextTarget; value: string; quote: string }
  | { kind: 'week' | 'project' | 'confirm'; value: string; quote: string }
  | { kind: 'figure'; value: string; unit: KeyUnit; note?: string; quote: string }
  | { kind: 'words'; text: string; figures: LooseFigure[] }
  | { kind: 'typo'; label: string; suggestion: string; quote: string };

/** Where a keyed text value ends: before the next key written with a colon or as a heading. */
export function textEnd(f: string, from: number, end: number = f.length): number {
  for (let i = from + 1; i < end; i++) {
    if (!isSep(f[i - 1]) || isSep(f[i])) continue;
    const numbered = skipNumbering(f, i);
    const key = matchKey(f, numbered, { lineStart: false, numbered: numbered !== i, explicitOnly: true });
    if (key && key.target !== 'confirm') return i;
  }
  return end;
}

function trimValue(text: string): string {
  return text.replace(/^[\s,，;；、。]+|[\s,，;；、]+$/gu, '');
}

function tokenEnd(f: string, pos: number): number {
  let i = pos;
  while (i < f.length && !isSep(f[i])) i++;
  return i;
}

/** A week as offices write it may carry its dates: "第47周（11月16日—22日）". */
export function withoutDates(week: string): string {
  return week.replace(/\s*[（(][^（()）]*[)）]\s*$/u, '');
}

function isWeekToken(raw: string): boolean {
  const token = withoutDates(raw);
  const folded = fold(token);
  if (/^(上周|上一周)$/.test(folded)) return true;
  return /[周w]|\d{4}-/.test(folded) && !/^(本周|这周|当周|this)$/.test(folded) && parseWeekValue(token).ok;
}

function isConfirmToken(token: string): boolean {
  return /^(确认|確認|confirm)$/.test(fold(token));
}

/** A key at `pos`, with or without numbering before it. */
function keyAt(f: string, pos: number, lineStart: boolean): { key: KeyMatch; start: number } | null {
  const numbered = skipNumbering(f, pos);
  if (numbered !== pos) {
    const key = matchKey(f, numbered, { lineStart, numbered: true });
    if (key) return { key, start: pos };
  }
  const key = matchKey(f, pos, { lineStart, numbered: false });
  return key ? { key, start: pos } : null;
}

function typoAt(line: string, f: string, pos: number): (Item & { kind: 'typo' }) | null {
  const start = skipNumbering(f, pos);
  TYPO_LABEL.lastIndex = start;
  const m = TYPO_LABEL.exec(f);
  if (!m) return null;
  const suggestion = nearKey((m[1] ?? '').replace(/^[*#【[]+/, ''));
  if (!suggestion) return null;
  const end = tokenEnd(f, skipSpaces(f, TYPO_LABEL.lastIndex));
  return { kind: 'typo', label: line.slice(start, start + (m[1] ?? '').length).replace(/^[*#【[]+/, ''), suggestion, quote: line.slice(pos, end).trim() };
}

/** A bare figure standing alone at `pos` (not inside words): it has a unit and nothing clings to it. */
function bareFigureAt(line: string, f: string, pos: number): (Figure & { clean: boolean; unit: KeyUnit }) | null {
  const figure = readFigure(line, f, pos, false);
  if (!figure || !figure.unit) return null;
  const next = f[figure.end];
  const standalone = figure.end >= f.length || isSep(next) || figure.note !== undefined || matchKey(f, figure.end, { lineStart: false, numbered: false }) !== null;
  return standalone && figure.clean ? { ...figure, unit: figure.unit } : null;
}

/** True when something other than free words starts at `pos`. */
function startsItem(line: string, f: string, pos: number): boolean {
  if (keyAt(f, pos, false) || typoAt(line, f, pos)) return true;
  const token = line.slice(pos, tokenEnd(f, pos));
  return isWeekToken(token) || isConfirmToken(token) || bareFigureAt(line, f, pos) !== null;
}

/** Reads one item at `pos` (not a separator); returns it and where the next one may start. */
function readItem(line: string, f: string, pos: number, lineStart: boolean): { item: Item; end: number } {
  const found = keyAt(f, pos, lineStart);
  if (found) {
    const { key, start } = found;
    const quoteOf = (end: number) => line.slice(start, end).trim();
    const v = key.valueStart;
    if (isNumericTarget(key.target)) {
      const target = key.target;
      const unit = key.unit ? { unit: key.unit } : {};
      if (v >= f.length || isSep(f[v]) || (v > start && matchKey(f, v, { lineStart: false, numbered: false }))) {
        return { item: { kind: 'number', target, ...unit, value: '', quote: quoteOf(v) }, end: v };
      }
      const figure = readFigure(line, f, v, true);
      if (figure?.clean) {
        const item: Item = { kind: 'number', target, ...unit, value: figure.value, quote: quoteOf(figure.end), ...(figure.note ? { note: figure.note } : {}) };
        return { item, end: figure.end };
      }
      // Not a clean figure: the whole run up to the next separator is the value, and is refused.
      const run = tokenEnd(f, v);
      return { item: { kind: 'number', target, ...unit, value: line.slice(v, run).trim(), quote: quoteOf(run) }, end: run };
    }
    if (key.target === 'week' || key.target === 'confirm') {
      const run = tokenEnd(f, v);
      return { item: { kind: key.target, value: line.slice(v, run).trim(), quote: quoteOf(run) }, end: run };
    }
    const run = textEnd(f, v);
    const value = trimValue(line.slice(v, run));
    if (key.target === 'project') return { item: { kind: 'project', value, quote: quoteOf(run) }, end: run };
    return { item: { kind: 'text', target: key.target as TextTarget, value, quote: quoteOf(run) }, end: run };
  }
  const typo = typoAt(line, f, pos);
  if (typo) return { item: typo, end: pos + Math.max(1, typo.quote.length) };
  const tokenStop = tokenEnd(f, pos);
  const token = line.slice(pos, tokenStop);
  if (isWeekToken(token)) return { item: { kind: 'week', value: token, quote: token }, end: tokenStop };
  if (isConfirmToken(token)) return { item: { kind: 'confirm', value: '', quote: token }, end: tokenStop };
  const figure = bareFigureAt(line, f, pos);
  if (figure) return { item: { kind: 'figure', value: figure.value, unit: figure.unit, quote: line.slice(pos, figure.end).trim(), ...(figure.note ? { note: figure.note } : {}) }, end: figure.end };
  // Free words: token after token until something else starts.
  let end = tokenStop;
  let next = skipSeps(f, end);
  while (next < f.length && !startsItem(line, f, next)) {
    end = tokenEnd(f, next);
    next = skipSeps(f, end);
  }
  return { item: { kind: 'words', text: line.slice(pos, end).trim(), figures: looseFigures(line, f, pos, end) }, end };
}

/** Scans a line (no line breaks) from `from` into items. */
export function scanLine(line: string, from = 0): Item[] {
  const f = fold(line);
  const items: Item[] = [];
  let pos = skipSeps(f, from);
  const first = pos;
  while (pos < f.length) {
    const { item, end } = readItem(line, f, pos, pos === first && from === 0);
    items.push(item);
    pos = skipSeps(f, Math.max(end, pos + 1));
  }
  return items;
}

/** True when a line starts with a field, a figure or a mark (not with free words). */
export function startsWithField(line: string): boolean {
  const f = fold(line);
  const pos = skipSeps(f, 0);
  if (pos >= f.length) return false;
  return readItem(line, f, pos, true).item.kind !== 'words';
}

/** The first token of free words (the project ref on the first line) and the rest. */
export function splitFirstToken(text: string): { token: string; rest: string } {
  const f = fold(text);
  const end = tokenEnd(f, 0);
  return { token: text.slice(0, end), rest: text.slice(skipSeps(f, end)).trim() };
}
