// The monthly dispatch report and the quarterly summary on a known data set.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildMonthlyDispatch } from '../../../src/core/digest/build-monthly-dispatch.ts';
import { buildQuarterlySummary } from '../../../src/core/digest/build-quarterly-summary.ts';
import { sendPeriodSummaries } from '../../../src/core/digest/send-period-summaries.ts';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { toPlainText } from '../../../src/core/messages/outbound.ts';
import { renderPeriodSummary } from '../../../src/core/views/digest-views.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildFixture, type Fixture } from '../../schedule/fixtures.ts';

const WAN = 1_000_000n;

describeEachProvider('monthly dispatch and quarterly summary', (provider) => {
  let database: TestDatabase;
  let f: Fixture;
  const file = async (code: string, period: string, cumulativeWan: number) => {
    const p = f.project(code);
    await f.db.report.create({ data: { orgId: f.org.id, projectId: p.id, period, revision: 1, authorId: p.ownerId ?? '', cumulative: BigInt(cumulativeWan) * WAN, firstFiledAt: new Date('2026-11-01T00:00:00Z'), filedAt: new Date('2026-11-01T00:00:00Z') } });
  };
  beforeEach(async () => {
    database = await createTestDatabase(provider);
    // The first working day of December, when the November dispatch goes out; the projects have
    // been on the list since January.
    f = await buildFixture(database.db, { now: '2026-12-01T01:00:00Z' });
    await f.db.project.updateMany({ where: { orgId: f.org.id }, data: { createdAt: new Date('2026-01-05T00:00:00Z') } });
    // October: W40–W44 (Thursdays 1, 8, 15, 22, 29 Oct). November: W45–W48 (Thursdays 5, 12, 19, 26 Nov).
    await file('2', '2026-W44', 300);
    await file('2', '2026-W45', 320);
    await file('2', '2026-W46', 350);
    await file('1', '2026-W47', 200);
    await f.db.problem.create({ data: { orgId: f.org.id, number: 1, projectId: f.project('2').id, text: 'x', raisedById: f.person('王主任').id, raisedPeriod: '2026-W45', lastSeenPeriod: '2026-W45', createdAt: new Date('2026-11-05T02:00:00Z'), status: 'closed', closedAt: new Date('2026-11-20T02:00:00Z') } });
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('summarises November per unit: cumulative, change on October, reporting rate, problems', async () => {
    const s = await buildMonthlyDispatch(f.deps, { org: f.org, month: '2026-11' });
    expect(s?.weeks.map((w) => w.week)).toEqual([45, 46, 47, 48]);
    expect(s?.units.map((u) => [u.name, u.cumulative, u.previousCumulative, u.completion, u.reportingRate, u.opened, u.closed])).toEqual([
      ['县人民医院', 200n * WAN, 0n, 200 / 1500, 1 / 12, 0, 0],
      ['县中医院', 350n * WAN, 300n * WAN, 0.7, 0.5, 1, 1],
    ]);
    const text = toPlainText(renderPeriodSummary(translator('zh-CN'), 'monthly', s as NonNullable<typeof s>));
    // Counts read as an office writes them: 「新增问题 1 个，销号 1 个」 (issue #14).
    expect(text).toContain('【每月调度 · 2026-11】');
    expect(text).toContain('合计：累计 550万元（环比 +250万元），完成年度计划 27.5%；报送率 18.8%；新增问题 1 个，销号 1 个');
    expect(text).toContain('• 县中医院：累计 350万元（环比 +50万元），完成年度计划 70%；报送率 50%；新增问题 1 个，销号 1 个');
  });

  it('counts only the weeks a project owed: not before it was added, not while it was paused', async () => {
    // 项目 3 joined the list on 16 November (W47), 项目 4 was paused for the winter from 1 November.
    await f.db.project.update({ where: { id: f.project('3').id }, data: { createdAt: new Date('2026-11-16T00:00:00Z') } });
    await f.db.project.update({ where: { id: f.project('4').id }, data: { status: 'paused', pausedUntil: new Date('2027-03-01T00:00:00Z') } });
    const s = await buildMonthlyDispatch(f.deps, { org: f.org, month: '2026-11' });
    // 县人民医院: 项目 1 owes 4 weeks, 项目 3 owes W47 and W48, 项目 4 none; 1 report filed.
    expect(s?.units.find((u) => u.name === '县人民医院')?.reportingRate).toBe(1 / 6);
  });

  it('summarises a quarter and sends it to the group and the coordinator', async () => {
    const q = await buildQuarterlySummary(f.deps, { org: f.org, quarter: '2026-Q4' });
    expect(q?.weeks.length).toBe(14); // Thursdays 1 Oct … 31 Dec
    expect(await buildQuarterlySummary(f.deps, { org: f.org, quarter: '2026-Q5' })).toBeNull();
    f.handlers.quarterly = sendPeriodSummaries('quarterly');
    f.handlers.monthly = sendPeriodSummaries('monthly');
    await f.scheduler().runDue(new Date('2026-11-30T16:00:00Z'), new Date('2026-12-01T02:00:00Z'));
    const keys = (await f.outbox()).filter((e) => e.key.startsWith('monthly:')).map((e) => e.key);
    expect(keys.length).toBe(2);
    expect(keys.every((k) => k.startsWith('monthly:2026-11:'))).toBe(true);
  });
});
