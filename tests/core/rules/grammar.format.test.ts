// The canonical writer: what formatSubmission writes, the grammar reads back to the same fields.
import { describe, expect, it } from 'vitest';
import { FEN_PER_WAN } from '../../../src/core/rules/money.ts';
import { formatSubmission, parseSubmission, type ParsedSubmission, type ReportField, type WeekRef } from '../../../src/core/rules/submission/index.ts';
import { prng } from '../../support/prng.ts';

const WAN = FEN_PER_WAN;

function read(text: string): ParsedSubmission {
  const result = parseSubmission(text);
  if (!result.ok) throw new Error(`refused ${JSON.stringify(text)}: ${JSON.stringify(result.errors)}`);
  return result.submission;
}

describe('formatSubmission', () => {
  it('writes the multi-line report format', () => {
    const text = formatSubmission({
      projectRef: '城东院区',
      week: { kind: 'iso', year: 2026, week: 7 },
      progress: 45.5,
      investedThisWeek: 1_205_000n * 100n,
      cumulative: 3200n * WAN + 1n,
      done: '主体结构第三层浇筑完成\n砌体完成60%',
      problems: ['施工用电增容未批', '雨季影响土方外运'],
      nextPlan: '第四层钢筋绑扎',
      help: '请协调供电公司',
      reason: '负责人出差',
      notes: [{ field: 'cumulative', text: '含设备预付款' }],
      confirmed: true,
    });
    expect(text).toBe(
      [
        '城东院区',
        '周次: 2026-W07',
        '形象进度: 45.5%',
        '本周完成投资: 120.5万',
        '累计完成投资: 3200.000001万（含设备预付款）',
        '本周进展: 主体结构第三层浇筑完成',
        '砌体完成60%',
        '存在问题: 1. 施工用电增容未批 2. 雨季影响土方外运',
        '下周计划: 第四层钢筋绑扎',
        '需协调事项: 请协调供电公司',
        '原因: 负责人出差',
        '确认',
      ].join('\n'),
    );
  });

  it('writes English keys, "none" for no problems, and takes the project from the options', () => {
    const text = formatSubmission({ projectRef: 'x', progress: 0, cumulative: 0n, problems: [], week: { kind: 'last' }, confirmed: false }, { locale: 'en', projectRef: '12' });
    expect(text).toBe('12\nweek: last\nprogress: 0%\ncumulative: 0\nproblems: none');
    expect(read(text)).toEqual({ projectRef: '12', week: { kind: 'last' }, progress: 0, cumulative: 0n, problems: [], confirmed: false });
  });

  it('writes a project ref that would not read back alone as a 项目 line', () => {
    for (const ref of ['县医院 城东院区', '形象进度', '80万', '上周', '二期：综合楼']) {
      const text = formatSubmission({ projectRef: ref, progress: 10, confirmed: false });
      expect(text.startsWith('项目: '), text).toBe(true);
      expect(read(text).projectRef).toBe(ref);
    }
  });

  it('keeps text as text: keys inside it never start another field', () => {
    const s: ParsedSubmission = { progress: 45, done: '基础完成；存在问题：无\n形象进度 35%\n【下周计划】验收', nextPlan: '验收', confirmed: false };
    const back = read(formatSubmission(s));
    expect(back.progress).toBe(45);
    expect(back.problems).toBeUndefined();
    expect(back.nextPlan).toBe('验收');
    expect(back.done).toContain('基础完成；存在问题∶无');
    expect(back.done).toContain('形象进度 35%');
  });
});

// ---------------------------------------------------------------------------------------------
// Random submissions, written and read back.

const REFS = ['1', '5', '12', 'A03', '城东院区', '县中医院综合楼', '浔中镇卫生院', '县医院 城东院区', '中医院二期'];
const TEXT = [
  '主体结构第三层浇筑完成', '砌体完成60%', '完成投资120万元', '第二行：含冒号', '1、基础验收', '进入“四层”施工', 'slab poured',
  '钢筋绑扎', '外墙涂料3.4万平方米', '设备招标完成（DR 3台）', '与监理沟通，计划下周进场', '11月16日完成封顶', 'ＡＢＣ段（全角）', '<b>&</b>',
  '完成进度款拨付800万元', '雨季停工3天', '约50%的砌体', '问题不大', '本周完成主体封顶',
];
const PROBLEMS = ['施工用电增容未批', '资金未到位', '雨季影响土方外运', '需要3.5米宽消防通道', '进度滞后约10%', '资金缺口500万元', 'power upgrade pending'];
const NOTES = ['含设备预付款', '占年度计划32%', '其中设备款30万元', 'estimate'];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T;
}

function text(next: () => number): string {
  const lines = 1 + Math.floor(next() * 3);
  return Array.from({ length: lines }, () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(next, TEXT)).join('，')).join('\n');
}

function amount(next: () => number): bigint {
  const scale = pick(next, [1n, 100n, 10_000n, WAN]);
  return BigInt(Math.floor(next() * 1e8)) * scale;
}

function week(next: () => number): WeekRef {
  const w = 1 + Math.floor(next() * 53);
  return pick(next, [{ kind: 'iso', year: 2026, week: w }, { kind: 'number', week: w }, { kind: 'last' }, { kind: 'this' }] as WeekRef[]);
}

function randomSubmission(next: () => number): ParsedSubmission {
  const s: ParsedSubmission = { confirmed: next() < 0.3 };
  const maybe = (p: number) => next() < p;
  if (maybe(0.8)) s.projectRef = pick(next, REFS);
  if (maybe(0.3)) s.week = week(next);
  s.progress = Math.round(next() * 10000) / 100;
  if (maybe(0.6)) s.investedThisWeek = amount(next);
  if (maybe(0.7)) s.cumulative = amount(next);
  if (maybe(0.7)) s.done = text(next);
  if (maybe(0.6)) s.problems = maybe(0.3) ? [] : Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(next, PROBLEMS));
  if (maybe(0.5)) s.nextPlan = text(next);
  if (maybe(0.3)) s.help = text(next);
  if (maybe(0.2)) s.reason = pick(next, ['负责人出差', '系统故障', 'travel']);
  const notes: { field: ReportField; text: string }[] = [];
  for (const field of ['progress', 'investedThisWeek', 'cumulative'] as const) {
    if (s[field] !== undefined && maybe(0.2)) notes.push({ field, text: pick(next, NOTES) });
  }
  if (notes.length) s.notes = notes;
  return s;
}

describe('formatSubmission, then parseSubmission', () => {
  it('gives back the same fields for 3,000 random submissions in both languages', () => {
    const next = prng(46_2026);
    for (let i = 0; i < 3000; i++) {
      const s = randomSubmission(next);
      const locale = next() < 0.5 ? 'zh-CN' : 'en';
      const written = formatSubmission(s, { locale });
      const result = parseSubmission(written);
      if (!result.ok) throw new Error(`seed case ${i} refused:\n${written}\n${JSON.stringify(result.errors)}`);
      expect(result.submission, written).toEqual(s);
    }
  });
});
