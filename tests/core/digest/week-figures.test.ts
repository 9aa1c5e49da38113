// The week-figures model on both databases: one carry-forward rule, so that the standings, the
// leader digests, the monthly summary and the ledger give the same totals to the 分 for a week with
// on-time, late, missing, paused, on-leave and 竣工 projects; and the fair lists built on it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildGroupStandings } from '../../../src/core/digest/build-group-standings.ts';
import { buildLeaderDigest } from '../../../src/core/digest/build-leader-digest.ts';
import { buildMonthlyDispatch } from '../../../src/core/digest/build-monthly-dispatch.ts';
import { inWeekFigures, loadFigureProjects, loadWeekCumulatives, loadWeekFigures, weekCumulative } from '../../../src/core/digest/load-week-figures.ts';
import { buildWeekLedger } from '../../../src/core/ledger/build-week-ledger.ts';
import { ledgerSheet } from '../../../src/core/ledger/ledger-table.ts';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { toPlainText } from '../../../src/core/messages/outbound.ts';
import { parseWeekId, type IsoWeek } from '../../../src/core/rules/period.ts';
import { readOrgSettings } from '../../../src/core/settings.ts';
import { renderGroupStandings, renderLeaderDigest } from '../../../src/core/views/digest-views.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildFixture, type Fixture } from '../../schedule/fixtures.ts';

const WAN = 1_000_000n;
const t = translator('zh-CN');
const W47 = parseWeekId('2026-W47') as IsoWeek;

it('states the carry-forward rule once: reported, carried from an earlier week of the year, the opening figure, or 0', () => {
  const none = { openingCumulative: 0n, openingYear: 0 };
  const opening = { openingCumulative: 80n * WAN, openingYear: 2026 };
  expect(weekCumulative({ period: '2026-W47', latest: { period: '2026-W47', cumulative: 5n }, project: opening })).toEqual({ fen: 5n, source: 'reported', carriedFrom: null });
  expect(weekCumulative({ period: '2026-W47', latest: { period: '2026-W45', cumulative: 5n }, project: opening })).toEqual({ fen: 5n, source: 'carried', carriedFrom: '2026-W45' });
  expect(weekCumulative({ period: '2026-W47', latest: null, project: opening })).toEqual({ fen: 80n * WAN, source: 'opening', carriedFrom: null });
  expect(weekCumulative({ period: '2026-W47', latest: null, project: none })).toEqual({ fen: 0n, source: 'none', carriedFrom: null });
  // 累计 is year to date: neither last year's report nor last year's opening figure carries.
  expect(weekCumulative({ period: '2027-W01', latest: { period: '2026-W52', cumulative: 5n }, project: opening })).toEqual({ fen: 0n, source: 'none', carriedFrom: null });
});

