// Killed mid-outbox and restarted: the app runs in a child process (tests/support/run-telegram-app.ts)
// and is killed with SIGKILL while messages are being sent; after a restart every message is
// delivered and none twice.
//
// The fake holds every sendMessage that arrives after the first 10 deliveries, so the kill lands
// while requests are in flight but before Telegram took them (the fake drops a request whose client
// went away). The one window no bot can close, Telegram accepting a message and the process dying
// before the outbox row is marked sent (a single SQLite update, about a millisecond), is described in
// src/adapters/telegram/README.md; this test waits until the delivered rows are marked before it kills.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../../src/core/messages/outbound.ts';
import { enqueueMessages } from '../../../src/core/outbox/enqueue.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startBotProcess, stopProcess } from '../../support/bot-process.ts';
import { waitFor } from '../../support/wait.ts';
import { FakeTelegram } from '../../support/fake-telegram.ts';
import { seedTelegramOrg } from './harness.ts';

const COUNT = 30;
let fake: FakeTelegram;
let db: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  fake = await FakeTelegram.start();
  db = await createTestDatabase('sqlite');
  await seedTelegramOrg(db);
});
afterAll(async () => {
  await Promise.all(children.map((child) => stopProcess(child)));
  await fake?.close();
  await db?.destroy();
});

async function startChild(clockOffsetMs: number): Promise<ChildProcess> {
  const child = await startBotProcess({ databaseUrl: db.url, telegramApiRoot: fake.url, clockOffsetMs });
  children.push(child);
  return child;
}

describe('Telegram outbox across a kill -9', () => {
  it('loses nothing and doubles nothing', async () => {
    const texts = Array.from({ length: COUNT }, (_, i) => `重启测试通知 ${i + 1}`);
    await enqueueMessages(db.db, texts.map((text, i) => ({ key: `restart:${i}`, to: { platform: 'telegram' as const, chatId: String(3001 + i) }, message: message([{ kind: 'text', lines: [[text]] }]) })), new Date());

    fake.sendDelayMs = 40;
    fake.holdAfter = 10;
    const first = await startChild(0);
    await fake.waitFor(() => fake.sent.length >= 10, 15_000, 'ten deliveries');
    // Let the ten delivered rows be marked, with more sends held in flight, then kill.
    await waitFor(async () => (await db.db.outbox.count({ where: { status: 'sent' } })) >= 10, { timeoutMs: 10_000, message: 'ten rows marked sent' });
    expect(fake.callsOf('sendMessage').length).toBeGreaterThan(10); // requests in flight
    await stopProcess(first);
    // The held sends were begun ('sending'); Telegram never took them, so their retry is not a repeat.
    expect(await db.db.outbox.count({ where: { status: { in: ['pending', 'sending'] } } })).toBe(COUNT - 10);
    expect(await db.db.outbox.count({ where: { status: 'sending' } })).toBeGreaterThan(0);

    // The restart comes after the dead instance's claims (60 s leases) ran out.
    fake.holdAfter = null;
    fake.sendDelayMs = 0;
    const second = await startChild(61_000);
    await waitFor(async () => (await db.db.outbox.count({ where: { status: 'sent' } })) >= COUNT, { timeoutMs: 15_000, intervalMs: 50, message: `all ${COUNT} rows marked sent` });
    await stopProcess(second, 'SIGTERM');

    expect(await db.db.outbox.count({ where: { status: 'sent' } })).toBe(COUNT);
    expect(texts.map((t) => fake.deliveries(t))).toEqual(texts.map(() => 1));
  });
});
