// Exactly once: two scheduler instances racing on the same PostgreSQL schema, a fan-out resumed
// after a crash, catch-up after downtime inside and outside the grace window, and the yearly
// holiday-data warning.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { jobMessageKey } from '../../src/core/schedule/record-job-run.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { buildFixture, tg, type Fixture } from './fixtures.ts';

const WEEK_START = '2026-11-15T16:00:00Z'; // Monday 16 Nov 00:00 in Shanghai
const NEXT_MONDAY_NOON = '2026-11-23T04:00:00Z';

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

describeEachProvider('two instances racing', (provider) => {
  let database: TestDatabase;
  let second: Database | null = null;
  let f: Fixture;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db);
    f.handlers.digest = async () => undefined;
  });
  afterEach(async () => {
    await second?.close();
    second = null;
    await database.destroy();
  });

  // better-sqlite3 is synchronous: two clients of one file in one process would wait on each other's
  // lock while blocking the thread that holds it. The race is a PostgreSQL matter; SQLite runs one instance.
  it.runIf(provider === 'postgresql')('sends each message once when two instances sweep the same week at once', async () => {
    second = await openDatabase(database.url);
    const a = f.scheduler({ instanceId: 'instance-a' });
    const b = f.scheduler({ instanceId: 'instance-b', db: second.db });
    f.at(NEXT_MONDAY_NOON);
    // Sweep hour by hour, both instances at the same time on every step.
    for (let t = new Date(WEEK_START).getTime(); t < new Date(NEXT_MONDAY_NOON).getTime(); t += 3_600_000) {
      const from = new Date(t);
      const to = new Date(t + 3_600_000);
      const [ra, rb] = await Promise.all([a.runDue(from, to), b.runDue(from, to)]);
      const outcomes = countBy([...ra.entries, ...rb.entries], (e) => `${e.job}:${e.period}`);
      for (const count of outcomes.values()) expect(count).toBe(2); // each saw it…
      const done = [...ra.entries, ...rb.entries].filter((e) => e.outcome === 'done');
      expect(done.length).toBe(outcomes.size); // …and exactly one ran it
    }
    const runs = await f.db.jobRun.findMany({ where: { orgId: f.org.id } });
    expect(runs.map((r) => `${r.job}:${r.period}`).sort()).toEqual(['deadline:2026-W47', 'digest:2026-W46', 'digest:2026-W47', 'nudge:2026-W47', 'reminder:2026-W47']);
    for (const run of runs) expect(['instance-a', 'instance-b']).toContain(run.claimedBy);
    const outbox = await f.outbox();
    // One reminder; three owners all missing → three nudges; the coordinator and two leaders; two digest notices.
    const perJob = countBy(outbox, (e) => e.key.split(':')[0] ?? '');
    expect(Object.fromEntries(perJob)).toEqual({ reminder: 1, nudge: 3, deadline: 3, digest: 2 });
    const perChatAndJob = countBy(outbox, (e) => `${e.chatId}|${e.key.split(':').slice(0, 2).join(':')}`);
    for (const count of perChatAndJob.values()) expect(count).toBe(1);
  });

  it.runIf(provider === 'postgresql')('catches up once when two instances start together after downtime', async () => {
    f.at('2026-11-18T04:00:00Z');
    await f.scheduler().runDue(new Date(WEEK_START), new Date('2026-11-18T04:00:00Z'));
    second = await openDatabase(database.url);
    f.at('2026-11-20T12:00:00Z');
    const [ra, rb] = await Promise.all([f.scheduler({ instanceId: 'instance-a' }).catchUp(f.now()), f.scheduler({ instanceId: 'instance-b', db: second.db }).catchUp(f.now())]);
    const acted = [...ra.entries, ...rb.entries].filter((e) => e.outcome !== 'taken').map((e) => `${e.job}:${e.outcome}`);
    expect(acted.sort()).toEqual(['deadline:done', 'nudge:done', 'reminder:skipped']);
    const outbox = await f.outbox();
    expect(outbox.filter((e) => e.key.startsWith('nudge:'))).toHaveLength(3);
    // The skipped reminder is reported once, by whichever instance recorded it.
    const reports = outbox.filter((e) => e.key.startsWith('catch-up:'));
    expect(reports.map((r) => r.chatId)).toEqual([tg('王主任')]);
    expect(reports[0]?.text).toContain('群内填报提醒 2026-W47');
  });

  it('resumes a fan-out a crashed instance left half done, without repeating a message', async () => {
    // The crashed instance claimed the nudge at Fri 10:00 and queued 张科长's nudge before dying.
    const dueAt = new Date('2026-11-20T02:00:00Z');
    await f.db.jobRun.create({ data: { orgId: f.org.id, job: 'nudge', period: '2026-W47', dueAt, claimedBy: 'crashed', status: 'running', startedAt: dueAt } });
    const zhangKey = jobMessageKey('nudge', '2026-W47', f.org.id, `owner:${f.person('张科长').id}`);
    await f.db.outbox.create({ data: { key: zhangKey, orgId: f.org.id, platform: 'telegram', platformChatId: tg('张科长'), message: '{"blocks":[]}', createdAt: dueAt } });

    // Within the lease, another instance leaves it alone.
    f.at('2026-11-20T02:05:00Z');
    const early = await f.scheduler({ instanceId: 'b' }).runDue(new Date('2026-11-20T02:04:00Z'), new Date('2026-11-20T02:05:00Z'));
    expect(early.entries).toEqual([]);

    // After the lease (10 min), it is taken over and completed.
    f.at('2026-11-20T02:15:00Z');
    const later = await f.scheduler({ instanceId: 'b' }).runDue(new Date('2026-11-20T02:14:00Z'), new Date('2026-11-20T02:15:00Z'));
    expect(later.entries.map((e) => `${e.job}:${e.outcome}`)).toEqual(['nudge:done']);
    const run = await f.db.jobRun.findFirstOrThrow({ where: { orgId: f.org.id, job: 'nudge' } });
    expect(run).toMatchObject({ status: 'done', claimedBy: 'b' });
    const nudges = (await f.outbox()).filter((e) => e.key.startsWith('nudge:'));
    expect(nudges.map((n) => n.chatId).sort()).toEqual([tg('刘站长'), tg('张科长'), tg('陈科长')].sort());
    expect(nudges.find((n) => n.key === zhangKey)?.message).toEqual({ blocks: [] }); // the one already queued was not queued again
  });
});

