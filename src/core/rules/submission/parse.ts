// Reads a weekly report as people type it on a phone. Never throws: any input gives either a
// submission or errors that name the field, say what is wrong and quote what was typed.
import { parseAmount, type AmountErrorCode } from '../money.ts';
import type { KeyTarget, KeyUnit } from './keys.ts';
import { fold, nearKey, scanLine, splitFirstToken, startsWithField, textEnd, withoutDates, type Item, type NumericTarget, type TextTarget } from './scan.ts';
import type { GrammarError, GrammarErrorField, ParseResult, ParsedSubmission, ReportField } from './types.ts';
import { isNone, parsePercent, parseWeekValue, splitItems } from './values.ts';

/** Longer bodies are refused: nobody types a weekly report this long on a phone. */
export const MAX_BODY_LENGTH = 8000;

const CONFIRM_LINE = /^\s*(确认|確認|confirm|confirmed)\s*[。.!！]?\s*$/i;
const YES = /^(是|对|确认|yes|y|true|ok)$/i;

const AMOUNT_KEYS: Record<AmountErrorCode, `grammar.${string}`> = {
  invalid: 'grammar.amount.invalid',
  negative: 'grammar.amount.negative',
  too_large: 'grammar.amount.too_large',
  too_precise: 'grammar.amount.too_precise',
};

/*
 * The hard rule. A figure with a unit (45%, 80万, 3200万元, 1.2亿, 500元) that is not inside a
 * keyed text field (本周进展 / 存在问题 / 下周计划 / 需协调事项 / 原因 with their key, including the
 * lines that continue them) is either read into a field or the report is refused quoting it:
 * - after a key ("形象进度 45%", "本周80万", "累计完成投资：3200万元") it is that key's value;
 * - a bracketed note right after it ("3200万元（占年度计划32%）") belongs to it, figures and all;
 * - a percentage standing alone ("1 45% 累计3200万") is 形象进度, but only when it is the only one
 *   and 形象进度 is not keyed elsewhere; otherwise every bare percentage is refused;
 * - an amount standing alone ("80万") is refused: 本周 or 累计 cannot be guessed;
 * - a number without a unit standing alone in free words ("1 45% 80 680") is refused the same way:
 *   it was meant as a field ("第3层", "床位200张" are words and fine);
 * - a figure inside free words of the one-line form ("主体完成80%") is refused too, even though the
 *   words themselves are kept as 本周进展: whether "主体完成80%" is 形象进度 or a detail cannot be
 *   told, and a figure must never be stored in the wrong field or silently become text. The owner
 *   is told to key it ("形象进度：80%") or to put it after "本周进展：", where it is text and fine.
 */

class Reader {
  readonly submission: ParsedSubmission = { confirmed: false };
  readonly errors: GrammarError[] = [];
  readonly #seen = new Set<KeyTarget>();
  readonly #text = new Map<TextTarget, string[]>();
  /** Free words of the one-line form, in order: what was done this week. */
  readonly #free: string[] = [];
  readonly #barePercents: (Item & { kind: 'figure' })[] = [];
  /** The text field that keyless lines continue, or null after a number (a stray line is an error). */
  #current: TextTarget | null = null;
  /** A number key with its value on the next line ("【形象进度】" then "45%"). */
  #pending: NumericTarget | null = null;
  #sawField = false;

  get current(): TextTarget | null {
    return this.#current;
  }

  error(field: GrammarErrorField, key: `grammar.${string}`, quote: string, params: Record<string, string | number> = {}): void {
    this.errors.push({ field, key, params, quote: quote.trim().slice(0, 300) });
  }

