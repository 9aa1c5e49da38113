// A message processed twice (the process died after storing and before marking the event done)
// files nothing twice, and its replies are queued once; on a real SQLite file and PostgreSQL schema.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createReplyDelivery } from '../../src/app/deliver-replies.ts';
import { unfinishedEvents } from '../../src/core/inbound/event-store.ts';
import { createInboundPipeline } from '../../src/core/inbound/pipeline.ts';
import { handleIncoming } from '../../src/core/router.ts';
import type { Incoming } from '../../src/core/platform.ts';
import { OutboxWorker } from '../../src/delivery/outbox-worker.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { MemoryPlatform } from '../support/memory-platform.ts';
import { buildWorld, type World } from '../support/world.ts';

const REPORT = `/report 城东院区
形象进度：45%
累计完成投资：3200万元
本周进展：主体结构第三层浇筑完成
存在问题：1. 施工用电增容审批未完成`;

describeEachProvider('processing a message again', (provider) => {
  let database: TestDatabase;
  let world: World;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildWorld(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const revisions = () => database.db.reportRevision.count({ where: { report: { orgId: world.orgId } } });

  it('finds the report it stored the first time and answers the same', async () => {
    const first = await world.say('张科长', REPORT, { eventId: 'u1' });
    const again = await world.say('张科长', REPORT, { eventId: 'u1' });
    expect(first).toContain('已收到');
    expect(await revisions()).toBe(1);
    expect(again).toContain('已收到');
    expect(again).toContain('45%');
    expect(again).toContain('施工用电增容审批未完成');
    // The same words in a new message are a new revision.
    await world.say('张科长', REPORT, { eventId: 'u2' });
    expect(await revisions()).toBe(2);
  });

  it('does the same for 确认 of a draft', async () => {
    world.at('2026-11-11T02:00:00Z');
    await world.say('张科长', '/report 1 40% 累计3080万');
    world.at('2026-11-18T02:00:00Z');
    expect(await world.say('张科长', '/report 1 41% 累计3000万')).toContain('确认');
    const confirmed = await world.say('张科长', '确认', { eventId: 'c1' });
    expect(confirmed).toContain('已收到');
    const again = await world.say('张科长', '确认', { eventId: 'c1' });
    expect(again).toContain('已收到');
    expect(again).toContain('3000万元');
    expect(await revisions()).toBe(2);
    expect(await world.say('张科长', '确认')).toContain('没有待确认'); // a new 确认 is not a replay
  });

  it('queues the replies with the event marked processed, once, and sends the direct ones once', async () => {
    const platform = new MemoryPlatform();
    const outbox = new OutboxWorker({ db: database.db, platforms: [platform], log: world.deps.log, now: world.deps.now });
    const open = () => createInboundPipeline({ deps: world.deps, deliver: createReplyDelivery(world.deps, outbox), sweepEveryMs: 0 }, { platform });
    const incoming: Incoming = {
      platform: 'sandbox',
      eventId: 'crash-1',
      chat: { id: `group-${world.orgId}`, kind: 'group' },
      sender: { id: '张科长', displayName: '张科长' },
      text: REPORT,
      receivedAt: world.deps.now(),
    };
    expect(await open().accept(incoming)).toBe('new');
    const replies = await handleIncoming(world.deps, incoming); // the report is stored… and the process dies before delivering
    expect((await unfinishedEvents(database.db, 'sandbox')).map((e) => e.eventId)).toEqual(['crash-1']);

    for (let run = 0; run < 2; run++) {
      const restarted = open(); // a restart, and a second one: the second finds nothing left
      restarted.resume();
      await restarted.idle();
      await restarted.close();
    }
    expect(await unfinishedEvents(database.db, 'sandbox')).toEqual([]);
    expect(await revisions()).toBe(1);
    expect(platform.sent).toHaveLength(replies.length);
    expect(await database.db.outbox.findMany({ select: { status: true } })).toEqual(replies.map(() => ({ status: 'sent' })));
  });
});
