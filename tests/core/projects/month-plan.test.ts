// 分月计划 (issue #14, item 3): the list's optional 「1月计划」…「12月计划」 columns and /plan (/计划)
// store a project's monthly plan per year; its 序时进度 is then the plan to date (the current month
// pro rata) over the annual plan, else the org's rule. Both databases.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseChatCommand } from '../../../src/core/commands/command-table.ts';
import { buildGroupStandings } from '../../../src/core/digest/build-group-standings.ts';
import { expectedOver, loadWeekFigures } from '../../../src/core/digest/load-week-figures.ts';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { importProjects } from '../../../src/core/projects/import-projects.ts';
import { setMonthPlan } from '../../../src/core/projects/month-plans.ts';
import { parsePlanArgs, readPlanMonth } from '../../../src/core/projects/plan-command.ts';
import { renderImportSummary, renderRowError } from '../../../src/core/projects/render-import-summary.ts';
import { expectedShare, plannedShare } from '../../../src/core/rules/pace.ts';
import { parseWeekId, type IsoWeek } from '../../../src/core/rules/period.ts';
import { parseProjectTable, readHeader } from '../../../src/core/rules/project-list.ts';
import type { Db } from '../../../src/db/client.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildFixture, repliesText, type Fixture } from '../../schedule/fixtures.ts';

const WAN = 1_000_000n;
const zh = translator('zh-CN');
const ZONE = 'Asia/Shanghai';
const W47 = parseWeekId('2026-W47') as IsoWeek;
/** The last instant of 2026-W47 (Sunday 22 November) in Shanghai. */
const W47_END = new Date('2026-11-22T15:59:59.999Z');
const months = (wan: number[]): bigint[] => Array.from({ length: 12 }, (_, i) => BigInt(wan[i] ?? 0) * WAN);

const HEADER = ['序号', '项目名称', '总投资(万元)', '年度计划投资(万元)', '责任单位', '责任人', '10月计划', '11月计划投资(万元)', '12月计划'];

describe('month plan columns', () => {
  it('recognises 「N月计划」 headers in their usual spellings, with their unit', () => {
    expect(readHeader('1月计划')).toMatchObject({ id: 'month1', scale: 'wan' });
    expect(readHeader('1月计划投资(万元)')).toMatchObject({ id: 'month1', scale: 'wan' });
    expect(readHeader('12月份计划完成投资（元）')).toMatchObject({ id: 'month12', scale: 'yuan' });
    expect(readHeader('三月计划')).toMatchObject({ id: 'month3' });
    expect(readHeader('2026年5月计划投资')).toMatchObject({ id: 'month5' });
    expect(readHeader('13月计划')).toBeNull();
    // The annual plan's headers are untouched.
    expect(readHeader('2026年计划投资')).toMatchObject({ id: 'plan' });
    expect(readHeader('年度计划投资(万元)')).toMatchObject({ id: 'plan' });
  });

  it('reads the months of a row (a blank month is 0), and none when the row leaves them blank', () => {
    const parsed = parseProjectTable([HEADER, ['1', '甲', '1000', '500', '单位A', '张三', '100', '150.5', ''], ['2', '乙', '1000', '500', '单位A', '张三', '', '', '']]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]?.monthPlan).toEqual(months([0, 0, 0, 0, 0, 0, 0, 0, 0, 100]).map((fen, i) => (i === 10 ? 150_500_000n : fen)));
    expect(parsed.rows[1]?.monthPlan).toBeNull();
  });

  it('refuses an unreadable month by row and column, and months adding up to more than the annual plan', () => {
    const parsed = parseProjectTable([HEADER, ['1', '甲', '1000', '500', '单位A', '张三', '一百', '', ''], ['2', '乙', '1000', '500', '单位A', '张三', '300', '300', '']]);
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors.map((e) => renderRowError(zh, e))).toEqual([
      '第 2 行「10月计划」：金额「一百」看不懂（默认单位万元，可写 120、1,200,000元、1.2亿）。',
      '第 3 行「11月计划投资(万元)」：各月计划合计 600万元，大于年度计划投资 500万元。',
    ]);
  });
});

