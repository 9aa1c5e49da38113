// 10,000+ random and adversarial inputs: the parser never throws and always answers with a
// submission or with errors the catalog can explain.
import { describe, expect, it } from 'vitest';
import { t, type MessageKey } from '../../../src/core/messages/catalog/index.ts';
import { parseSubmission } from '../../../src/core/rules/submission/index.ts';
import { prng } from '../../support/prng.ts';

const PIECES = [
  '形象进度', '进度', '本周完成投资', '累计完成投资', '本周', '累计', '存在问题', '问题', '下周计划', '需协调事项', '周次', '原因', '确认',
  'progress', 'invested', 'cumulative', 'week', 'reason', 'confirm', ':', '：', '%', '％', '万', '万元', '亿', '元', ',', '，', '.', '．',
  '1.', '2、', '（3）', '①', '无', 'none', '上周', '2026-W46', '第53周', '-', '−', '¥', '\n', '\n', '\n', ' ', ' ', '\t', '\r\n', '\\',
  "'; DROP TABLE \"Report\"; --", '<script>alert(1)</script>', '**粗体**', '`code`', '${process.exit()}', '{{7*7}}', '\u0000', '\u200b', '\u202e',
  '\ud800', '\udfff', '👍🏽', '🏗️', 'é', 'ﬁ', '𠀀', 'ｱ', '１２３', '９９９９９９９９９９９９９９９９９９９９', '1e309', 'NaN', 'Infinity', '-0', '0x10',
  '99999999999999999999999999999999', '0.0000001', '100.001', '45', '3200', '120', '城东院区', '县中医院综合楼', '#1', '@bot', '/report',
];

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
    expect(inputs.length).toBeGreaterThanOrEqual(10_000);

    let accepted = 0;
    for (const input of inputs) {
      let result;
      try {
        result = parseSubmission(input);
      } catch (error) {
        throw new Error(`threw on ${JSON.stringify(input)}: ${String(error)}`);
      }
      if (result.ok) {
        accepted += 1;
        const s = result.submission;
        if (s.progress !== undefined) expect(s.progress >= 0 && s.progress <= 100 && Number.isFinite(s.progress), JSON.stringify(input)).toBe(true);
        for (const amount of [s.investedThisWeek, s.cumulative]) if (amount !== undefined) expect(amount >= 0n, JSON.stringify(input)).toBe(true);
      } else {
        expect(result.errors.length, JSON.stringify(input)).toBeGreaterThan(0);
        for (const error of result.errors) expect(t('zh-CN', error.key as MessageKey), error.key).not.toBe(error.key);
      }
    }
    // The mutated valid reports must not all be refused: the fuzzer exercises both paths.
    expect(accepted).toBeGreaterThan(100);
  });
});
