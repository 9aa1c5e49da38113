// Reads a weekly report as people type it on a phone. Never throws: any input gives either a
// submission or errors that name the field, say what is wrong and quote what was typed.
import { parseAmount, type AmountErrorCode } from '../money.ts';
import { readKey, type KeyTarget, type KeyUnit } from './keys.ts';
import { tokenizeLine } from './one-line.ts';
import type { GrammarError, GrammarErrorField, ParseResult, ParsedSubmission, ReportField } from './types.ts';
import { isNone, parsePercent, parseWeekValue, splitItems } from './values.ts';

/** Longer bodies are refused: nobody types a weekly report this long on a phone. */
export const MAX_BODY_LENGTH = 8000;

const KEY_LINE = /^\s*([^:：\n]{1,24}?)\s*[:：][ \t\u3000]*(.*)$/;
const CONFIRM_LINE = /^\s*(确认|確認|confirm|confirmed)\s*[。.!！]?\s*$/i;
const YES = /^(是|对|确认|yes|y|true|ok)$/i;

const AMOUNT_KEYS: Record<AmountErrorCode, `grammar.${string}`> = {
  invalid: 'grammar.amount.invalid',
  negative: 'grammar.amount.negative',
  too_large: 'grammar.amount.too_large',
  too_precise: 'grammar.amount.too_precise',
};

type TextTarget = 'done' | 'nextPlan' | 'help' | 'reason' | 'problems';

class Reader {
  readonly submission: ParsedSubmission = { confirmed: false };
  readonly errors: GrammarError[] = [];
  readonly #seen = new Set<KeyTarget>();
  readonly #text = new Map<TextTarget, string[]>();
  /** The text field that keyless lines continue, or null after a number (a stray line is an error). */
  #current: TextTarget | null = null;
  #sawField = false;

  error(field: GrammarErrorField, key: `grammar.${string}`, quote: string, params: Record<string, string | number> = {}): void {
    this.errors.push({ field, key, params, quote: quote.trim().slice(0, 300) });
  }

  /** Assigns a keyed value. `raw` is the whole line or token, quoted back on errors. */
  assign(target: KeyTarget, value: string, raw: string, unit?: KeyUnit): void {
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
        if (percent.ok) this.submission.progress = percent.value;
        else this.error('progress', percent.key, raw);
        return;
      }
      case 'investedThisWeek':
      case 'cumulative': {
        if (!trimmed) return;
        this.#sawField = true;
        const text = unit === 'yi' && /\d$/.test(trimmed) ? `${trimmed}亿` : trimmed;
        const amount = parseAmount(text, unit === 'yuan' ? 'yuan' : 'wan');
        if (amount.ok) this.submission[target] = amount.fen;
        else this.error(target, AMOUNT_KEYS[amount.code], raw);
        return;
      }
      case 'week': {
        const week = parseWeekValue(trimmed);
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
      this.#text.get(this.#current)?.push(line.trim());
      return;
    }
    this.error('line', this.#sawField ? 'grammar.stray_line' : 'grammar.unknown_line', line);
  }

  /** Free words of the one-line form: what was done this week. */
  freeText(words: string): void {
    if (!words.trim()) return;
    if (this.#text.has('done')) this.#text.get('done')?.push(words.trim());
    else this.#text.set('done', [words.trim()]);
    this.#sawField = true;
  }

  finish(): ParseResult {
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
    if (this.errors.length === 0 && !this.#sawField) this.error('body', 'grammar.no_fields', '');
    else if (this.submission.progress === undefined && !this.errors.some((e) => e.field === 'progress') && this.#sawField) {
      this.error('progress', 'grammar.progress.required', '');
    }
    return this.errors.length === 0 ? { ok: true, submission: this.submission } : { ok: false, errors: this.errors, partial: this.submission };
  }
}

/** Reads the first line: a key line, or the project and one-line tokens. */
function readFirstLine(reader: Reader, line: string): void {
  const keyed = KEY_LINE.exec(line);
  const key = keyed ? readKey(keyed[1] ?? '', keyed[2] ?? '') : null;
  if (keyed && key) {
    reader.assign(key.target, keyed[2] ?? '', line, key.unit);
    return;
  }
  const tokens = tokenizeLine(line);
  const free: string[] = [];
  tokens.forEach((token, index) => {
    if (token.kind === 'confirm') reader.submission.confirmed = true;
    else if (token.kind === 'word') {
      if (index === 0) reader.assign('project', token.raw, token.raw);
      else free.push(token.raw);
    } else {
      if (free.length) reader.freeText(free.splice(0).join(' '));
      reader.assign(token.target, token.value, token.raw, token.kind === 'field' ? token.unit : undefined);
    }
  });
  reader.freeText(free.join(' '));
}

/** Reads a report body (the message without its command word). Never throws. */
export function parseSubmission(body: string): ParseResult {
  const reader = new Reader();
  try {
    if (body.length > MAX_BODY_LENGTH) {
      reader.error('body', 'grammar.too_long', body.slice(0, 80), { max: MAX_BODY_LENGTH });
      return { ok: false, errors: reader.errors, partial: reader.submission };
    }
    const lines = body.replace(/\r\n?/g, '\n').replaceAll(String.fromCharCode(0), '').split('\n');
    if (lines.every((l) => !l.trim())) {
      reader.error('body', 'grammar.empty', '');
      return { ok: false, errors: reader.errors, partial: reader.submission };
    }
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      if (CONFIRM_LINE.test(line)) {
        reader.submission.confirmed = true;
        return;
      }
      if (index === 0) return readFirstLine(reader, line);
      const keyed = KEY_LINE.exec(line);
      const key = keyed ? readKey(keyed[1] ?? '', keyed[2] ?? '') : null;
      if (keyed && key) reader.assign(key.target, keyed[2] ?? '', line, key.unit);
      else reader.continueText(line);
    });
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