  #note(field: ReportField, note: string | undefined): void {
    if (!note) return;
    (this.submission.notes ??= []).push({ field, text: note });
  }

  /** Assigns a keyed value. `raw` is the line or segment, quoted back on errors. */
  assign(target: KeyTarget, value: string, raw: string, unit?: KeyUnit, note?: string): void {
    if (target === 'confirm') {
      if (!value.trim() || YES.test(value.trim())) this.submission.confirmed = true;
      return;
    }
    const errorField: GrammarErrorField = target === 'project' ? 'project' : target;
    if (this.#seen.has(target) && !(target === 'project' && this.submission.projectRef === value.trim())) {
      this.error(errorField, 'grammar.duplicate', raw);
      this.#current = null;
      return;
    }
    this.#seen.add(target);
    this.#current = null;
    const trimmed = value.trim();
    switch (target) {
      case 'project':
        if (trimmed) this.submission.projectRef = trimmed;
        return;
      case 'progress': {
        if (!trimmed) return;
        this.#sawField = true;
        const percent = parsePercent(trimmed);
        if (percent.ok) {
          this.submission.progress = percent.value;
          this.#note('progress', note);
        } else this.error('progress', percent.key, raw);
        return;
      }
      case 'investedThisWeek':
      case 'cumulative': {
        if (!trimmed) return;
        this.#sawField = true;
        const text = unit === 'yi' && /\d$/.test(trimmed) ? `${trimmed}亿` : trimmed;
        const amount = parseAmount(text, unit === 'yuan' ? 'yuan' : 'wan');
        if (amount.ok) {
          this.submission[target] = amount.fen;
          this.#note(target, note);
        } else this.error(target, AMOUNT_KEYS[amount.code], raw);
        return;
      }
      case 'week': {
        const week = parseWeekValue(withoutDates(trimmed));
        if (week.ok) this.submission.week = week.week;
        else this.error('week', week.key, raw);
        return;
      }
      default:
        this.#current = target;
        this.#text.set(target, trimmed ? [trimmed] : []);
        if (target !== 'reason') this.#sawField = true;
    }
  }

  /** A line with no known key: continues the current text field, or is an error. */
  continueText(line: string): void {
    if (this.#current) {
      if (line.trim()) this.#text.get(this.#current)?.push(line.trim());
      return;
    }
    this.error('line', this.#sawField ? 'grammar.stray_line' : 'grammar.unknown_line', line);
  }

  /** Free words of the one-line form: what was done this week. Figures in them are refused. */
  freeText(item: Item & { kind: 'words' }, quote = item.text): void {
    for (const figure of item.figures) this.unassigned(figure.text, quote, figure.label, figure.unitless);
    if (!item.text.trim()) return;
    this.#free.push(item.text.trim());
    this.#sawField = true;
  }

  /** A figure no key claims: refused, naming it (and the key it was probably meant to have). */
  unassigned(figure: string, quote: string, label = '', unitless = false): void {
    const folded = fold(figure);
    this.#sawField = true;
    const suggestion = label ? nearKey(label) : null;
    if (suggestion) this.error('line', 'grammar.key.typo', quote, { key: label, suggestion });
    else if (unitless) this.error('line', 'grammar.figure.unassigned_number', quote, { figure });
    else this.error('line', folded.includes('%') ? 'grammar.figure.unassigned_percent' : 'grammar.figure.unassigned', quote, { figure });
  }

  /** Applies the items of one line. */
  apply(items: Item[], first: boolean): void {
    const pending = this.#pending;
    this.#pending = null;
    items.forEach((item, index) => {
      switch (item.kind) {
        case 'number':
          if (!item.value) {
            if (!this.#seen.has(item.target)) this.#pending = item.target;
            this.#current = null;
            return;
          }
          return this.assign(item.target, item.value, item.quote, item.unit, item.note);
        case 'text':
          return this.assign(item.target, item.value, item.quote);
        case 'week':
        case 'project':
        case 'confirm':
          return this.assign(item.kind, item.value, item.quote);
        case 'figure':
          if (index === 0 && pending) return this.assign(pending, item.value, item.quote, undefined, item.note);
          this.#current = null;
          if (item.unit === 'percent') this.#barePercents.push(item);
          else this.unassigned(item.value, item.quote);
          return;
        case 'typo':
          this.error('line', 'grammar.key.typo', item.quote, { key: item.label, suggestion: item.suggestion });
          return;
        case 'words': {
          if (first && index === 0) {
            const { token, rest } = splitFirstToken(item.text);
            this.assign('project', token, token);
            // Figures in the project ref itself are still refused ("城东院区80%"); a code is not.
            const figures = item.figures.filter((f) => !(f.unitless && f.at < token.length));
            return this.freeText({ ...item, text: rest, figures }, item.text);
          }
          return this.freeText(item);
        }
      }
    });
  }

  finish(): ParseResult {
    // A single bare percentage is 形象进度; with a keyed 形象进度, or several, none is guessed.
    const keyedProgress = this.#seen.has('progress');
    if (this.#barePercents.length === 1 && !keyedProgress) {
      const [only] = this.#barePercents;
      if (only) this.assign('progress', only.value, only.quote, undefined, only.note);
    } else for (const figure of this.#barePercents) this.unassigned(figure.value, figure.quote);

    if (this.#free.length > 0) this.#text.set('done', [...(this.#text.get('done') ?? []), this.#free.join(' ')]);
    for (const [field, lines] of this.#text) {
      const kept = lines.filter(Boolean);
      if (field === 'problems') {
        if (kept.length > 0) this.submission.problems = kept.length === 1 && isNone(kept[0] ?? '') ? [] : splitItems(kept).filter((p) => !isNone(p));
        else this.submission.problems = [];
        continue;
      }
      const text = kept.join('\n').trim();
      if (text) this.submission[field] = text;
    }
    // A refused percentage, bare number or mistyped key probably was the 形象进度: say that once, not twice.
    const figureErrors = this.errors.some((e) => ['grammar.figure.unassigned_percent', 'grammar.figure.unassigned_number', 'grammar.key.typo'].includes(e.key));
    if (this.errors.length === 0 && !this.#sawField) this.error('body', 'grammar.no_fields', '');
    else if (this.submission.progress === undefined && !figureErrors && !this.errors.some((e) => e.field === 'progress') && this.#sawField) {
      this.error('progress', 'grammar.progress.required', '');
    }
    return this.errors.length === 0 ? { ok: true, submission: this.submission } : { ok: false, errors: this.errors, partial: this.submission };
  }
}

/** "城东院区：45% 累计3200万": a project named before a colon on the first line. */
const PROJECT_LABEL = /^\s*([^\s:：,，;；、。()（）【】[\]]{1,30}?)\s*[:：]\s*(?=\S)/u;

/** Reads the first line: the project ref (a first word, or a label before a colon), then fields. */
function readFirstLine(reader: Reader, line: string): void {
  const items = scanLine(line);
  const label = PROJECT_LABEL.exec(line);
  const name = label?.[1] ?? '';
  if (label && items[0]?.kind === 'words' && !nearKey(name) && !parseWeekValue(name).ok) {
    reader.assign('project', name, name);
    return reader.apply(scanLine(line, label[0].length), false);
  }
  reader.apply(items, true);
}

/** Reads a line after the first: a field line, or text that continues the current field. */
function readLine(reader: Reader, line: string): void {
  if (startsWithField(line)) return reader.apply(scanLine(line), false);
  if (!reader.current) return reader.continueText(line);
  // The text runs on until a key written with a colon ("…；存在问题：无").
  const cut = textEnd(fold(line), 0);
  reader.continueText(line.slice(0, cut).replace(/[\s,，;；、]+$/u, ''));
  if (cut < line.length) reader.apply(scanLine(line, cut), false);
}

/** Reads a report body (the message without its command word). Never throws. */
export function parseSubmission(body: string): ParseResult {
  const reader = new Reader();
  try {
    if (body.length > MAX_BODY_LENGTH) {
      reader.error('body', 'grammar.too_long', body.slice(0, 80), { max: MAX_BODY_LENGTH });
      return { ok: false, errors: reader.errors, partial: reader.submission };
    }
    const lines = body.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replaceAll(String.fromCharCode(0), '').split('\n');
    if (lines.every((l) => !l.trim())) {
      reader.error('body', 'grammar.empty', '');
      return { ok: false, errors: reader.errors, partial: reader.submission };
    }
    let first = true;
    for (const line of lines) {
      if (!line.trim()) continue;
      if (CONFIRM_LINE.test(line)) {
        reader.submission.confirmed = true;
        continue;
      }
      if (first) readFirstLine(reader, line);
      else readLine(reader, line);
      first = false;
    }
    return reader.finish();
  } catch {
    // A bug here must never lose the message: the sender gets the template and their text back.
    return { ok: false, errors: [{ field: 'body', key: 'grammar.unreadable', params: {}, quote: '' }], partial: { confirmed: false } };
  }
}

/** The catalog key of a field's label. */
export function fieldLabelKey(field: ReportField | 'week' | 'reason'): `grammar.field.${string}` {
  return `grammar.field.${field}`;
}

/** The catalog key of a correct line to copy for a field, if the field has one. */
export function exampleKey(field: GrammarErrorField): `grammar.example.${string}` | undefined {
  return field === 'line' || field === 'body' || field === 'project' ? undefined : `grammar.example.${field}`;
}
