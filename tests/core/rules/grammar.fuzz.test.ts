// 10,000+ random and adversarial inputs: the parser never throws and always answers with a
// submission or with errors the catalog can explain.
import { describe, expect, it } from 'vitest';
import { catalogTables } from '../../../src/core/messages/catalog/index.ts';
import { formatSubmission, parseSubmission, type ParseResult } from '../../../src/core/rules/submission/index.ts';
import { prng } from '../../support/prng.ts';

const PIECES = [
  '形象进度', '进度', '本周完成投资', '累计完成投资', '本周', '累计', '存在问题', '问题', '下周计划', '需协调事项', '周次', '原因', '确认',
  'progress', 'invested', 'cumulative', 'week', 'reason', 'confirm', ':', '：', '%', '％', '万', '万元', '亿', '元', ',', '，', '.', '．',
  '1.', '2、', '（3）', '①', '无', 'none', '上周', '2026-W46', '第53周', '-', '−', '¥', '\n', '\n', '\n', ' ', ' ', '\t', '\r\n', '\\',
  "'; DROP TABLE \"Report\"; --", '<script>alert(1)</script>', '**粗体**', '`code`', '${process.exit()}', '{{7*7}}', '\u0000', '\u200b', '\u202e',
  '\ud800', '\udfff', '👍🏽', '🏗️', 'é', 'ﬁ', '𠀀', 'ｱ', '１２３', '９９９９９９９９９９９９９９９９９９９９', '1e309', 'NaN', 'Infinity', '-0', '0x10',
  '99999999999999999999999999999999', '0.0000001', '100.001', '45', '3200', '120', '城东院区', '县中医院综合楼', '#1', '@bot', '/report',
  '一、', '（二）', '(3)', '1）', '②', '【本周进展】', '【形象进度】', '[', '】', '（', '）', '(', ')', '约', '近', '左右', '亿元', '；', ';', '、', '。',
  '形像进度', '累计完成头资', '3200万元（占年度计划32%）', '（含设备预付款）', '-120万', '80万', '45%', '本周-120万', '３，２００万元', '1,200,000元',
];

/** Inputs built to be slow: long runs of what the scanner looks at, nested brackets, many separators. */
const PATHOLOGICAL = [
  '9'.repeat(8000), '%'.repeat(8000), '％'.repeat(8000), '('.repeat(8000), ')'.repeat(8000), '（'.repeat(4000) + '）'.repeat(4000),
  '1 ' + '(('.repeat(2000) + '45%' + '))'.repeat(1995), '1 45%' + '（注'.repeat(2600), '，'.repeat(8000), ' ,;、。'.repeat(1600),
  '1 ' + '45% '.repeat(1999), '1 ' + '80万 '.repeat(1999), '1 ' + '本周'.repeat(3999), '形象进度'.repeat(2000), '形象进度：'.repeat(1600),
  '1 ' + '1,'.repeat(3999), '1 ' + '1.'.repeat(3999), '1 ' + '1 '.repeat(3999), '1\n本周进展：' + '；x'.repeat(3990), '1\n本周进展：' + '；形象进度'.repeat(790),
  '1 ' + '约'.repeat(7990) + '5%', '1 ' + '¥'.repeat(7990) + '5万', '1 形象进度' + ' '.repeat(7980) + '45%', '1\n存在问题：' + '1、'.repeat(3990),
  '1 ' + '一、'.repeat(3990), '1 ' + '【'.repeat(3990), '1 ' + '【本周进展】'.repeat(1300), '1 ' + 'a'.repeat(7990), '1 ' + '形像进度：'.repeat(1590),
  '1 45% ' + '主体完成80%'.repeat(1000), '\n'.repeat(8000), '1\n' + '45%\n'.repeat(2600), '1\n' + '形象进度\n'.repeat(1500),
];

/** A submission as text, with the writer's escapes undone: ∶ for a colon, 〖〗 for 【】. */
function unescaped(s: object): string {
  const sorted = (v: unknown): unknown =>
    typeof v === 'bigint' ? `${v}n` : v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v;
  return JSON.stringify(s, (_k, v: unknown) => sorted(v))
    .replace(/[:：∶]/g, ':')
    .replace(/[〖[]/g, '【')
    .replace(/[〗\]]/g, '】');
}

/**
 * A second and third timing, only for a parse that took 50 ms or more: on a shared machine one run
 * can be stalled by a GC pause or another process; a truly slow input is slow every time.
 */
