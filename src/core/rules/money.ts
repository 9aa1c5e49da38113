// Money in 万元 as people write it, stored exactly as a count of 分 (0.01 元). Never a float.

/** A count of 分 (fen): 1 元 = 100 分, 1 万元 = 1,000,000 分. */
export type Fen = bigint;

export const FEN_PER_YUAN = 100n;
export const FEN_PER_WAN = 1_000_000n;
export const FEN_PER_YI = 10_000_000_000n;

/** Amounts above this (10^12 元) are refused as typos. */
const MAX_FEN = 1_000_000_000_000n * FEN_PER_YUAN;

export type AmountErrorCode = 'invalid' | 'negative' | 'too_large' | 'too_precise';
export type AmountResult = { ok: true; fen: Fen } | { ok: false; code: AmountErrorCode };

const UNIT_FEN: Record<string, bigint> = {
  元: FEN_PER_YUAN,
  yuan: FEN_PER_YUAN,
  万: FEN_PER_WAN,
  万元: FEN_PER_WAN,
  w: FEN_PER_WAN,
  wan: FEN_PER_WAN,
  亿: FEN_PER_YI,
  亿元: FEN_PER_YI,
};

/** Full-width digits and punctuation to ASCII, and every kind of space removed. */
function fold(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200b\u3000]+/g, '');
}

/**
 * Reads an amount: "120", "120万", "1,200,000元", "1.5亿", "１２０．５万", "￥3 200 万".
 * Without a unit the amount is in `defaultUnit`. Exact decimal arithmetic; at most 1 分 precision.
 */
export function parseAmount(text: string, defaultUnit: 'wan' | 'yuan' = 'wan'): AmountResult {
  let value = fold(text).toLowerCase();
  if (value.length === 0 || value.length > 40) return { ok: false, code: 'invalid' };
  if (/^[-−]/.test(value)) return { ok: false, code: 'negative' };
  value = value.replace(/^[¥￥]/, '').replace(/^rmb/, '');
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?(万元|亿元|万|亿|元|yuan|wan|w)?$/.exec(value);
  if (!match || (match[1] === undefined && match[2] === undefined)) return { ok: false, code: 'invalid' };
  const whole = (match[1] ?? '0').replace(/,/g, '');
  const fraction = match[2] ?? '';
  const unit = match[3] ? (UNIT_FEN[match[3]] ?? FEN_PER_WAN) : defaultUnit === 'wan' ? FEN_PER_WAN : FEN_PER_YUAN;
  // value = (whole.fraction) × unit; unit is a power of ten, so shift the decimal point exactly.
  const unitDigits = unit.toString().length - 1;
  if (fraction.replace(/0+$/, '').length > unitDigits) return { ok: false, code: 'too_precise' };
  if (whole.length > 20) return { ok: false, code: 'too_large' };
  const fen = BigInt(whole) * unit + BigInt((fraction + '0'.repeat(unitDigits)).slice(0, unitDigits) || '0');
  if (fen > MAX_FEN) return { ok: false, code: 'too_large' };
  return { ok: true, fen };
}

/** The amount in 万元 as a plain decimal, trailing zeros trimmed: 3200, 1399.98, 0.5. */
export function formatWan(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = abs / FEN_PER_WAN;
  const fraction = (abs % FEN_PER_WAN).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * 万元 → 分 from a decimal string or an integer number ("1399.98", 28645).
 * @throws RangeError for anything that is not a finite decimal with at most 6 decimals.
 */
export function wanToFen(wan: string | number): Fen {
  if (typeof wan === 'number' && !Number.isInteger(wan)) throw new RangeError(`wanToFen takes integer numbers or decimal strings, got ${wan}`);
  const text = String(wan).trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal amount in 万元: "${text}"`);
  const fen = BigInt(match[2] ?? '0') * FEN_PER_WAN + BigInt(((match[3] ?? '') + '000000').slice(0, 6));
  return match[1] ? -fen : fen;
}

/**
 * part / whole as a number for percentages, or null when whole is 0. Amounts are capped far below
 * 2^53 分, so both convert to numbers exactly and the quotient is as exact as a float can be.
 */
export function ratio(part: Fen, whole: Fen): number | null {
  if (whole === 0n) return null;
  return Number(part) / Number(whole);
}
