import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/context.ts';
import { message } from '../../src/core/messages/outbound.ts';
import { enqueueMessages } from '../../src/core/outbox/enqueue.ts';
import { SendError } from '../../src/core/platform.ts';
import { openDatabase } from '../../src/db/client.ts';
import { backoffMs, OutboxWorker } from '../../src/delivery/outbox-worker.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { MemoryPlatform } from '../support/memory-platform.ts';
import { buildWorld } from '../support/world.ts';

const hello = (n: number) => message([{ kind: 'text', lines: [[`消息 ${n}`]] }], { summary: `消息 ${n}` });

describeEachProvider('the outbox', (provider) => {
  let database: TestDatabase;
  let now: Date;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
    now = new Date('2026-11-19T08:00:00Z');
  });
  afterEach(async () => {
    await database.destroy();
  });
  const worker = (platform: MemoryPlatform, db = database.db) => new OutboxWorker({ db, platforms: [platform], log: silentLogger, now: () => now });

  it('queues a key once and sends each message once, in order per chat', async () => {
    const items = [1, 2, 3].map((n) => ({ key: `k${n}`, to: { platform: 'sandbox' as const, chatId: 'group' }, message: hello(n) }));
    expect(await enqueueMessages(database.db, items, now)).toBe(3);
    expect(await enqueueMessages(database.db, items, now)).toBe(0);
    const platform = new MemoryPlatform();
    expect(await worker(platform).drain()).toBe(3);
    expect(platform.sent.map((s) => s.message.summary)).toEqual(['消息 1', '消息 2', '消息 3']);
    expect(await worker(platform).drain()).toBe(0);
    expect(await database.db.outbox.count({ where: { status: 'sent' } })).toBe(3);
  });

  it('waits out retry_after and backs off on errors, losing nothing', async () => {
    await enqueueMessages(database.db, [{ key: 'a', to: { platform: 'sandbox', chatId: 'group' }, message: hello(1) }], now);
    const platform = new MemoryPlatform();
    platform.failures.push(new SendError('Too Many Requests', 'retry', 30), new SendError('Bad Gateway', 'retry'));
    const w = worker(platform);
    await w.drain();
    const afterFirst = await database.db.outbox.findFirstOrThrow();
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1 });
    expect(afterFirst.nextAttemptAt.getTime() - now.getTime()).toBeGreaterThanOrEqual(30_000);
    now = new Date(now.getTime() + 29_000);
    expect(await w.drain()).toBe(0); // not before retry_after
    now = new Date(now.getTime() + 1_000);
    await w.drain();
    expect((await database.db.outbox.findFirstOrThrow()).attempts).toBe(2);
    now = new Date(now.getTime() + 600_000);
    await w.drain();
    expect(platform.sent).toHaveLength(1);
    expect(await database.db.outbox.findFirstOrThrow()).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('gives up after the last attempt and tells the coordinators', async () => {
    const world = await buildWorld(database.db);
    await world.say('王主任', '/whoami'); // binds the coordinator's sandbox account
    await enqueueMessages(database.db, [{ key: 'x', orgId: world.orgId, to: { platform: 'sandbox', chatId: 'gone' }, message: hello(1) }], now);
    const platform = new MemoryPlatform();
    platform.failures.push(new SendError('chat not found', 'permanent'));
    await worker(platform).drain();
    expect(await database.db.outbox.findUniqueOrThrow({ where: { key: 'x' } })).toMatchObject({ status: 'failed', lastError: 'chat not found' });
    expect(platform.sent.map((s) => s.to)).toEqual(['王主任']);
    expect(JSON.stringify(platform.sent[0]?.message)).toContain('未能发送到 gone');
  });

  // Several instances share one database only on PostgreSQL; SQLite is the single-instance default.
  it.skipIf(provider === 'sqlite')('sends each message once when two instances drain together', async () => {
    const items = Array.from({ length: 60 }, (_, n) => ({ key: `m${n}`, to: { platform: 'sandbox' as const, chatId: `chat${n % 7}` }, message: hello(n) }));
    await enqueueMessages(database.db, items, now);
    const second = await openDatabase(database.url, { migrate: false });
    const a = new MemoryPlatform();
    const b = new MemoryPlatform();
    await Promise.all([worker(a).drain(), worker(b, second.db).drain()]);
    await second.close();
    const keys = [...a.sent, ...b.sent].map((s) => s.message.summary).sort();
    expect(keys).toHaveLength(60);
    expect(new Set(keys).size).toBe(60);
  });

  it('backs off exponentially with a cap', () => {
    expect(backoffMs(1, () => 0.5)).toBe(2000);
    expect(backoffMs(3, () => 0.5)).toBe(8000);
    expect(backoffMs(30, () => 0.5)).toBe(600_000);
  });
});
