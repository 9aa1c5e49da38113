// The one-line form: "城东院区 45% 本周120万 累计3200万 主体结构封顶".
import { parseWeekValue, foldNumber } from './values.ts';
import { readKey, type KeyTarget } from './keys.ts';

/** A piece of the one-line form, classified. */
export type LineToken =
  | { kind: 'field'; target: KeyTarget; value: string; raw: string; unit?: 'wan' | 'yuan' | 'yi' | 'percent' }
  /** A text field's key: the rest of the line is its value. */
  | { kind: 'text-key'; target: KeyTarget; value: string; raw: string }
  | { kind: 'confirm'; raw: string }
  | { kind: 'word'; raw: string };

const DIGIT_START = /^[\d０-９.．¥￥]/;
const PERCENT = /^[\d０-９.．]+[%％]$/;
const PREFIXES: { pattern: RegExp; target: KeyTarget }[] = [
  { pattern: /^(?:形象进度|进度|progress)[:：]?/i, target: 'progress' },
  { pattern: /^(?:本周完成投资|本周投资|本周完成|本周|invested)[:：]?/i, target: 'investedThisWeek' },
  { pattern: /^(?:累计完成投资|累计投资|累计完成|累计|cumulative|total)[:：]?/i, target: 'cumulative' },
];
const TEXT_TARGETS: ReadonlySet<KeyTarget> = new Set(['done', 'problems', 'nextPlan', 'help', 'reason']);

/** Classifies one whitespace-separated token of the one-line form. */
export function classifyToken(raw: string): LineToken {
  const folded = foldNumber(raw);
  if (/^(确认|確認|confirm)$/i.test(folded)) return { kind: 'confirm', raw };
  if (PERCENT.test(raw)) return { kind: 'field', target: 'progress', value: raw, raw };
  for (const { pattern, target } of PREFIXES) {
    const match = pattern.exec(raw);
    if (!match) continue;
    const value = raw.slice(match[0].length);
    // "本周完成主体结构" is text; "本周120万" or "本周12o万" means a number was meant.
    if (value && DIGIT_START.test(value)) return { kind: 'field', target, value, raw };
  }
  const colon = /^([^:：]{1,12})[:：](.*)$/.exec(raw);
  if (colon) {
    const key = readKey(colon[1] ?? '');
    if (key && TEXT_TARGETS.has(key.target)) return { kind: 'text-key', target: key.target, value: colon[2] ?? '', raw };
    if (key && key.target !== 'confirm' && key.target !== 'project') return { kind: 'field', target: key.target, value: colon[2] ?? '', raw, ...(key.unit ? { unit: key.unit } : {}) };
  }
  if (parseWeekValue(raw).ok && /[周wW]|\d{4}-/.test(raw) && !/^(本周|这周|当周|this)$/i.test(folded)) return { kind: 'field', target: 'week', value: raw, raw };
  if (/^(上周|上一周)$/.test(folded)) return { kind: 'field', target: 'week', value: raw, raw };
  return { kind: 'word', raw };
}

/** Splits a line into tokens, keeping the rest of the line after a text key as its value. */
export function tokenizeLine(line: string): LineToken[] {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const tokens: LineToken[] = [];
  for (let i = 0; i < words.length; i++) {
    const token = classifyToken(words[i] ?? '');
    if (token.kind === 'text-key') {
      const rest = words.slice(i + 1).join(' ');
      tokens.push({ ...token, value: [token.value, rest].filter(Boolean).join(' '), raw: words.slice(i).join(' ') });
      break;
    }
    tokens.push(token);
  }
  return tokens;
}