function ms50(input: string): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    parseSubmission(input);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function randomUnicode(next: () => number): string {
  const ranges = [[0x20, 0x7e], [0x4e00, 0x9fff], [0x3000, 0x303f], [0xff00, 0xffef], [0x1f300, 0x1f6ff], [0x0300, 0x036f], [0x0590, 0x06ff], [0, 0x1f]];
  const [lo = 0x20, hi = 0x7e] = ranges[Math.floor(next() * ranges.length)] ?? [];
  return String.fromCodePoint(lo + Math.floor(next() * (hi - lo + 1)));
}

function generate(next: () => number): string {
  const mode = next();
  const length = Math.floor(next() * 40);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (mode < 0.5) out += PIECES[Math.floor(next() * PIECES.length)];
    else if (mode < 0.8) out += next() < 0.5 ? PIECES[Math.floor(next() * PIECES.length)] : randomUnicode(next);
    else out += randomUnicode(next);
  }
  return out;
}

function mutate(valid: string, next: () => number): string {
  const chars = [...valid];
  const edits = 1 + Math.floor(next() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (chars.length + 1));
    const choice = next();
    if (choice < 0.33) chars.splice(at, 1);
    else if (choice < 0.66) chars.splice(at, 0, PIECES[Math.floor(next() * PIECES.length)] ?? '');
    else chars.splice(at, 0, randomUnicode(next));
  }
  return chars.join('');
}

const VALID = [
  '城东院区\n形象进度：45%\n本周完成投资: 120万\n累计完成投资：3200万元\n本周进展：封顶\n存在问题：1. 用电 2. 资金\n下周计划：验收',
  '城东院区 45% 本周120万 累计3200万 主体结构封顶',
  '1\nprogress: 45%\ncumulative: 3200\nproblems: none',
];

describe('the grammar under fuzzing', () => {
  it('never throws and always answers with a submission or explained errors', () => {
    const next = prng(20261122);
    const inputs: string[] = [];
    for (let i = 0; i < 6000; i++) inputs.push(generate(next));
    for (let i = 0; i < 4000; i++) inputs.push(mutate(VALID[i % VALID.length] ?? '', next));
    inputs.push('', ' ', '\n'.repeat(10_000), '形象进度:'.repeat(3000), '1 '.repeat(4000), '9'.repeat(100_000), `${'('.repeat(5000)}1%`, '1\n' + '问题: x\n'.repeat(2000));
    inputs.push(...PATHOLOGICAL);
    expect(inputs.length).toBeGreaterThanOrEqual(10_000);

    const tables = catalogTables();
    let accepted = 0;
    let slowest = { ms: 0, input: '' };
    for (const input of inputs) {
      let result: ParseResult;
      const started = performance.now();
      try {
        result = parseSubmission(input);
      } catch (error) {
        throw new Error(`threw on ${JSON.stringify(input)}: ${String(error)}`);
      }
      const first = performance.now() - started;
      const ms = first < 50 ? first : Math.min(first, ms50(input));
      if (ms > slowest.ms) slowest = { ms, input };
      if (result.ok) {
        accepted += 1;
        const s = result.submission;
        if (s.progress !== undefined) expect(s.progress >= 0 && s.progress <= 100 && Number.isFinite(s.progress), JSON.stringify(input)).toBe(true);
        for (const amount of [s.investedThisWeek, s.cumulative]) if (amount !== undefined) expect(amount >= 0n, JSON.stringify(input)).toBe(true);
        // What was accepted, written out canonically, reads back the same.
        // (Up to the escaping of keys inside text: "存在问题：" in 本周进展 is written "存在问题∶".)
        const back = parseSubmission(formatSubmission(s));
        expect(back.ok, JSON.stringify(input)).toBe(true);
        if (back.ok) expect(unescaped(back.submission), JSON.stringify(input)).toBe(unescaped(s));
      } else {
        expect(result.errors.length, JSON.stringify(input)).toBeGreaterThan(0);
        for (const error of result.errors) {
          for (const locale of ['zh-CN', 'en'] as const) expect(tables[locale][error.key], `${locale} ${error.key}`).toBeTypeOf('string');
        }
      }
    }
    // The mutated valid reports must not all be refused: the fuzzer exercises both paths.
    expect(accepted).toBeGreaterThan(100);
    expect(slowest.ms, `slowest input: ${JSON.stringify(slowest.input.slice(0, 80))}…`).toBeLessThan(50);
  });

  it('reads every pathological input in under 50 ms, even the first time', () => {
    for (const input of PATHOLOGICAL) {
      const started = performance.now();
      parseSubmission(input);
      const first = performance.now() - started;
      const ms = first < 50 ? first : Math.min(first, ms50(input));
      expect(ms, JSON.stringify(input.slice(0, 60))).toBeLessThan(50);
    }
  });
});
