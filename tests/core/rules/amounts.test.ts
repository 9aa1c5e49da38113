import { describe, expect, it } from 'vitest';
import { formatWan, parseAmount, ratio, wanToFen } from '../../../src/core/rules/money.ts';

const WAN = 1_000_000n;

describe('parseAmount', () => {
  it.each([
    ['120', 120n * WAN],
    ['120万', 120n * WAN],
    ['120万元', 120n * WAN],
    ['120w', 120n * WAN],
    ['1,200,000元', 120n * WAN],
    ['1，200，000 元', 120n * WAN],
    ['3 200 万', 3200n * WAN],
    ['１２０．５万', 1_205n * 100_000n],
    ['1.5亿', 15_000n * WAN],
    ['2亿元', 20_000n * WAN],
    ['1399.98', 1_399_980_000n],
    ['0.07万', 70_000n],
    ['0.01元', 1n],
    ['￥500元', 50_000n],
    ['.5万', 500_000n],
    ['0', 0n],
  ])('%s', (text, fen) => {
    expect(parseAmount(text)).toEqual({ ok: true, fen });
  });

  it('reads amounts without a unit in the default unit', () => {
    expect(parseAmount('5000000', 'yuan')).toEqual({ ok: true, fen: 500n * WAN });
  });

  it.each([
    ['', 'invalid'],
    ['abc', 'invalid'],
    ['12o万', 'invalid'],
    ['1,20,000', 'invalid'],
    ['1.2.3', 'invalid'],
    ['-5万', 'negative'],
    ['−5', 'negative'],
    ['0.001元', 'too_precise'],
    ['1.0000001万', 'too_precise'],
    ['99999999999999999999999', 'too_large'],
    ['20000亿', 'too_large'],
  ])('refuses %j as %s', (text, code) => {
    expect(parseAmount(text)).toEqual({ ok: false, code });
  });
});

describe('formatWan and friends', () => {
  it.each([
    [3_200_000_000n, '3200'],
    [1_399_980_000n, '1399.98'],
    [500_000n, '0.5'],
    [1n, '0.000001'],
    [0n, '0'],
    [-2_500_000n, '-2.5'],
  ])('%s fen is %s 万元', (fen, text) => {
    expect(formatWan(fen)).toBe(text);
  });

  it('adds exactly where floats would not', () => {
    const sum = [parseAmount('0.1万'), parseAmount('0.2万')].reduce((acc, r) => acc + (r.ok ? r.fen : 0n), 0n);
    expect(formatWan(sum)).toBe('0.3');
  });

  it('converts 万元 from strings and integers, refusing floats', () => {
    expect(wanToFen('1399.98')).toBe(1_399_980_000n);
    expect(wanToFen(28645)).toBe(28_645n * WAN);
    expect(() => wanToFen(0.1)).toThrow(RangeError);
    expect(() => wanToFen('1e3')).toThrow(RangeError);
  });

  it('gives ratios for percentages', () => {
    expect(ratio(3200n * WAN, 10_000n * WAN)).toBe(0.32);
    expect(ratio(1n, 0n)).toBeNull();
  });
});
