// The default week end to end with a fake clock, on a real SQLite file and a real PostgreSQL
// schema: the Thursday reminder, the Friday nudges and deadline notice, the Monday trigger — each
// once, at the right moment, to the right people, in the outbox. Also holidays, 调休, a DST zone,
// and paused projects and people.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { VirtualClock } from '../../src/lib/clock.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { buildFixture, GROUP_CHAT, tg, type Fixture } from './fixtures.ts';

/** Moves a virtual clock hour by hour from `from` to `to`, the scheduler sweeping each move (as the sandbox's :clock does). */
async function walk(fixture: Fixture, from: string, to: string, stepMinutes = 60): Promise<void> {
  const clock = new VirtualClock(new Date(from));
  fixture.at(from);
  const scheduler = fixture.scheduler();
  clock.onMove(async (a, b) => {
    fixture.at(b.toISOString());
    await scheduler.runDue(a, b);
  });
  for (let t = new Date(from).getTime() + stepMinutes * 60_000; t <= new Date(to).getTime(); t += stepMinutes * 60_000) await clock.set(new Date(t));
}

const byKey = <T extends { key: string }>(entries: T[], prefix: string): T[] => entries.filter((e) => e.key.startsWith(prefix));

describeEachProvider('the weekly rhythm', (provider) => {
  let database: TestDatabase;
  let f: Fixture;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('runs the default week: Thu reminder, Fri nudges, Fri deadline notice, Mon trigger — once each, on time', async () => {
    f.handlers.digest = async () => undefined;
    // 陈科长 reports on Tuesday; 张科长 reports project 1 on Thursday evening.
    await walk(f, '2026-11-15T16:00:00Z', '2026-11-17T02:00:00Z'); // Mon 00:00 → Tue 10:00
    await f.file('2', '2026-W47');
    await walk(f, '2026-11-17T02:00:00Z', '2026-11-19T12:00:00Z'); // → Thu 20:00
    await f.file('1', '2026-W47');
    await walk(f, '2026-11-19T12:00:00Z', '2026-11-23T04:00:00Z'); // → next Mon 12:00

    const outbox = await f.outbox();
    const orgId = f.org.id;
    // Thursday 16:00 (08:00Z): one reminder in the group, @-mentioning the owners of 1, 3 and 4.
    const [reminder, ...moreReminders] = byKey(outbox, 'reminder:');
    expect(moreReminders).toEqual([]);
    expect(reminder?.key).toMatch(new RegExp(`^reminder:2026-W47:${orgId}:group:`));
    expect(reminder?.chatId).toBe(GROUP_CHAT);
    expect(reminder?.createdAt.toISOString()).toBe('2026-11-19T08:00:00.000Z');
    expect(reminder?.message.replyContext).toBe('report:');
    expect(reminder?.text).toContain('县人民医院');
    expect(reminder?.text).toContain('1 县医院城东院区感染防控中心工程');
    expect(reminder?.text).toContain('@张科长');
    expect(reminder?.text).toContain('@刘站长');
    expect(reminder?.text).not.toContain('县中医院综合楼'); // reported on Tuesday
    expect(reminder?.text).toContain('/report 1 ');
    const mentions = reminder?.message.blocks.flatMap((b) => (b.kind === 'list' ? b.items.flat() : [])).filter((p) => typeof p === 'object' && 'mention' in p);
    expect(mentions).toContainEqual({ mention: { name: '张科长', userId: tg('张科长') } });

    // Friday 10:00 (02:00Z): private nudges to the owners still missing; 陈科长 reported and gets nothing.
    const nudges = byKey(outbox, 'nudge:');
    expect(nudges.map((n) => `${n.chatId} ${n.createdAt.toISOString()}`).sort()).toEqual([`${tg('刘站长')} 2026-11-20T02:00:00.000Z`, `${tg('张科长')} 2026-11-20T02:00:00.000Z`].sort());
    const zhang = nudges.find((n) => n.chatId === tg('张科长'));
    expect(zhang?.key).toBe(`nudge:2026-W47:${orgId}:owner:${f.person('张科长').id}`);
    expect(zhang?.text).toContain('4 县医院信息平台');
    expect(zhang?.text).not.toContain('城东院区'); // reported on Thursday
    expect(zhang?.message.replyContext).toBe('report:4');
    expect(nudges.some((n) => n.chatId === tg('李院长'))).toBe(false); // first miss: the leader is not told

    // Friday 17:00 (09:00Z): 逾期未报 to the coordinator (all) and the leader (his projects).
    const deadline = byKey(outbox, 'deadline:');
    expect(deadline.map((d) => d.chatId).sort()).toEqual([tg('李院长'), tg('王主任')].sort());
    for (const d of deadline) expect(d.createdAt.toISOString()).toBe('2026-11-20T09:00:00.000Z');
    const coordinator = deadline.find((d) => d.chatId === tg('王主任'));
    expect(coordinator?.text).toContain('逾期未报');
    expect(coordinator?.text).toContain('3 乡镇卫生院设备购置');
    expect(coordinator?.text).toContain('4 县医院信息平台');
    expect(coordinator?.text).toContain('共 4 个项目：已报 2，逾期未报 2，暂停 0');
    // The owners' instruction is for owners: the leader's notice does not carry it.
    const leader = deadline.find((d) => d.chatId === tg('李院长'));
    expect(leader?.text).toContain('4 县医院信息平台');
    expect(leader?.text).not.toContain('补报');
    expect(coordinator?.text).toContain('/remind');

    // Monday 09:00 (01:00Z): the digest trigger for W47 (its handler returned nothing: a short notice).
    const digest = byKey(outbox, 'digest:');
    expect(digest.map((d) => [d.key.split(':').slice(0, 2).join(':'), d.chatId, d.createdAt.toISOString()])).toEqual([
      ['digest:2026-W46', GROUP_CHAT, '2026-11-16T01:00:00.000Z'],
      ['digest:2026-W47', GROUP_CHAT, '2026-11-23T01:00:00.000Z'],
    ]);
    expect(digest[1]?.text).toContain('周报与排名（2026-W47）已生成');

    // Every job ran once; sweeping the same week again changes nothing.
    const runs = await f.db.jobRun.findMany({ where: { orgId }, orderBy: { dueAt: 'asc' } });
    expect(runs.map((r) => `${r.job}:${r.period}:${r.status}`)).toEqual([
      'digest:2026-W46:done',
      'reminder:2026-W47:done',
      'nudge:2026-W47:done',
      'deadline:2026-W47:done',
      'digest:2026-W47:done',
    ]);
    expect(runs[0]?.detail).toBe('handler: notice');
    const again = await f.scheduler({ instanceId: 'second' }).runDue(new Date('2026-11-15T16:00:00Z'), new Date('2026-11-23T04:00:00Z'));
    expect(again.entries.every((e) => e.outcome === 'taken')).toBe(true);
    expect(await f.outbox()).toHaveLength(outbox.length);
  });

  it('fails a summary job with no handler wired, sends nothing, and keeps the run open to be retried', async () => {
    await walk(f, '2026-11-22T16:00:00Z', '2026-11-23T04:00:00Z');
    const run = await f.db.jobRun.findFirstOrThrow({ where: { orgId: f.org.id, job: 'digest' } });
    expect(run).toMatchObject({ period: '2026-W47', status: 'failed' });
    expect(run.detail).toContain("no handler is wired for the 'digest' job");
    expect(byKey(await f.outbox(), 'digest:')).toEqual([]);
  });

  it('moves the reminder on National Day to the previous working day and the notice past the holiday', async () => {
    f.handlers.monthly = async () => undefined;
    f.handlers.quarterly = async () => undefined;
    await walk(f, '2026-09-27T16:00:00Z', '2026-10-09T04:00:00Z'); // Mon 28 Sep → Fri 9 Oct 12:00
    const outbox = await f.outbox();
    const w40 = (prefix: string) => byKey(outbox, `${prefix}:2026-W40:`).map((e) => e.createdAt.toISOString());
    expect(w40('reminder')).toEqual(['2026-09-30T08:00:00.000Z']); // Wed 30 Sep 16:00, not Thu 1 Oct
    expect(new Set(w40('nudge'))).toEqual(new Set(['2026-09-30T02:00:00.000Z'])); // Wed 10:00, not Fri 2 Oct
    expect(new Set(w40('deadline'))).toEqual(new Set(['2026-10-08T09:00:00.000Z'])); // Thu 8 Oct 17:00
    // The first working day of the quarter is 8 October: monthly and quarterly triggers (a notice each).
    const runs = await f.db.jobRun.findMany({ where: { orgId: f.org.id, job: { in: ['monthly', 'quarterly'] } }, orderBy: { job: 'asc' } });
    expect(runs.map((r) => [r.job, r.period, r.dueAt.toISOString(), r.detail])).toEqual([
      ['monthly', '2026-09', '2026-10-08T01:00:00.000Z', 'handler: notice'],
      ['quarterly', '2026-Q3', '2026-10-08T01:00:00.000Z', 'handler: notice'],
    ]);
  });

  it('runs on a 调休 Sunday (2026-01-04) and records the Spring Festival week’s reminder as skipped', async () => {
    f.handlers.monthly = async ({ audience, period }) => ({
      messages: audience.groups.map((g) => ({ recipient: g.recipient, to: g.to, message: { blocks: [{ kind: 'text', lines: [[`月度调度 ${period}`]] }] } })),
    });
    await walk(f, '2026-01-03T16:00:00Z', '2026-01-04T04:00:00Z'); // Sunday 4 Jan 00:00 → 12:00
    const monthly = byKey(await f.outbox(), 'monthly:');
    expect(monthly.map((m) => [m.key.split(':').slice(0, 2).join(':'), m.createdAt.toISOString(), m.text])).toEqual([['monthly:2025-12', '2026-01-04T01:00:00.000Z', '月度调度 2025-12']]);

    // Spring Festival week W08 (16–22 Feb, all off): the reminder's previous working day (Sat 14 Feb,
    // a make-up day) lies in the week before, so it is skipped; the digest moves to Tue 24 Feb.
    // The deadline notice is set to 'skip' here: the week is closed silently.
    await f.setSettings({ jobs: { deadline: { enabled: true, holiday: 'skip' } } });
    f.handlers.digest = async () => undefined;
    await walk(f, '2026-02-15T16:00:00Z', '2026-02-24T10:00:00Z');
    const w08 = await f.db.jobRun.findMany({ where: { orgId: f.org.id, period: '2026-W08' }, orderBy: { dueAt: 'asc' } });
    expect(w08.map((r) => `${r.job}:${r.status}:${r.dueAt.toISOString()}`)).toEqual([
      'reminder:skipped:2026-02-19T08:00:00.000Z',
      'nudge:skipped:2026-02-20T02:00:00.000Z',
      'deadline:skipped:2026-02-20T09:00:00.000Z',
      'digest:done:2026-02-24T01:00:00.000Z',
    ]);
    expect(byKey(await f.outbox(), 'reminder:2026-W08')).toEqual([]);
    expect(byKey(await f.outbox(), 'deadline:2026-W08')).toEqual([]);
    expect(JSON.parse(w08[2]?.detail ?? '{}')).toMatchObject({ silent: true, skipped: 'holiday', overdue: expect.any(Array) });
  });

  it('shows paused projects and people on leave as paused and reminds nobody about them', async () => {
    // Project 3 stopped for the winter; 陈科长 on leave until Friday 20 Nov (inclusive).
    await f.db.project.update({ where: { id: f.project('3').id }, data: { status: 'paused' } });
    await f.db.person.update({ where: { id: f.person('陈科长').id }, data: { pausedUntil: new Date('2026-11-20T16:00:00Z') } });
    await walk(f, '2026-11-18T16:00:00Z', '2026-11-20T10:00:00Z'); // Thu 00:00 → Fri 18:00
    const outbox = await f.outbox();
    const reminder = byKey(outbox, 'reminder:')[0];
    expect(reminder?.text).toContain('暂停中');
    expect(reminder?.text).toContain('⏸ 3 乡镇卫生院设备购置（停工（直到恢复））');
    expect(reminder?.text).toContain('⏸ 2 县中医院综合楼（陈科长 请假至 2026-11-20）');
    expect(reminder?.text).not.toContain('@刘站长');
    expect(reminder?.text).not.toContain('@陈科长');
    const nudged = byKey(outbox, 'nudge:').map((n) => n.chatId);
    expect(nudged).toEqual([tg('张科长')]);
    const coordinator = byKey(outbox, 'deadline:').find((d) => d.chatId === tg('王主任'));
    expect(coordinator?.text).toContain('暂停 2');
    expect(coordinator?.text).not.toContain('乡镇卫生院设备购置');
    expect(coordinator?.text).not.toContain('县中医院综合楼');
  });
});