describeEachProvider('week figures: one total everywhere', (provider) => {
  let database: TestDatabase;
  let f: Fixture;

  async function file(projectId: string, authorId: string, period: string, cumulativeWan: number, filedAt: string, late = false) {
    await f.db.report.create({
      data: { orgId: f.org.id, projectId, period, revision: 1, authorId, progress: 10, cumulative: BigInt(cumulativeWan) * WAN, late, firstFiledAt: new Date(filedAt), filedAt: new Date(filedAt) },
    });
  }

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db);
    const li = f.person('李院长');
    const zhao = f.person('赵院长');
    const unit = async (name: string, sortOrder: number) => (await f.db.unit.create({ data: { orgId: f.org.id, name, sortOrder } })).id;
    const project = async (code: string, unitId: string, data: Record<string, unknown> = {}) =>
      f.db.project.create({ data: { orgId: f.org.id, code, name: `项目${code}`, unitId, leaderId: zhao.id, ownerId: f.person('陈科长').id, totalInvestment: 1000n * WAN, annualPlan: 500n * WAN, sortOrder: Number(code), createdAt: new Date('2026-01-01T00:00:00Z'), ...data } });
    const zhongyi = f.project('2').unitId;
    // 5: 停工 until March in 卫生院甲, its only project. 6: its owner is on leave, 卫生院乙's only project.
    // 7: 竣工 in June with 450万 this year. 8: 竣工 last year, nothing this year.
    const p5 = await project('5', await unit('卫生院甲', 5), { status: 'paused', pausedUntil: new Date('2027-03-01T00:00:00Z') });
    const onLeave = await f.db.person.create({ data: { orgId: f.org.id, name: '周医生', isOwner: true, pausedUntil: new Date('2026-12-01T00:00:00Z') } });
    await project('6', await unit('卫生院乙', 6), { ownerId: onLeave.id });
    const p7 = await project('7', zhongyi, { status: 'completed' });
    await project('8', zhongyi, { status: 'completed' });
    // Project 4 was imported with 本年已完成投资 80万 and has not reported since.
    await f.db.project.update({ where: { id: f.project('4').id }, data: { openingCumulative: 80n * WAN, openingYear: 2026 } });

    const owner = (code: string) => f.project(code).ownerId ?? li.id;
    await file(f.project('1').id, owner('1'), '2026-W47', 450, '2026-11-18T02:00:00Z'); // on time
    await file(f.project('2').id, owner('2'), '2026-W47', 300, '2026-11-21T02:00:00Z', true); // 补报
    await file(f.project('3').id, owner('3'), '2026-W45', 120, '2026-11-04T02:00:00Z'); // missing W47: carried from W45
    await file(p5.id, zhao.id, '2026-W44', 200, '2026-10-28T02:00:00Z'); // paused: carried from W44
    await file(p7.id, zhao.id, '2026-W25', 450, '2026-06-17T02:00:00Z'); // 竣工: its final figure
    f.at('2026-11-23T01:00:00Z');
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('gives the standings, every leader digest and the ledger the same total, to the 分', async () => {
    const standings = await buildGroupStandings(f.deps, { org: f.org, week: W47 });
    const expected = (450n + 300n + 120n + 80n + 200n + 0n + 450n) * WAN;
    expect(standings.figures.totals.cumulative).toBe(expected);
    expect(standings.figures.projects.map((p) => [p.project.code, p.state, p.cumulativeSource, p.carriedFrom])).toEqual([
      ['1', 'on_time', 'reported', null],
      ['3', 'missing', 'carried', '2026-W45'],
      ['4', 'missing', 'opening', null],
      ['2', 'late', 'reported', null],
      ['7', 'completed', 'carried', '2026-W25'],
      ['5', 'paused', 'carried', '2026-W44'],
      ['6', 'paused', 'none', null],
    ]);

    const ledger = await buildWeekLedger(f.deps, { org: f.org, settings: readOrgSettings(f.org.settings), week: W47, scope: null });
    expect(ledger.total.cumulative).toBe(expected);
    expect(ledger.total.annualPlan).toBe(standings.figures.totals.plan);

    const leaders = [f.person('李院长'), f.person('赵院长')];
    const digests = await Promise.all(leaders.map((leader) => buildLeaderDigest(f.deps, { org: f.org, leader, week: W47 })));
    expect(digests.reduce((sum, d) => sum + d.totals.cumulative, 0n)).toBe(expected);
    // Each leader's digest equals the ledger of their scope.
    for (const [i, leader] of leaders.entries()) {
      const own = await buildWeekLedger(f.deps, { org: f.org, settings: readOrgSettings(f.org.settings), week: W47, scope: leader });
      expect(own.total.cumulative).toBe(digests[i]?.totals.cumulative);
    }

    const november = await buildMonthlyDispatch(f.deps, { org: f.org, month: '2026-11' });
    // November's last week is W48, not yet reported: the same figures carried one week more.
    expect(november?.totals.cumulative).toBe(expected);

    // In chat: the same 万元 figure, and where a figure is carried, it says so.
    expect(toPlainText(renderGroupStandings(t, standings))).toContain('累计完成 1600万元');
    const li = toPlainText(renderLeaderDigest(t, digests[0]!));
    expect(li).toContain('3 乡镇卫生院设备购置（累计120万元，沿用第45周）');
    expect(li).toContain('4 县医院信息平台（累计80万元，为年初已完成数）');

    // In the XLSX table: carried figures are marked (grey), reported ones are not.
    const rows = ledgerSheet(t, ledger).rows.filter((r) => r.style === 'data');
    const cumulativeCell = (code: string) => rows.find((r) => r.cells[0]?.kind === 'text' && r.cells[0].text === code)?.cells[7];
    expect(cumulativeCell('1')).toEqual({ kind: 'money', fen: 450n * WAN });
    expect(cumulativeCell('3')).toEqual({ kind: 'money', fen: 120n * WAN, tone: 'carried' });
    expect(cumulativeCell('7')).toEqual({ kind: 'money', fen: 450n * WAN, tone: 'carried' });
    expect(cumulativeCell('6')).toEqual({ kind: 'money', fen: null });
    expect(rows).toHaveLength(7); // project 8 (竣工 last year) is in no total
  });

  it('gives the period summaries the cumulatives of the week figures, however far back the report carried', async () => {
    // W48: nothing reported, so every figure is carried (project 7 from W25, far back); 2027-W01:
    // a new year, nothing carries.
    const projects = await loadFigureProjects(f.deps, { org: f.org });
    for (const id of ['2026-W47', '2026-W48', '2027-W01']) {
      const week = parseWeekId(id) as IsoWeek;
      const figures = await loadWeekFigures(f.deps, { org: f.org, week });
      const cumulatives = await loadWeekCumulatives(f.deps, { org: f.org, week, projects });
      const inFigures = projects.filter((p) => {
        const c = cumulatives.get(p.id);
        return c !== undefined && inWeekFigures(p, c.reported, c.cumulative);
      });
      expect(inFigures.map((p) => [p.code, cumulatives.get(p.id)?.cumulative])).toEqual(figures.projects.map((x) => [x.project.code, { fen: x.cumulative, source: x.cumulativeSource, carriedFrom: x.carriedFrom }]));
      if (id === '2026-W48') expect(figures.projects.map((x) => [x.project.code, x.carriedFrom])).toContainEqual(['7', '2026-W25']);
    }
  });

  it('keeps paused, on-leave and 竣工 projects out of the ranking and the lists', async () => {
    const standings = await buildGroupStandings(f.deps, { org: f.org, week: W47 });
    expect(standings.unranked.map((u) => u.name)).toEqual(['卫生院甲', '卫生院乙']);
    const ranked = standings.groups.flatMap((g) => g.units);
    expect(ranked.map((u) => u.name)).toEqual(['县中医院', '县人民医院']);
    // 县中医院's rate counts project 2 only (300 / 500), not the 竣工 project 7.
    expect(ranked.find((u) => u.name === '县中医院')?.completion).toBe(0.6);
    expect(standings.groups.flatMap((g) => [...g.red, ...g.black]).map((u) => u.name)).not.toContain('卫生院甲');
    expect(standings.lagging.map((l) => l.code)).not.toContain('7');
    expect(standings.lagging.map((l) => l.code)).not.toContain('5');
    const text = toPlainText(renderGroupStandings(t, standings));
    expect(text).toContain('本周无应报项目、不参与排名：卫生院甲、卫生院乙');
    expect(text).not.toContain('—%');
  });

  it('ranks each 单位类别 separately', async () => {
    await f.db.project.updateMany({ where: { orgId: f.org.id, code: { in: ['1', '3', '4'] } }, data: { category: '医院' } });
    await f.db.project.updateMany({ where: { orgId: f.org.id, code: '2' }, data: { category: '机关股室' } });
    const standings = await buildGroupStandings(f.deps, { org: f.org, week: W47 });
    expect(standings.groups.map((g) => [g.category, g.units.map((u) => `${u.rank}${u.name}`)])).toEqual([
      ['医院', ['1县人民医院']],
      ['机关股室', ['1县中医院']],
    ]);
    expect(toPlainText(renderGroupStandings(t, standings))).toContain('【医院排名（按年度投资完成率）】');
  });
});
