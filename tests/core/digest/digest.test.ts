// The leader digest, the group standings and the Monday job on a known data set, on both providers.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acknowledgeDigest } from '../../../src/core/digest/acknowledge-digest.ts';
import { buildGroupStandings } from '../../../src/core/digest/build-group-standings.ts';
import { buildLeaderDigest } from '../../../src/core/digest/build-leader-digest.ts';
import { sendWeeklyDigests } from '../../../src/core/digest/send-weekly-digests.ts';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { toPlainText } from '../../../src/core/messages/outbound.ts';
import { parseWeekId, type IsoWeek } from '../../../src/core/rules/period.ts';
import { digestCliCommand } from '../../../src/cli/digest.ts';
import { renderGroupStandings, renderLeaderDigest } from '../../../src/core/views/digest-views.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildFixture, repliesText, tg, type Fixture } from '../../schedule/fixtures.ts';
import { testDataDir } from '../../support/ports.ts';

const WAN = 1_000_000n;
const t = translator('zh-CN');
const W47 = parseWeekId('2026-W47') as IsoWeek;
const W48 = parseWeekId('2026-W48') as IsoWeek;

describeEachProvider('leader digest and group standings', (provider) => {
  let database: TestDatabase;
  let f: Fixture;

  async function file(code: string, period: string, data: { progress: number; cumulativeWan?: number; filedAt: string; late?: boolean; help?: string }) {
    const project = f.project(code);
    await f.db.report.create({
      data: {
        orgId: f.org.id,
        projectId: project.id,
        period,
        revision: 1,
        authorId: project.ownerId ?? '',
        progress: data.progress,
        cumulative: data.cumulativeWan === undefined ? null : BigInt(data.cumulativeWan) * WAN,
        late: data.late ?? false,
        help: data.help ?? '',
        firstFiledAt: new Date(data.filedAt),
        filedAt: new Date(data.filedAt),
      },
    });
  }

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db);
    // Every project's annual plan is 500万. W46 deadline: 2026-11-13 09:00Z; W47: 2026-11-20 09:00Z.
    for (const code of ['1', '2', '3', '4']) await file(code, '2026-W46', { progress: { '1': 40, '2': 50, '3': 20, '4': 10 }[code] ?? 0, cumulativeWan: 100, filedAt: '2026-11-12T02:00:00Z' });
    await file('1', '2026-W47', { progress: 45, cumulativeWan: 450, filedAt: '2026-11-18T02:00:00Z' });
    await file('2', '2026-W47', { progress: 60, cumulativeWan: 450, filedAt: '2026-11-18T02:00:00Z' });
    await file('3', '2026-W47', { progress: 20, cumulativeWan: 420, filedAt: '2026-11-21T02:00:00Z', late: true, help: '需协调用地指标' });
    // Project 4 misses W47. Problems: #1 on project 4 since 2026-10-20 (4 weeks old at the end of W47),
    // #2 on project 1 raised in W47, #3 on project 2 closed in W47.
    const problem = (number: number, code: string, text: string, raisedPeriod: string, createdAt: string, closedAt?: string) =>
      f.db.problem.create({
        data: { orgId: f.org.id, number, projectId: f.project(code).id, text, raisedById: f.person('王主任').id, raisedPeriod, lastSeenPeriod: raisedPeriod, createdAt: new Date(createdAt), status: closedAt ? 'closed' : 'open', closedAt: closedAt ? new Date(closedAt) : null },
      });
    await problem(1, '4', '施工许可未批', '2026-W43', '2026-10-20T02:00:00Z');
    await problem(2, '1', '材料涨价', '2026-W47', '2026-11-18T02:00:00Z');
    await problem(3, '2', '图纸变更', '2026-W45', '2026-11-03T02:00:00Z', '2026-11-19T02:00:00Z');
    f.at('2026-11-23T01:00:00Z');
  });
  afterEach(async () => {
    await database.destroy();
  });

  // Issue #14: the digest leads with what needs a decision and fits one phone screen; pace bands in
  // 序时进度 points (project 3, 5.3 points behind, is now 🟢; the total, 24.6 behind, 🟡); the
  // missing project shows its carried 累计; problems by their 问题清单 number, never 「（0 周）」.
  it("gives 李院长 what needs his decision first, then his three projects' week on one screen", async () => {
    const digest = await buildLeaderDigest(f.deps, { org: f.org, leader: f.person('李院长'), week: W47 });
    expect(digest.figures.expected).toBeCloseTo(326 / 365, 6);
    expect(digest.counts).toEqual({ on_time: 1, late: 1, missing: 1, paused: 0, completed: 0, total: 3 });
    expect(digest.figures.projects.map((p) => [p.project.code, p.state, p.completion, p.flag, p.cumulativeSource])).toEqual([
      ['1', 'on_time', 0.9, 'green', 'reported'],
      ['3', 'late', 0.84, 'green', 'reported'],
      ['4', 'missing', 0.2, 'red', 'carried'],
    ]);
    expect(digest.totals).toEqual({ plan: 1500n * WAN, cumulative: 970n * WAN, completion: 0.646666 });
    expect(digest.escalated.map((p) => p.problem.number)).toEqual([1]);
    const text = toPlainText(renderLeaderDigest(t, digest));
    expect(text.split('\n')).toEqual([
      '【李院长 · 周报摘要 第47周（11月16日—22日）】',
      '【需您决策（4）】',
      '• 协调：3 乡镇卫生院设备购置——需协调用地指标',
      '• 🔴 4 县医院信息平台：完成 20%，落后序时进度 69.3 个百分点',
      '• 超期问题 1号（4 县医院信息平台）：施工许可未批，已 4 周',
      '• #2 [待办] 县医院城东院区感染防控中心工程：材料涨价（期限 未定）', // a 督办 item with buttons under the digest
      '应报 3 个：按时 1，补报 1，未报 1，停工/请假 0',
      '年度计划 1500万元，累计完成 970万元（64.7%），序时进度 89.3% 🟡',
      '进度：🟢 2 个，🟡 0 个，🔴 1 个',
      '未报：4 县医院信息平台（累计100万元，沿用第46周）',
      '未销号问题 2 个（本周新增 1 个，销号 0 个）',
      '[已阅] [批示 #1] [转办 #1] [延期 #1] [批示 #2] [转办 #2] [延期 #2]',
    ]);
    expect(text).not.toContain('县中医院综合楼');
    expect(text).not.toContain('（0 周）');
  });

  it('gives 赵院长 only his project, and says there is nothing to decide', async () => {
    const text = toPlainText(renderLeaderDigest(t, await buildLeaderDigest(f.deps, { org: f.org, leader: f.person('赵院长'), week: W47 })));
    expect(text).toContain('本周无需您决策的事项。');
    expect(text).toContain('应报 1 个：按时 1，补报 0，未报 0，停工/请假 0');
    expect(text).toContain('年度计划 500万元，累计完成 450万元（90%），序时进度 89.3% 🟢');
    expect(text).toContain('未销号问题 0 个（本周新增 0 个，销号 1 个）');
    expect(text).not.toContain('县医院信息平台');
  });

  it('fits one phone screen for ten projects, however much needs deciding', async () => {
    const leader = f.person('李院长');
    const unit = await f.db.unit.findFirstOrThrow({ where: { orgId: f.org.id } });
    for (let i = 10; i < 17; i++) {
      const p = await f.db.project.create({ data: { orgId: f.org.id, code: String(i), name: `项目${i}`, totalInvestment: 1000n * WAN, annualPlan: 500n * WAN, unitId: unit.id, leaderId: leader.id } });
      await f.db.report.create({ data: { orgId: f.org.id, projectId: p.id, period: '2026-W47', revision: 1, authorId: leader.id, progress: 5, cumulative: 10n * WAN, help: `协调事项${i}`, firstFiledAt: new Date('2026-11-18T02:00:00Z'), filedAt: new Date('2026-11-18T02:00:00Z') } });
    }
    const digest = await buildLeaderDigest(f.deps, { org: f.org, leader, week: W47 });
    expect(digest.figures.projects).toHaveLength(10);
    const lines = toPlainText(renderLeaderDigest(t, digest)).split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines[1]).toBe('【需您决策（18）】'); // 8 需协调事项, 8 🔴 projects, 1 overdue problem
    expect(lines).toContain('另有 13 项，见台账（/export）。');
  });

  it('tells a leader with no projects so, and says when a week has no reports', async () => {
    const sun = await f.db.person.create({ data: { orgId: f.org.id, name: '孙局长', isLeader: true } });
    expect(toPlainText(renderLeaderDigest(t, await buildLeaderDigest(f.deps, { org: f.org, leader: sun, week: W47 })))).toBe('孙局长：您名下暂无分管项目，本周没有摘要。');
    const empty = toPlainText(renderLeaderDigest(t, await buildLeaderDigest(f.deps, { org: f.org, leader: f.person('赵院长'), week: W48 })));
    expect(empty).toContain('第48周（11月23日—29日）尚无项目报送。');
    expect(empty).toContain('未报');
    expect(toPlainText(renderGroupStandings(t, await buildGroupStandings(f.deps, { org: f.org, week: W48 })))).toContain('第48周（11月23日—29日）尚无项目报送。');
  });

  it('ranks units, lists movers and laggards in the group standings', async () => {
    const standings = await buildGroupStandings(f.deps, { org: f.org, week: W47 });
    expect(standings.groups.flatMap((g) => g.units).map((u) => [u.rank, u.name, u.completion, u.onTime, u.overdueProblems, u.flag, u.hasRed])).toEqual([
      [1, '县中医院', 0.9, 0.5, 0, 'green', false],
      [2, '县人民医院', 0.646666, 4 / 12, 1, 'amber', true],
    ]);
    expect(standings.movers.map((m) => [m.code, m.change])).toEqual([
      ['2', 10],
      ['1', 5],
    ]);
    expect(standings.lagging.map((l) => l.code)).toEqual(['4']);
    const text = toPlainText(renderGroupStandings(t, standings));
    expect(text).toContain('全部 4 个项目：年度计划 2000万元，累计完成 1420万元（71%），序时进度 89.3%');
    expect(text).toContain('其中 1 个项目本周未报累计，沿用其上次报送数。');
    expect(text).toContain('1. 县中医院：完成 90% 🟢｜按时报送 50%｜超期问题 0');
    expect(text).toContain('2. 县人民医院：完成 64.7% 🟡｜按时报送 33.3%｜超期问题 1');
    // 50 % on time is below the 80 % the 红榜 needs; 县人民医院 has a 🔴 project.
    expect(text).toContain('红榜：无');
    expect(text).toContain('黑榜：县人民医院');
    expect(text).toContain('• 2 县中医院综合楼：形象进度 50% → 60%（+10 个百分点）');
    expect(text).toContain('• 4 县医院信息平台：完成 20%，落后序时进度 69.3 个百分点');
    expect(text).not.toContain('—%');
  });

  it('compares progress with the last report before a missed week, not with 0', async () => {
    // Project 4 missed W47 (last report W46: 10%) and reports 30% in W48.
    await file('4', '2026-W48', { progress: 30, cumulativeWan: 200, filedAt: '2026-11-25T02:00:00Z' });
    f.at('2026-11-30T01:00:00Z');
    const standings = await buildGroupStandings(f.deps, { org: f.org, week: W48 });
    expect(standings.movers.map((m) => [m.code, m.change])).toEqual([['4', 20]]);
    expect(standings.figures.projects.find((p) => p.project.code === '4')?.previousProgress).toBe(10);
  });

  it('never carries last year’s cumulative investment into January', async () => {
    await file('1', '2026-W53', { progress: 50, cumulativeWan: 480, filedAt: '2026-12-31T02:00:00Z' });
    f.at('2027-01-11T01:00:00Z');
    const standings = await buildGroupStandings(f.deps, { org: f.org, week: parseWeekId('2027-W01') as IsoWeek });
    const one = standings.figures.projects.find((p) => p.project.code === '1');
    expect(one?.cumulative).toBe(0n);
    expect(one?.cumulativeSource).toBe('none');
    expect(one?.previousProgress).toBe(50); // 形象进度 runs over the project's life
    expect([...standings.groups.flatMap((g) => g.units), ...standings.unranked].every((u) => u.cumulative === 0n)).toBe(true);
  });

  it('ages a problem from the week it was raised, not from when its row was written', async () => {
    // Raised in W43 but recorded on 16 November (an import): four weeks old at W47, so escalated.
    await f.db.problem.create({
      data: { orgId: f.org.id, number: 4, projectId: f.project('1').id, text: '征地补偿未落实', raisedById: f.person('王主任').id, raisedPeriod: '2026-W43', lastSeenPeriod: '2026-W47', createdAt: new Date('2026-11-16T02:00:00Z') },
    });
    const digest = await buildLeaderDigest(f.deps, { org: f.org, leader: f.person('李院长'), week: W47 });
    expect(digest.figures.problems.find((p) => p.problem.number === 4)?.ageWeeks).toBe(4);
    expect(digest.escalated.map((p) => p.problem.number)).toContain(4);
  });

  it('shows no flag for a project without an annual plan', async () => {
    await f.db.project.update({ where: { id: f.project('3').id }, data: { annualPlan: 0n } });
    const digest = await buildLeaderDigest(f.deps, { org: f.org, leader: f.person('李院长'), week: W47 });
    expect(digest.figures.projects.find((p) => p.project.code === '3')?.flag).toBe('none');
    expect(toPlainText(renderLeaderDigest(t, digest))).toContain('进度：🟢 1 个，🟡 0 个，🔴 1 个');
  });

  it('queues each leader digest privately and the standings to the group once, on Monday 09:00', async () => {
    f.handlers.digest = sendWeeklyDigests;
    await f.scheduler().runDue(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-23T01:00:00Z'));
    await f.scheduler().runDue(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-23T01:00:00Z'));
    const digest = (await f.outbox()).filter((e) => e.key.startsWith('digest:2026-W47'));
    expect(digest.map((d) => d.key).sort()).toEqual(
      [`digest:2026-W47:${f.org.id}:person:${f.person('李院长').id}`, `digest:2026-W47:${f.org.id}:person:${f.person('赵院长').id}`, expect.stringMatching(/^digest:2026-W47:.+:group:/)].sort(),
    );
    // 已阅 first, then 批示 / 转办 / 延期 for the leader's open items (督办).
    const buttons = digest.find((d) => d.chatId === tg('李院长'))?.message.buttons ?? [];
    expect(buttons[0]).toEqual({ label: '已阅', action: 'digest:ack:2026-W47', style: 'primary' });
    expect(buttons.slice(1).every((b) => /^item:(instruction|assign|extend):\d+$/.test(b.action))).toBe(true);
    const group = digest.find((d) => d.chatId === '-1001');
    expect(group?.text).toContain('项目进度通报 · 第47周（11月16日—22日）');
  });

  it('attaches the standings chart to the group message, text still there', async () => {
    f.handlers.digest = sendWeeklyDigests;
    await f.scheduler().runDue(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-23T01:00:00Z'));
    const group = (await f.outbox()).find((e) => e.key.startsWith('digest:2026-W47') && e.chatId === '-1001');
    expect(group?.message.attachment).toMatchObject({ kind: 'image', fileName: 'standings-2026-W47.png' });
    expect(group?.message.attachment?.path.startsWith(testDataDir())).toBe(true);
    expect(readFileSync(group?.message.attachment?.path ?? '').subarray(1, 4).toString()).toBe('PNG');
    expect(group?.text).toContain('1. 县中医院：完成 90% 🟢');
  });

  it('still sends the standings when the chart fails', async () => {
    f.deps.ports.charts = { standingsPng: () => Promise.reject(new Error('boom')) };
    f.handlers.digest = sendWeeklyDigests;
    await f.scheduler().runDue(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-23T01:00:00Z'));
    const group = (await f.outbox()).find((e) => e.key.startsWith('digest:2026-W47') && e.chatId === '-1001');
    expect(group?.text).toContain('项目进度通报 · 第47周（11月16日—22日）');
    expect(group?.message.attachment).toBeUndefined();
  });

  it('records 已阅 once', async () => {
    expect(await acknowledgeDigest(f.deps, { person: f.person('李院长'), period: '2026-W47' })).toBe(true);
    expect(await acknowledgeDigest(f.deps, { person: f.person('李院长'), period: '2026-W47' })).toBe(false);
    expect(await f.db.acknowledgement.count({ where: { orgId: f.org.id, kind: 'digest' } })).toBe(1);
  });

  it('answers /digest for a leader, a coordinator (standings or a named leader) and refuses an owner', async () => {
    const run = async (name: string, args = '') => repliesText(await f.command(name, 'digest', args, 'private'));
    f.at('2026-11-20T09:30:00Z'); // W47, after its deadline (before it, /digest means the last closed week)
    expect(await run('李院长')).toContain('李院长 · 周报摘要 第47周（11月16日—22日）');
    expect(await run('王主任')).toContain('项目进度通报 · 第47周（11月16日—22日）');
    expect(await run('王主任', '赵院长')).toContain('赵院长 · 周报摘要 第47周（11月16日—22日）');
    expect(await run('王主任', '钱院长')).toBe('未找到分管领导“钱院长”。');
    expect(await run('张科长')).toBe('/digest 只有责任领导或项目办可以使用。');
  });
});

describeEachProvider('digest CLI', (provider) => {
  let database: TestDatabase;
  let f: Fixture;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db);
    f.at('2026-11-23T01:00:00Z');
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('prints the digests, then queues them once with --send', async () => {
    const lines: string[] = [];
    const deps = { db: f.db, out: (l: string) => lines.push(l), locale: 'zh-CN' as const, now: f.now, ports: f.deps.ports };
    expect(await digestCliCommand(['--week', '2026-W47', '--org', f.org.name], deps)).toBe(0);
    expect(lines.join('\n')).toContain('李院长 · 周报摘要 第47周（11月16日—22日）');
    expect(lines.join('\n')).toContain('项目进度通报 · 第47周（11月16日—22日）');
    expect(await digestCliCommand(['--week', '2026-W47', '--send', '--org', f.org.name], deps)).toBe(0);
    expect(await digestCliCommand(['--week', '2026-W47', '--send', '--org', f.org.name], deps)).toBe(0);
    expect(lines.slice(-2)).toEqual(['Queued 3 of 3 digest messages for 2026-W47 (0 were already queued).', 'Queued 0 of 3 digest messages for 2026-W47 (3 were already queued).']);
    expect(await digestCliCommand(['--week', 'x', '--org', f.org.name], deps)).toBe(2);
  });

  it('puts the summary under the heading, and sends the digest when the summary fails', async () => {
    f.deps.ports.llm = { extractReport: async () => null, summarizeDigest: async ({ data }) => (data.includes('李院长') ? '摘要句子。' : Promise.reject(new Error('down'))) };
    f.handlers.digest = sendWeeklyDigests;
    await f.scheduler().runDue(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-23T01:00:00Z'));
    const out = (await f.outbox()).filter((e) => e.key.startsWith('digest:2026-W47'));
    expect(out.find((e) => e.chatId === tg('李院长'))?.text.split('\n').slice(0, 2)).toEqual(['【李院长 · 周报摘要 第47周（11月16日—22日）】', '摘要句子。（AI 摘要，仅供参考）']);
    // The model failed for 赵院长: the template summary, then the digest.
    expect(out.find((e) => e.chatId === tg('赵院长'))?.text).toContain('【赵院长 · 周报摘要 第47周（11月16日—22日）】\n本周有 1 个项目未报、0 个补报，总体落后序时进度 89.3 个百分点，需重点督促。');
  });
});