describe('the monthly plan pace rule', () => {
  it('weights the projects’ 序时进度 by annual plan for a unit or the whole; exact without monthly plans', () => {
    const project = (plan: number) => ({ annualPlan: BigInt(plan) * WAN }) as never;
    expect(expectedOver([{ project: project(100), expected: 0.2 }, { project: project(300), expected: 0.6 }], 0.9)).toBeCloseTo(0.5, 9);
    expect(expectedOver([{ project: project(100), expected: 0.9 }, { project: project(300), expected: 0.9 }], 0.9)).toBe(0.9);
    expect(expectedOver([{ project: project(0), expected: 0.2 }], 0.9)).toBe(0.9);
  });

  it('is the plan to date, the current month pro rata, over the annual plan', () => {
    const plan = months([0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 100, 300]);
    // End of W47: 22 of November's 30 days elapsed: (100 + 100 × 22/30) / 500.
    expect(plannedShare(W47_END, ZONE, plan, 500n * WAN)).toBeCloseTo((100 + (100 * 22) / 30) / 500, 6);
    expect(plannedShare(new Date('2026-10-01T00:00:00+08:00'), ZONE, plan, 500n * WAN)).toBe(0);
    expect(plannedShare(new Date('2026-12-31T23:59:59.999+08:00'), ZONE, plan, 500n * WAN)).toBeCloseTo(1, 6);
    expect(plannedShare(W47_END, ZONE, plan, 0n)).toBeNull();
  });

  it('reads /plan’s arguments from the end, so a project name may hold spaces', () => {
    expect(readPlanMonth('3月')).toEqual({ year: null, month: 3 });
    expect(readPlanMonth('2027年3月')).toEqual({ year: 2027, month: 3 });
    expect(readPlanMonth('2027-03')).toEqual({ year: 2027, month: 3 });
    expect(readPlanMonth('十二月')).toEqual({ year: null, month: 12 });
    expect(readPlanMonth('13')).toBeNull();
    expect(parsePlanArgs('县中医院 综合楼 11月 500万')).toEqual({ kind: 'set', ref: '县中医院 综合楼', year: null, month: 11, fen: 500n * WAN });
    expect(parsePlanArgs('2 11月 五百')).toEqual({ kind: 'bad_amount', text: '五百', reason: 'invalid' });
    expect(parsePlanArgs('2 第十一 500')).toEqual({ kind: 'bad_month', text: '第十一' });
    expect(parsePlanArgs('2')).toEqual({ kind: 'view', ref: '2' });
    expect(parsePlanArgs('')).toEqual({ kind: 'usage' });
    expect(parseChatCommand('/计划 2 11月 500')).toEqual({ name: 'plan', args: '2 11月 500' });
    expect(parseChatCommand('计划下周完成主体')).toBeNull();
  });
});

describeEachProvider('monthly plans', (provider) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const now = new Date('2026-11-16T02:00:00Z');
  async function importTable(db: Db, table: string[][]) {
    const parsed = parseProjectTable(table);
    const summary = await importProjects(db, { orgName: '某县卫健局', rows: parsed.rows, errors: parsed.errors, warnings: parsed.warnings, dryRun: false, actorId: null, now });
    return { summary, text: renderImportSummary(zh, summary).join('\n') };
  }

  it('imports the month columns per project and year, says how many, and shows old → new on re-import', async () => {
    const db = database.db;
    const first = await importTable(db, [HEADER, ['1', '甲', '1000', '500', '单位A', '张三', '100', '150', '250'], ['2', '乙', '1000', '500', '单位A', '张三', '', '', '']]);
    expect(first.summary.applied).toBe(true);
    expect(first.text).toContain('1 个项目有2026年分月计划（其中 1 个新设），序时进度按分月计划计算。');
    const rows = await db.projectMonthPlan.findMany({ orderBy: { month: 'asc' } });
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.amount > 0n).map((r) => [r.year, r.month, r.amount])).toEqual([[2026, 10, 100n * WAN], [2026, 11, 150n * WAN], [2026, 12, 250n * WAN]]);

    // The same list again changes nothing.
    const same = await importTable(db, [HEADER, ['1', '甲', '1000', '500', '单位A', '张三', '100', '150', '250'], ['2', '乙', '1000', '500', '单位A', '张三', '', '', '']]);
    expect(same.summary.changed).toEqual([]);
    expect(same.text).toContain('1 个项目有2026年分月计划（其中 0 个新设）');

    // A changed month is old → new; blank month cells keep a stored plan.
    const again = await importTable(db, [HEADER, ['1', '甲', '1000', '500', '单位A', '张三', '100', '200', '200'], ['2', '乙', '1000', '500', '单位A', '张三', '', '', '']]);
    expect(again.text).toContain('1 甲（11月计划 150万元 → 200万元；12月计划 250万元 → 200万元）');
    const blank = await importTable(db, [HEADER, ['1', '甲', '1000', '500', '单位A', '张三', '', '', ''], ['2', '乙', '1000', '500', '单位A', '张三', '', '', '']]);
    expect(blank.summary.changed).toEqual([]);
    expect((await db.projectMonthPlan.findFirstOrThrow({ where: { month: 11 } })).amount).toBe(200n * WAN);

    // A refused figure writes nothing.
    const refused = await importTable(db, [HEADER, ['1', '甲', '1000', '500', '单位A', '张三', '100', 'abc', '']]);
    expect(refused.summary.applied).toBe(false);
    expect(refused.text).toContain('第 2 行「11月计划投资(万元)」：金额「abc」看不懂');
    expect((await db.projectMonthPlan.findFirstOrThrow({ where: { month: 11 } })).amount).toBe(200n * WAN);
  });
});