describeEachProvider('a daylight-saving zone', (provider) => {
  let database: TestDatabase;
  let f: Fixture;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db, { timeZone: 'America/New_York' });
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('keeps New York wall-clock times across the end of DST', async () => {
    await walk(f, '2026-10-26T04:00:00Z', '2026-11-09T17:00:00Z'); // Mon 26 Oct 00:00 EDT → Mon 9 Nov 12:00 EST
    const outbox = await f.outbox();
    const times = (prefix: string) => [...new Set(byKey(outbox, prefix).map((e) => e.createdAt.toISOString()))];
    expect(times('reminder:2026-W44')).toEqual(['2026-10-29T20:00:00.000Z']); // Thu 16:00 EDT
    expect(times('reminder:2026-W45')).toEqual(['2026-11-05T21:00:00.000Z']); // Thu 16:00 EST
    expect(times('nudge:2026-W45')).toEqual(['2026-11-06T15:00:00.000Z']); // Fri 10:00 EST
    expect(times('deadline:2026-W45')).toEqual(['2026-11-06T22:00:00.000Z']); // Fri 17:00 EST
    const digests = await f.db.jobRun.findMany({ where: { orgId: f.org.id, job: 'digest' }, orderBy: { dueAt: 'asc' } });
    expect(digests.map((d) => [d.period, d.dueAt.toISOString()])).toEqual([
      ['2026-W43', '2026-10-26T13:00:00.000Z'], // Mon 09:00 EDT
      ['2026-W44', '2026-11-02T14:00:00.000Z'], // Mon 09:00 EST, the day after the change
      ['2026-W45', '2026-11-09T14:00:00.000Z'],
    ]);
  });
});

describeEachProvider('the sandbox', (provider) => {
  let database: TestDatabase;
  let f: Fixture;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('writes to people by name there, even before they have spoken', async () => {
    await f.db.chat.deleteMany({ where: { orgId: f.org.id } });
    await f.db.identity.deleteMany({ where: { person: { orgId: f.org.id } } });
    await f.db.chat.create({ data: { orgId: f.org.id, platform: 'sandbox', platformChatId: 'group', kind: 'group', title: '群' } });
    await walk(f, '2026-11-18T16:00:00Z', '2026-11-20T10:00:00Z'); // Thu 00:00 → Fri 18:00
    const outbox = await f.outbox();
    expect(byKey(outbox, 'reminder:').map((e) => e.chatId)).toEqual(['group']);
    expect(byKey(outbox, 'nudge:').map((e) => e.chatId).sort()).toEqual(['刘站长', '张科长', '陈科长'].sort());
    expect(byKey(outbox, 'deadline:').map((e) => e.chatId).sort()).toEqual(['李院长', '王主任', '赵院长'].sort());
    const rows = await f.db.outbox.findMany({ where: { orgId: f.org.id } });
    expect(new Set(rows.map((r) => r.platform))).toEqual(new Set(['sandbox']));
  });
});
