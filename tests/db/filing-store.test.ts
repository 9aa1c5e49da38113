// The filing path's hand-written SQL (src/db/filing-store): it reads rows exactly as Prisma does,
// writes rows Prisma reads back, commits an event's writes all or nothing, and a report filed
// through the pipeline costs at most 15 statements; on a real SQLite file and PostgreSQL schema.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createReplyDelivery } from '../../src/app/deliver-replies.ts';
import { createInboundPipeline } from '../../src/core/inbound/pipeline.ts';
import type { Incoming } from '../../src/core/platform.ts';
import { isTransientDbError } from '../../src/db/errors.ts';
import { filingStoreOf, newRowId, type FilingWrite } from '../../src/db/filing-store/filing-store.ts';
import { OutboxWorker } from '../../src/delivery/outbox-worker.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { MemoryPlatform } from '../support/memory-platform.ts';
import { buildWorld, type World } from '../support/world.ts';

describeEachProvider('the filing store', (provider) => {
  let database: TestDatabase;
  let world: World;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildWorld(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const store = () => filingStoreOf(database.db);

  it('reads the speaker, their projects and a week’s neighbours exactly as Prisma reads them', async () => {
    const { db } = database;
    world.at('2025-12-24T02:00:00Z');
    await world.say('张科长', '/report 1 20% 累计100万');
    world.at('2026-11-11T02:00:00Z');
    await world.say('张科长', '/report 1 40% 累计3080万');
    world.at('2026-11-25T02:00:00Z');
    await world.say('张科长', '/report 1 44% 累计3300万');
    await world.say('王主任', '/setup', { chat: 'group' });

    const personId = await world.personId('张科长');
    const chat = await db.chat.findFirstOrThrow({ where: { orgId: world.orgId } });
    const speaker = await store().speaker(chat.platform, chat.platformChatId, '张科长'); // bound by name in the sandbox
    expect(speaker.person).toEqual(await db.person.findUnique({ where: { id: personId } }));
    expect(speaker.personOrg).toEqual(await db.org.findUnique({ where: { id: world.orgId } }));
    expect(speaker.chat).toEqual(chat);
    expect(speaker.chatOrg).toEqual(speaker.personOrg);
    expect(await store().speaker('telegram', 'nowhere', 'nobody')).toEqual({ chat: null, chatOrg: null, person: null, personOrg: null });

    const own = await db.project.findMany({ where: { orgId: world.orgId, ownerId: personId, status: { not: 'completed' } }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] });
    expect(own.length).toBeGreaterThan(1);
    expect(await store().ownProjects(world.orgId, personId)).toEqual(own);

    const projectId = own.find((p) => p.code === '1')?.id ?? '';
    const report = (period: string) => db.report.findUnique({ where: { projectId_period: { projectId, period } } });
    // A week between two reports of the same year, with a report of the year before further back.
    expect(await store().neighbours(projectId, '2026-W47')).toEqual({ previous: await report('2026-W46'), next: await report('2026-W48'), sameWeek: null, sameWeekPhotos: 0 });
    // The next report is looked for in the same year only; the previous one in any.
    expect(await store().neighbours(projectId, '2026-W10')).toEqual({ previous: await report('2025-W52'), next: await report('2026-W46'), sameWeek: null, sameWeekPhotos: 0 });
    expect(await store().neighbours(projectId, '2025-W52')).toMatchObject({ previous: null, next: null, sameWeek: await report('2025-W52') });
  });

  it('writes a revision Prisma reads back, and refuses one on top of a week that moved on, writing nothing of the event', async () => {
    const { db } = database;
    await world.say('张科长', '/report 1 40% 累计3080万');
    const first = await db.report.findFirstOrThrow({ where: { orgId: world.orgId } });
    const personId = await world.personId('张科长');
    const at = new Date('2026-11-18T03:00:00Z');
    const write: FilingWrite = {
      reportId: first.id,
      orgId: world.orgId,
      projectId: first.projectId,
      period: first.period,
      revision: 2,
      isNew: false,
      report: { ...first, progress: 41, cumulative: 3_100_000_000n },
      values: { ...first, progress: 41, cumulative: 3_100_000_000n },
      correction: '',
      sourceText: '/report 1 41% 累计3100万',
      platform: 'sandbox',
      platformMessageId: 'm2',
      sourceEvent: 'sandbox:e2',
      at,
      audit: { action: 'report.submit', detail: '{"revision":2}' },
      draft: { personId, platform: 'sandbox', chatId: 'group' },
    };
    await store().commitEvent({ filings: [write], outbox: [], processed: null });
    const second = await db.report.findUniqueOrThrow({ where: { id: first.id }, include: { revisions: { orderBy: { revision: 'asc' } } } });
    expect(second).toMatchObject({ revision: 2, progress: 41, cumulative: 3_100_000_000n, filedAt: at, firstFiledAt: first.firstFiledAt, late: false });
    expect(second.revisions.map((r) => [r.revision, r.progress, r.sourceEvent])).toEqual([
      [1, 40, expect.any(String)],
      [2, 41, 'sandbox:e2'],
    ]);
    expect(await db.auditLog.count({ where: { entityId: first.id, action: 'report.submit' } })).toBe(2);

    // The same write again is a revision 2 on top of revision 2: a conflict, retried by the caller.
    await store().recordEvent({ platform: 'sandbox', eventId: 'e3', payload: '{}', receivedAt: at });
    const queued = { id: newRowId(), key: 'reply:e3', orgId: null, platform: 'sandbox', platformChatId: 'group', message: '{}', nextAttemptAt: at, createdAt: at, lockedBy: null, lockedUntil: null };
    const conflict = await store()
      .commitEvent({ filings: [write], outbox: [queued], processed: { platform: 'sandbox', eventId: 'e3', at } })
      .catch((error: unknown) => error);
    expect(isTransientDbError(conflict)).toBe(true);
    expect(await db.outbox.count({ where: { key: 'reply:e3' } })).toBe(0);
    expect((await db.inboundEvent.findFirstOrThrow({ where: { eventId: 'e3' } })).status).toBe('received');
    expect(await db.reportRevision.count({ where: { reportId: first.id } })).toBe(2);

    // Without the report, the rest commits; a key queued before is left as it is.
    const keys = await store().commitEvent({ filings: [], outbox: [queued, { ...queued, id: newRowId() }], processed: { platform: 'sandbox', eventId: 'e3', at } });
    expect([...keys]).toEqual(['reply:e3']);
    expect(await db.outbox.count({ where: { key: 'reply:e3' } })).toBe(1);
    expect((await db.inboundEvent.findFirstOrThrow({ where: { eventId: 'e3' } })).status).toBe('processed');
    expect(await store().recordEvent({ platform: 'sandbox', eventId: 'e3', payload: '{}', receivedAt: at })).toBe(false);
  });

  it('files a report through the pipeline in at most 15 statements, report and receipt committed together', async () => {
    const platform = new MemoryPlatform();
    const outbox = new OutboxWorker({ db: database.db, platforms: [platform], log: world.deps.log, now: world.deps.now });
    const pipeline = createInboundPipeline({ deps: world.deps, deliver: createReplyDelivery(world.deps, outbox), sweepEveryMs: 0 }, { platform });
    const file = async (eventId: string, text: string) => {
      const incoming: Incoming = { platform: 'sandbox', eventId, chat: { id: '张科长', kind: 'private' }, sender: { id: '张科长', displayName: '张科长' }, text, receivedAt: world.deps.now() };
      const before = database.statementsRun();
      await pipeline.handle(incoming);
      return database.statementsRun() - before;
    };
    await file('warm-up', '/report 2 10%'); // not the sender's project: refused, but the statements are prepared
    const costs = [await file('p1', '/report 1 40% 累计3080万 本周进展：桩基完成'), await file('p2', '/report 1 41% 累计3100万')];
    await pipeline.close();

    expect(platform.sent.map((s) => s.message.blocks.length > 0)).toHaveLength(3);
    const report = await database.db.report.findFirstOrThrow({ where: { orgId: world.orgId }, include: { revisions: true } });
    expect(report).toMatchObject({ revision: 2, progress: 41, cumulative: 3_100_000_000n, done: '桩基完成' });
    expect(await database.db.inboundEvent.count({ where: { status: 'processed' } })).toBe(3);
    expect(await database.db.outbox.count({ where: { status: 'sent' } })).toBe(3);
    for (const cost of costs) expect(cost).toBeLessThanOrEqual(15);
  });
});
