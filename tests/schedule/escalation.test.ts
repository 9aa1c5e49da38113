// The escalation ladder over three weeks, on both providers: first miss the owner is nudged,
// second in a row the leader is told, third the project is 连续未报 (in the deadline list, and for
// the standings the digest hook builds).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { message } from '../../src/core/messages/outbound.ts';
import { ladderStep } from '../../src/core/rules/escalation.ts';
import { parseWeekId } from '../../src/core/rules/period.ts';
import { missStreaks } from '../../src/core/schedule/miss-streaks.ts';
import { readOrgSettings } from '../../src/core/settings.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { buildFixture, tg, type Fixture } from './fixtures.ts';

/** Mondays 00:00 in Shanghai of 2026-W46 … W49. */
const MONDAY = { W46: '2026-11-08T16:00:00Z', W47: '2026-11-15T16:00:00Z', W48: '2026-11-22T16:00:00Z', W49: '2026-11-29T16:00:00Z' };
const TUESDAY = (monday: string) => new Date(new Date(monday).getTime() + 34 * 3_600_000).toISOString(); // Tue 10:00

describeEachProvider('the escalation ladder', (provider) => {
  let database: TestDatabase;
  let f: Fixture;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  /** Sweeps week by week; projects 1–3 report every Tuesday, project 4 (张科长) never. */
  async function runWeeks(weeks: ('W46' | 'W47' | 'W48')[], options: { skipFiling?: (week: string) => string[] } = {}) {
    const scheduler = f.scheduler();
    for (const week of weeks) {
      const monday = MONDAY[week];
      const next = MONDAY[`W${Number(week.slice(1)) + 1}` as keyof typeof MONDAY];
      f.at(monday);
      await scheduler.runDue(new Date(new Date(monday).getTime() - 1), new Date(TUESDAY(monday)));
      f.at(TUESDAY(monday));
      for (const code of ['1', '2', '3']) if (!(options.skipFiling?.(week) ?? []).includes(code)) await f.file(code, `2026-${week}`);
      // Up to Monday 08:00 of the next week (the digest at 09:00 belongs to the next round).
      const end = new Date(new Date(next).getTime() + 8 * 3_600_000);
      f.at(end.toISOString());
      await scheduler.runDue(new Date(TUESDAY(monday)), end);
    }
  }

  it('nudges the owner, then tells the leader, then lists the project as 连续未报', async () => {
    await runWeeks(['W46', 'W47', 'W48']);
    const outbox = await f.outbox();
    const leaderNotices = outbox.filter((e) => e.key.startsWith('nudge:') && e.key.includes(':leader:'));
    const ownerNudges = outbox.filter((e) => e.key.startsWith('nudge:') && e.key.includes(':owner:'));

    // Week 1: the owner alone.
    expect(ownerNudges.filter((n) => n.key.startsWith('nudge:2026-W46')).map((n) => n.chatId)).toEqual([tg('张科长')]);
    expect(leaderNotices.filter((n) => n.key.startsWith('nudge:2026-W46'))).toEqual([]);
    // Week 2: the owner again, and the responsible leader privately.
    expect(leaderNotices.filter((n) => n.key.startsWith('nudge:2026-W47')).map((n) => n.chatId)).toEqual([tg('李院长')]);
    const w47Leader = leaderNotices.find((n) => n.key.startsWith('nudge:2026-W47'));
    expect(w47Leader?.text).toContain('4 县医院信息平台（责任人 张科长，连续 2 周未报）');
    expect(ownerNudges.find((n) => n.key.startsWith('nudge:2026-W47'))?.text).toContain('已连续 2 周未按时填报，已同时告知责任领导');
    // Week 3: the leader again; the deadline list marks it 连续未报.
    expect(leaderNotices.find((n) => n.key.startsWith('nudge:2026-W48'))?.text).toContain('连续 3 周未报');
    const w47Deadline = outbox.find((e) => e.key.startsWith('deadline:2026-W47') && e.chatId === tg('王主任'));
    expect(w47Deadline?.text).not.toContain('连续未报');
    const w48Deadline = outbox.find((e) => e.key.startsWith('deadline:2026-W48') && e.chatId === tg('王主任'));
    expect(w48Deadline?.text).toContain('4 县医院信息平台 — 责任人 张科长（连续未报 3 周）');

    // Step 3 for the standings: after W48 closed, the streak is 3.
    const week = parseWeekId('2026-W48');
    if (!week) throw new Error('week');
    const streaks = await missStreaks(f.deps, { orgId: f.org.id, week, projectIds: [f.project('4').id, f.project('1').id], weekIsOpen: false });
    expect(streaks.get(f.project('4').id)).toBe(3);
    expect(streaks.get(f.project('1').id)).toBe(0);
    expect(ladderStep(3)).toBe(3);
  });

  it('gives the digest hook what it needs to list 连续未报 in the group standings', async () => {
    await runWeeks(['W46', 'W47', 'W48']);
    f.handlers.digest = async ({ deps, org, period, audience }) => {
      const week = parseWeekId(period);
      if (!week) return;
      const projects = await deps.db.project.findMany({ where: { orgId: org.id } });
      const streaks = await missStreaks(deps, { orgId: org.id, week, projectIds: projects.map((p) => p.id), weekIsOpen: false });
      const thresholds = readOrgSettings(org.settings).escalation;
      const listed = projects.filter((p) => ladderStep(streaks.get(p.id) ?? 0, thresholds) === 3);
      const text = `连续未报：${listed.map((p) => p.code).join('、')}`;
      return { messages: audience.groups.map((g) => ({ recipient: g.recipient, to: g.to, message: message([{ kind: 'text', lines: [[text]] }]) })) };
    };
    f.at('2026-11-30T01:00:00Z');
    await f.scheduler().runDue(new Date('2026-11-30T00:00:00Z'), new Date('2026-11-30T01:00:00Z'));
    const digest = (await f.outbox()).filter((e) => e.key.startsWith('digest:2026-W48'));
    expect(digest.map((d) => d.text)).toEqual(['连续未报：4']);
  });

  it('starts again after a late filing (补报) or a paused week', async () => {
    // Project 3 misses W46, files W47 late on Saturday, misses W48: its run at W48 is 1.
    // Project 2 misses W46, its owner is on leave through W47, misses W48: its run at W48 is 1.
    const notFiled = () => ['2', '3'];
    await runWeeks(['W46'], { skipFiling: notFiled });
    await f.db.person.update({ where: { id: f.person('陈科长').id }, data: { pausedUntil: new Date(MONDAY.W48) } });
    await runWeeks(['W47'], { skipFiling: notFiled });
    f.at('2026-11-21T04:00:00Z');
    await f.file('3', '2026-W47', { late: true });
    await runWeeks(['W48'], { skipFiling: notFiled });
    const leaderNotices = (await f.outbox()).filter((e) => e.key.startsWith('nudge:2026-W48') && e.key.includes(':leader:'));
    // Project 4 (three misses) is there; projects 3 and 2 are not, and 赵院长 (project 2) is not told.
    expect(leaderNotices.map((n) => n.chatId)).toEqual([tg('李院长')]);
    expect(leaderNotices[0]?.text).toContain('4 县医院信息平台');
    expect(leaderNotices[0]?.text).not.toContain('乡镇卫生院设备购置');
    const w47 = await f.db.jobRun.findFirstOrThrow({ where: { orgId: f.org.id, job: 'deadline', period: '2026-W47' } });
    expect((JSON.parse(w47.detail) as { overdue: string[] }).overdue.sort()).toEqual([f.project('3').id, f.project('4').id].sort());
  });
});