describeEachProvider('monthly plans in the week figures and /plan', (provider) => {
  let database: TestDatabase;
  let f: Fixture;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db, { now: '2026-11-23T01:00:00Z' });
  });
  afterEach(async () => {
    await database.destroy();
  });
  const say = async (name: string, args: string) => repliesText(await f.command(name, '计划', args));

  it('takes a project’s 序时进度 from its monthly plan, the others keep the org’s; the thresholds stay', async () => {
    // Project 1 (plan 500万) plans its investment late in the year: 100 in October, 100 in November, 300 in December.
    await setMonthPlan(f.deps, { orgId: f.org.id, projectId: f.project('1').id, year: 2026, month: 10, amount: 100n * WAN, actorId: f.person('王主任').id });
    await setMonthPlan(f.deps, { orgId: f.org.id, projectId: f.project('1').id, year: 2026, month: 11, amount: 100n * WAN, actorId: f.person('王主任').id });
    await setMonthPlan(f.deps, { orgId: f.org.id, projectId: f.project('1').id, year: 2026, month: 12, amount: 300n * WAN, actorId: f.person('王主任').id });
    // Both report 累计 200万 (40 %) in W47.
    for (const code of ['1', '2']) {
      await f.db.report.create({ data: { orgId: f.org.id, projectId: f.project(code).id, period: '2026-W47', revision: 1, authorId: f.project(code).ownerId ?? '', progress: 40, cumulative: 200n * WAN, firstFiledAt: f.now(), filedAt: f.now() } });
    }
    const figures = await loadWeekFigures(f.deps, { org: f.org, week: W47 });
    const one = figures.projects.find((p) => p.project.code === '1');
    const two = figures.projects.find((p) => p.project.code === '2');
    const planned = (100 + (100 * 22) / 30) / 500;
    const linear = expectedShare(W47_END, ZONE);
    expect(one).toMatchObject({ monthPlanned: true, flag: 'green' });
    expect(one?.expected).toBeCloseTo(planned, 6);
    // Without a monthly plan: the linear 序时进度 (89 %), 49 points behind: 🔴.
    expect(two).toMatchObject({ monthPlanned: false, expected: linear, flag: 'red' });
    // The org's 序时进度 is the projects' weighted by annual plan.
    expect(figures.expected).toBeCloseTo((planned + 3 * linear) / 4, 6);
    // A unit's flag compares its completion with its own projects' 序时进度 (weighted the same way).
    const standings = await buildGroupStandings(f.deps, { org: f.org, week: W47 });
    expect(standings.figures.expected).toBe(figures.expected);
  });

  it('/plan (/计划) sets a month by a coordinator, refuses what it cannot read, and shows the plan', async () => {
    const refused = await say('张科长', '1 11月 100');
    expect(refused).not.toContain('11月计划');
    expect(await f.db.projectMonthPlan.count()).toBe(0);
    expect(await say('王主任', '1 十一月 一百')).toContain('金额「一百」看不懂');
    expect(await say('王主任', '1 13月 100')).toContain('月份「13月」看不懂');
    expect(await say('王主任', '1')).toContain('没有2026年分月计划');
    const set = await say('王主任', '1 11月 100');
    expect(set).toContain('「1 县医院城东院区感染防控中心工程」2026年11月计划：100万元。');
    expect(set).toContain('尚有 400万元 未分到月');
    expect(await say('王主任', '1 11月 120')).toContain('2026年11月计划：100万元 → 120万元。');
    expect(await say('王主任', '1 12月 400')).toContain('没有修改');
    expect(await say('王主任', '1 2027年1月 50')).toContain('2027年1月计划：50万元。');
    const view = await say('王主任', '1');
    expect(view).toContain('11月 120');
    expect(view).toContain('合计 120万元，年度计划投资 500万元');
    const stored = await f.db.projectMonthPlan.findMany({ where: { projectId: f.project('1').id, amount: { gt: 0n } }, orderBy: [{ year: 'asc' }, { month: 'asc' }] });
    expect(stored.map((r) => [r.year, r.month, r.amount])).toEqual([[2026, 11, 120n * WAN], [2027, 1, 50n * WAN]]);
    expect(await f.db.auditLog.count({ where: { orgId: f.org.id, action: 'project.month_plan' } })).toBe(3);
  });
});
