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

const receipt = (n: number) => message([{ kind: 'heading', text: `已收到：项目${n}` }], { summary: `回执 ${n}`, merge: { heading: '已收到以下填报', line: [`项目${n}：形象进度 ${n}0%`] } });
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

  it('while a chat is busy, holds its receipts and then sends them as one message, one line each, each row sent once', async () => {
    const to = { platform: 'sandbox' as const, chatId: 'group' };
    await enqueueMessages(database.db, [...[1, 2, 3, 4, 5].map((n) => ({ key: `r${n}`, to, message: receipt(n) })), { key: 'r6', to, message: hello(6) }], now);
    const platform = new MemoryPlatform();
    platform.busy.set('group', 1500);
    const w = worker(platform);
    await w.drain();
    expect(platform.sent).toHaveLength(0);
    const held = await database.db.outbox.findMany({ orderBy: { key: 'asc' } });
    expect(held.map((r) => [r.status, r.attempts, r.nextAttemptAt.getTime() - now.getTime(), r.lockedBy])).toEqual(held.map(() => ['pending', 0, 1500, null]));
    platform.busy.delete('group');
    now = new Date(now.getTime() + 1500);
    await w.drain();
    expect(platform.sent.map((s) => s.message.summary)).toEqual(['已收到以下填报', '消息 6']);
    expect(platform.sent[0]?.message.blocks).toEqual([
      { kind: 'heading', text: '已收到以下填报' },
      { kind: 'list', items: [1, 2, 3, 4, 5].map((n) => [`项目${n}：形象进度 ${n}0%`]) },
    ]);
    const rows = await database.db.outbox.findMany({ orderBy: { key: 'asc' } });
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(new Set(rows.slice(0, 5).map((r) => r.platformMessageId)).size).toBe(1);
    expect(await w.drain()).toBe(0);
    expect(platform.sent).toHaveLength(2);
  });

  it('sends a lone receipt whole, and retries a failed merged send without losing or repeating a line', async () => {
    const to = { platform: 'sandbox' as const, chatId: 'group' };
    await enqueueMessages(database.db, [{ key: 'a', to, message: receipt(1) }], now);
    const platform = new MemoryPlatform();
    const w = worker(platform);
    await w.drain();
    expect(platform.sent[0]?.message.blocks).toEqual(receipt(1).blocks);
    await enqueueMessages(database.db, [2, 3].map((n) => ({ key: `b${n}`, to, message: receipt(n) })), now);
    platform.failures.push(new SendError('Bad Gateway', 'retry'));
    await w.drain();
    expect(platform.sent).toHaveLength(1);
    expect((await database.db.outbox.findMany({ where: { key: { in: ['b2', 'b3'] } } })).map((r) => [r.status, r.attempts])).toEqual([['pending', 1], ['pending', 1]]);
    now = new Date(now.getTime() + 600_000);
    await w.drain();
    expect(platform.sent).toHaveLength(2);
    expect(JSON.stringify(platform.sent[1]?.message)).toContain('项目2');
    expect(JSON.stringify(platform.sent[1]?.message)).toContain('项目3');
    expect(await database.db.outbox.count({ where: { status: 'sent' } })).toBe(3);
  });

  it('waits out retry_after and backs off on errors, losing nothing', async () => {
    await enqueueMessages(database.db, [{ key: 'a', to: { platform: 'sandbox', chatId: 'group' }, message: hello(1) }], now);
    const platform = new MemoryPlatform();
    platform.failures.push(new SendError('Too Many Requests', 'retry', 30), new SendError('Bad Gateway', 'retry'));
    const w = worker(platform);
    await w.drain();
    const afterFirst = await database.db.outbox.findFirstOrThrow();
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 0 }); // a rate limit is not a failed attempt
    expect(afterFirst.nextAttemptAt.getTime() - now.getTime()).toBeGreaterThanOrEqual(30_000);
    now = new Date(now.getTime() + 29_000);
    expect(await w.drain()).toBe(0); // not before retry_after
    now = new Date(now.getTime() + 1_000);
    await w.drain();
    expect((await database.db.outbox.findFirstOrThrow()).attempts).toBe(1);
    now = new Date(now.getTime() + 600_000);
    await w.drain();
    expect(platform.sent).toHaveLength(1);
    expect(await database.db.outbox.findFirstOrThrow()).toMatchObject({ status: 'sent', attempts: 2 });
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

  it("stops a chat's queue at its first failure; later messages wait behind it, other chats go on", async () => {
    const items = [1, 2, 3].map((n) => ({ key: `a${n}`, to: { platform: 'sandbox' as const, chatId: 'a' }, message: hello(n) }));
    await enqueueMessages(database.db, [...items, { key: 'b1', to: { platform: 'sandbox', chatId: 'b' }, message: hello(9) }], now);
    const platform = new MemoryPlatform();
    let failed = false;
    platform.beforeSend = (to) => {
      if (to !== 'a' || failed) return;
      failed = true;
      throw new SendError('Bad Gateway', 'retry');
    };
    const w = worker(platform);
    await w.drain();
    expect(platform.sent.map((s) => s.message.summary)).toEqual(['消息 9']);
    const rows = await database.db.outbox.findMany({ where: { platformChatId: 'a' }, orderBy: { key: 'asc' } });
    expect(rows.map((r) => [r.status, r.attempts, r.lockedBy])).toEqual([['pending', 1, null], ['pending', 0, null], ['pending', 0, null]]);
    expect(new Set(rows.map((r) => r.nextAttemptAt.getTime())).size).toBe(1); // all wait for the retry
    now = new Date(now.getTime() + 600_000);
    platform.beforeSend = null;
    await w.drain();
    expect(platform.sent.map((s) => s.message.summary)).toEqual(['消息 9', '消息 1', '消息 2', '消息 3']);
  });

  it('renews its claim with every send, so a long queue to one chat is never taken over', async () => {
    await enqueueMessages(database.db, [1, 2, 3, 4, 5].map((n) => ({ key: `q${n}`, to: { platform: 'sandbox' as const, chatId: 'slow' }, message: hello(n) })), now);
    const platform = new MemoryPlatform();
    const other = new MemoryPlatform();
    const short = (p: MemoryPlatform) => new OutboxWorker({ db: database.db, platforms: [p], log: silentLogger, now: () => now, leaseMs: 1000 });
    const rival = short(other);
    // Each send takes 600 ms of the clock: the round outlives the 1 s claim it started with.
    platform.beforeSend = async () => {
      now = new Date(now.getTime() + 600);
      expect(await rival.runOnce()).toBe(0);
    };
    await short(platform).drain();
    expect(platform.sent.map((s) => s.message.summary)).toEqual([1, 2, 3, 4, 5].map((n) => `消息 ${n}`));
    expect(other.sent).toHaveLength(0);
  });

  it('sends again, with a warning, a message whose sender died mid-send (at least once)', async () => {
    await enqueueMessages(database.db, [{ key: 'limbo', to: { platform: 'sandbox', chatId: 'c' }, message: hello(1) }], now);
    await database.db.outbox.update({ where: { key: 'limbo' }, data: { status: 'sending', lockedBy: 'dead-instance', lockedUntil: new Date(now.getTime() + 60_000) } });
    const warnings: string[] = [];
    const platform = new MemoryPlatform();
    const w = new OutboxWorker({ db: database.db, platforms: [platform], log: { ...silentLogger, warn: (m) => warnings.push(m) }, now: () => now });
    expect(await w.drain()).toBe(0); // its claim still holds
    now = new Date(now.getTime() + 60_001);
    expect(await w.drain()).toBe(1);
    expect(platform.sent).toHaveLength(1);
    expect(await database.db.outbox.findUniqueOrThrow({ where: { key: 'limbo' } })).toMatchObject({ status: 'sent', attempts: 1 });
    expect(warnings.join('\n')).toContain('may arrive twice');
  });

  it('sends direct replies it claimed when queueing them, in order, and leaves others to the loop', async () => {
    const platform = new MemoryPlatform();
    const w = worker(platform);
    const claim = { by: w.instanceId, until: new Date(now.getTime() + 60_000) };
    await enqueueMessages(database.db, [
      { key: 'r1', to: { platform: 'sandbox', chatId: 'g' }, message: hello(1), claim },
      { key: 'r2', to: { platform: 'sandbox', chatId: 'g' }, message: hello(2), claim },
      { key: 'elsewhere', to: { platform: 'sandbox', chatId: 'dm' }, message: hello(3) },
    ], now);
    expect(await w.runOnce()).toBe(1); // the loop does not touch the claimed replies
    expect(await w.sendClaimed(['r1', 'r2', 'elsewhere'])).toBe(2);
    expect(platform.sent.map((s) => s.message.summary)).toEqual(['消息 3', '消息 1', '消息 2']);
    expect(await w.sendClaimed(['r1'])).toBe(0); // sent already: never twice
  });

  it('backs off exponentially with a cap', () => {
    expect(backoffMs(1, () => 0.5)).toBe(2000);
    expect(backoffMs(3, () => 0.5)).toBe(8000);
    expect(backoffMs(30, () => 0.5)).toBe(600_000);
  });
});