describeEachProvider('restart catch-up', (provider) => {
  let database: TestDatabase;
  let f: Fixture;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    f = await buildFixture(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('runs what was missed within the grace window once, and records and reports older runs as skipped', async () => {
    // Up until Wednesday noon, then down until Friday 20:00.
    f.at('2026-11-18T04:00:00Z');
    await f.scheduler().runDue(new Date(WEEK_START), new Date('2026-11-18T04:00:00Z'));
    f.at('2026-11-20T12:00:00Z');
    const restarted = f.scheduler({ instanceId: 'restarted' });
    const report = await restarted.catchUp(f.now());
    // (The digest at Monday 09:00, the last run on record, is planned again and found taken.)
    expect(report.entries.filter((e) => e.outcome !== 'taken').map((e) => `${e.job}:${e.outcome}:${e.skip ?? ''}`)).toEqual([
      'reminder:skipped:missed', // Thu 16:00, 28 h ago
      'nudge:done:', // Fri 10:00, 10 h ago
      'deadline:done:', // Fri 17:00, 3 h ago
    ]);
    const runs = await f.db.jobRun.findMany({ where: { orgId: f.org.id, period: '2026-W47' }, orderBy: { dueAt: 'asc' } });
    expect(runs.map((r) => `${r.job}:${r.status}:${r.detail.startsWith('{') ? 'json' : r.detail}`)).toEqual(['reminder:skipped:missed', 'nudge:done:json', 'deadline:done:json']);
    const outbox = await f.outbox();
    expect(outbox.filter((e) => e.key.startsWith('reminder:'))).toEqual([]);
    expect(outbox.filter((e) => e.key.startsWith('nudge:')).length).toBe(3);
    const skipped = outbox.filter((e) => e.key.startsWith('catch-up:'));
    expect(skipped.map((e) => e.chatId)).toEqual([tg('王主任')]);
    expect(skipped[0]?.text).toContain('群内填报提醒 2026-W47（原定 2026-11-19 16:00）');
    expect(skipped[0]?.text).toContain('12 小时');

    // Catching up again (another restart, or a second instance) repeats nothing.
    const again = await f.scheduler({ instanceId: 'again' }).catchUp(f.now());
    expect(again.entries.every((e) => e.outcome === 'taken')).toBe(true);
    expect(await f.outbox()).toHaveLength(outbox.length);
  });

  it('on a fresh install looks back only the grace window', async () => {
    f.at('2026-11-20T12:00:00Z'); // Friday 20:00, nothing ever ran
    const report = await f.scheduler().catchUp(f.now());
    expect(report.entries.map((e) => `${e.job}:${e.outcome}`)).toEqual(['nudge:done', 'deadline:done']);
    expect((await f.outbox()).filter((e) => e.key.startsWith('catch-up:'))).toEqual([]);
  });

  it('honours the org’s grace setting', async () => {
    await f.setSettings({ catchUpGraceHours: 48 });
    f.at('2026-11-18T04:00:00Z');
    await f.scheduler().runDue(new Date(WEEK_START), new Date('2026-11-18T04:00:00Z'));
    f.at('2026-11-20T12:00:00Z');
    const report = await f.scheduler().catchUp(f.now());
    expect(report.entries.filter((e) => e.outcome !== 'taken').map((e) => `${e.job}:${e.outcome}`)).toEqual(['reminder:done', 'nudge:done', 'deadline:done']);
  });

  it('starts (catching up) and stops cleanly with node-cron', async () => {
    f.at('2026-11-19T08:30:00Z'); // Thursday 16:30: the reminder is 30 min late
    const scheduler = f.scheduler();
    await scheduler.start();
    await scheduler.stop();
    expect((await f.outbox()).filter((e) => e.key.startsWith('reminder:'))).toHaveLength(1);
    await scheduler.stop(); // twice is fine
  });

  it('warns coordinators once when the coming year has no holiday data', async () => {
    f.at('2026-11-30T02:00:00Z');
    await f.scheduler().runDue(new Date('2026-11-30T01:00:00Z'), new Date('2026-11-30T02:00:00Z'));
    expect((await f.outbox()).filter((e) => e.key.startsWith('holiday-data:'))).toEqual([]);
    // 1 December, 08:00 in Shanghai: not yet (no messages before 09:00).
    f.at('2026-12-01T00:00:00Z');
    await f.scheduler().runDue(new Date('2026-11-30T23:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect((await f.outbox()).filter((e) => e.key.startsWith('holiday-data:'))).toEqual([]);
    for (const [instance, hour] of [['a', 2], ['b', 3], ['a', 5]] as const) {
      const to = new Date(`2026-12-01T0${hour}:00:00Z`);
      f.at(to.toISOString());
      await f.scheduler({ instanceId: instance }).runDue(new Date(to.getTime() - 3_600_000), to);
    }
    const warnings = (await f.outbox()).filter((e) => e.key.startsWith('holiday-data:'));
    expect(warnings.map((w) => [w.key.split(':').slice(0, 2).join(':'), w.chatId])).toEqual([['holiday-data:2027', tg('王主任')]]);
    expect(warnings[0]?.text).toContain('2027 年节假日数据缺失');
    expect(warnings[0]?.text).toContain('/holiday add 2027-01-01');
  });
});
