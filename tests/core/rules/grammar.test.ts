// The submission grammar, table-driven, in both languages.
import { describe, expect, it } from 'vitest';
import { t, type MessageKey } from '../../../src/core/messages/catalog/index.ts';
import { exampleKey, fieldLabelKey, parseSubmission, type ParsedSubmission } from '../../../src/core/rules/submission/index.ts';

const WAN = 1_000_000n;

const accepted: [string, string, Partial<ParsedSubmission>][] = [
  [
    'multi-line, full-width colons',
    '城东院区\n形象进度：45%\n本周完成投资：120万\n累计完成投资：3200万元\n本周进展：主体结构第三层浇筑完成\n存在问题：无\n下周计划：第四层钢筋绑扎\n需协调事项：请协调供电公司',
    { projectRef: '城东院区', progress: 45, investedThisWeek: 120n * WAN, cumulative: 3200n * WAN, done: '主体结构第三层浇筑完成', problems: [], nextPlan: '第四层钢筋绑扎', help: '请协调供电公司' },
  ],
  ['multi-line, half-width colons and spaces', '1\n 进度 : 45 %\n累计投资 : 3 200 万', { projectRef: '1', progress: 45, cumulative: 3200n * WAN }],
  ['short keys', '1\n进度: 45\n本周: 120\n累计: 3200', { progress: 45, investedThisWeek: 120n * WAN, cumulative: 3200n * WAN }],
  ['本周 with words is what was done', '1\n进度: 45\n本周: 主体封顶', { progress: 45, done: '主体封顶' }],
  ['one line', '城东院区 45% 本周120万 累计3200万 主体结构封顶', { projectRef: '城东院区', progress: 45, investedThisWeek: 120n * WAN, cumulative: 3200n * WAN, done: '主体结构封顶' }],
  ['one line with full-width percent and digits', '1 ４５．５％ 累计３２００万', { progress: 45.5, cumulative: 3200n * WAN }],
  ['one line without project', '45% 累计3200万', { progress: 45, cumulative: 3200n * WAN }],
  ['one line, then key lines', '城东院区 45%\n本周进展: 封顶\n存在问题: 无', { projectRef: '城东院区', progress: 45, done: '封顶', problems: [] }],
  ['project omitted, keys only', '\n形象进度: 30%\n累计完成投资: 500万', { progress: 30, cumulative: 500n * WAN }],
  ['project as a key line', '项目: 县中医院综合楼\n形象进度: 20%', { projectRef: '县中医院综合楼', progress: 20 }],
  ['units in the key', '1\n形象进度(%): 45\n本周完成投资（元）: 1,200,000\n累计完成投资(亿元): 0.32', { progress: 45, investedThisWeek: 120n * WAN, cumulative: 3200n * WAN }],
  ['amount units', '1\n形象进度: 1%\n本周完成投资: 1,200,000元\n累计完成投资: 1.5亿', { investedThisWeek: 120n * WAN, cumulative: 15_000n * WAN }],
  ['numbered problems on one line', '1\n形象进度: 1%\n存在问题: 1. 用电未批 2、资金未到位 （3）雨季', { problems: ['用电未批', '资金未到位', '雨季'] }],
  ['problems on separate lines', '1\n形象进度: 1%\n存在问题:\n①用电未批\n②资金未到位', { problems: ['用电未批', '资金未到位'] }],
  ['problem continuing on the next line', '1\n形象进度: 1%\n问题: 用电未批\n资金未到位', { problems: ['用电未批', '资金未到位'] }],
  ['decimals are not numbering', '1\n形象进度: 1%\n问题: 需要3.5米宽消防通道', { problems: ['需要3.5米宽消防通道'] }],
  ['none in several spellings', '1\n形象进度: 1%\n存在问题: 暂无。', { problems: [] }],
  ['done continues over lines', '1\n形象进度: 1%\n本周进展: 第一行\n第二行：含冒号\n下周计划: 验收', { done: '第一行\n第二行：含冒号', nextPlan: '验收' }],
  ['week as ISO id', '1\n周次: 2026-W46\n形象进度: 1%', { week: { kind: 'iso', year: 2026, week: 46 } }],
  ['week in Chinese', '1\n周次: 2026年第46周\n形象进度: 1%', { week: { kind: 'iso', year: 2026, week: 46 } }],
  ['week number only', '1\n周次: 第46周\n形象进度: 1%', { week: { kind: 'number', week: 46 } }],
  ['last week', '1\n周次: 上周\n形象进度: 1%\n原因: 补录', { week: { kind: 'last' }, reason: '补录' }],
  ['last week in one line', '1 上周 40% 原因:出差', { week: { kind: 'last' }, progress: 40, reason: '出差' }],
  ['confirm line', '1\n形象进度: 35%\n确认', { confirmed: true }],
  ['confirm key', '1\n形象进度: 35%\n确认: 是', { confirmed: true }],
  ['English keys', '1\nprogress: 45%\ninvested: 120\ncumulative: 3,200\ndone: slab poured\nproblems: none\nnext: rebar\nhelp: power company', { progress: 45, investedThisWeek: 120n * WAN, cumulative: 3200n * WAN, done: 'slab poured', problems: [], nextPlan: 'rebar', help: 'power company' }],
  ['English one line', '1 45% invested:120 cumulative:3200 structure topped out', { progress: 45, investedThisWeek: 120n * WAN, cumulative: 3200n * WAN, done: 'structure topped out' }],
  ['English week and reason', '1\nweek: last\nprogress: 40\nreason: travel\nconfirm', { week: { kind: 'last' }, reason: 'travel', confirmed: true }],
  ['free text is kept as typed', '1 45% 完成ＡＢＣ段（全角）', { done: '完成ＡＢＣ段（全角）' }],
  ['Windows line endings', '1\r\n形象进度: 45%\r\n累计: 10', { progress: 45, cumulative: 10n * WAN }],
  ['progress 0 and 100', '1 0%', { progress: 0 }],
];

const rejected: [string, string, { field: string; key: string; quote: string }[]][] = [
  ['empty', '   \n ', [{ field: 'body', key: 'grammar.empty', quote: '' }]],
  ['project only', '城东院区', [{ field: 'body', key: 'grammar.no_fields', quote: '' }]],
  ['progress above 100', '1\n形象进度: 145%', [{ field: 'progress', key: 'grammar.percent.range', quote: '形象进度: 145%' }]],
  ['progress unreadable', '1\n形象进度: 一半', [{ field: 'progress', key: 'grammar.percent.invalid', quote: '形象进度: 一半' }]],
  ['progress missing', '1\n累计: 100', [{ field: 'progress', key: 'grammar.progress.required', quote: '' }]],
  ['amount with a typo in one line', '1 45% 本周12o万', [{ field: 'investedThisWeek', key: 'grammar.amount.invalid', quote: '本周12o万' }]],
  ['negative amount', '1\n形象进度: 1%\n累计完成投资: -5', [{ field: 'cumulative', key: 'grammar.amount.negative', quote: '累计完成投资: -5' }]],
  ['too precise', '1\n形象进度: 1%\n本周完成投资: 0.001元', [{ field: 'investedThisWeek', key: 'grammar.amount.too_precise', quote: '本周完成投资: 0.001元' }]],
  ['field twice', '1\n形象进度: 1%\n进度: 2%', [{ field: 'progress', key: 'grammar.duplicate', quote: '进度: 2%' }]],
  ['a line of no field before any field', '1\n今天开了会\n形象进度: 1%', [{ field: 'line', key: 'grammar.unknown_line', quote: '今天开了会' }]],
  ['a stray line after a number', '1\n形象进度: 1%\n今天开了会', [{ field: 'line', key: 'grammar.stray_line', quote: '今天开了会' }]],
  ['week out of range', '1\n周次: 2026-W54\n形象进度: 1%', [{ field: 'week', key: 'grammar.week.range', quote: '周次: 2026-W54' }]],
  ['week unreadable', '1\n周次: 下下周\n形象进度: 1%', [{ field: 'week', key: 'grammar.week.invalid', quote: '周次: 下下周' }]],
  ['too long', `1 45% ${'很长'.repeat(5000)}`, [{ field: 'body', key: 'grammar.too_long', quote: `1 45% ${'很长'.repeat(37)}` }]],
];

describe('the submission grammar', () => {
  it.each(accepted)('reads %s', (_name, body, expected) => {
    const result = parseSubmission(body);
    if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.errors)}`);
    expect(result.submission).toMatchObject(expected);
  });

  it.each(rejected)('rejects %s, naming the field and quoting the input', (_name, body, expected) => {
    const result = parseSubmission(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(({ field, key, quote }) => ({ field, key, quote }))).toEqual(expected);
  });

  it('leaves the project out when the first thing is a field', () => {
    for (const body of ['45% 累计3200万', '\n形象进度: 30%', '形象进度: 30%']) {
      const result = parseSubmission(body);
      expect(result.ok && result.submission.projectRef, body).toBeUndefined();
    }
  });

  it('keeps what did parse next to the errors', () => {
    const result = parseSubmission('1\n形象进度: 145%\n累计完成投资: 3200万\n本周进展: 封顶');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.partial).toMatchObject({ projectRef: '1', cumulative: 3200n * WAN, done: '封顶' });
  });

  it('explains every error in both languages, with a line to copy for every field', () => {
    const keys = new Set<string>();
    for (const [, body] of rejected) {
      const result = parseSubmission(body);
      if (!result.ok) for (const error of result.errors) {
        keys.add(error.key);
        const example = exampleKey(error.field);
        if (example) keys.add(example);
      }
    }
    for (const field of ['progress', 'investedThisWeek', 'cumulative', 'done', 'problems', 'nextPlan', 'help', 'week', 'reason'] as const) {
      keys.add(fieldLabelKey(field));
      keys.add(exampleKey(field) ?? '');
    }
    keys.add('grammar.template');
    for (const key of keys) {
      for (const locale of ['zh-CN', 'en'] as const) expect(t(locale, key as MessageKey), `${locale} ${key}`).not.toBe(key);
    }
  });

  it('reads its own examples and template', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const template = t(locale, 'grammar.template', { project: '1' }).replace(/^\/report /, '');
      const filled = template.replace(/: $/gm, ': x');
      expect(parseSubmission(filled).ok, `${locale} template`).toBe(true);
      for (const field of ['investedThisWeek', 'cumulative', 'done', 'problems', 'nextPlan', 'help'] as const) {
        const line = t(locale, exampleKey(field) as MessageKey).replace(/（.*$|\(or.*$/, '');
        expect(parseSubmission(`1\n${t(locale, 'grammar.example.progress')}\n${line}`).ok, `${locale} ${field}: ${line}`).toBe(true);
      }
    }
  });
});
