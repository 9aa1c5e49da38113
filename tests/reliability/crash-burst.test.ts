// kill -9 during a burst: 100 owners send 500 reports through the fake Bot API to the bot running
// in a child process (tests/support/run-telegram-app.ts); the bot is killed with SIGKILL while it
// is answering, then restarted. Checked, on SQLite and on PostgreSQL:
// - every report the bot had confirmed when it died was in the database;
// - after the restart every report is stored once (one revision each) and confirmed;
// - no confirmation arrives twice, except for a send under way at the kill (its row is 'sending':
//   Telegram may or may not have taken it, and the Bot API has no idempotency key to ask).
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../support/db.ts';
import { startBotProcess, stopProcess } from '../support/bot-process.ts';
import { FakeTelegram, type SentMessage } from '../support/fake-telegram.ts';
import { receiptsOf, seedBurstOrg, until } from './burst-org.ts';

const OWNERS = 100;
const PER_OWNER = 5;
const TOTAL = OWNERS * PER_OWNER;
/** Wednesday 10:00 in Shanghai (2026-W47), before the week's deadline. */
const CLOCK_BASE = Date.parse('2026-11-18T02:00:00Z');
const ownerId = (i: number) => 200_000 + i;
const code = (i: number, k: number) => `P${String(i * PER_OWNER + k + 1).padStart(4, '0')}`;

const children: ChildProcess[] = [];
let fake: FakeTelegram;

beforeAll(async () => {
  fake = await FakeTelegram.start();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => stopProcess(child)));
});

async function startBot(url: string, clockOffsetMs: number): Promise<ChildProcess> {
  const child = await startBotProcess({ databaseUrl: url, telegramApiRoot: fake.url, clockOffsetMs });
  children.push(child);
  return child;
}


/** The confirmations, as "<chat> <project code>". */
const receipts = (sent: SentMessage[]) => receiptsOf(sent, /P\d{4}/);

describeEachProvider('a kill -9 during a burst of 500 reports', (provider) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database?.destroy();
  });

  it('loses no confirmed report, stores each once and confirms each, never twice but for a send under way', { timeout: 240_000 }, async () => {
    database = await createTestDatabase(provider);
    fake.sent.length = 0;
    fake.calls.length = 0;
    fake.queue.length = 0;
    const world = await seedBurstOrg(database.db, { owners: OWNERS, perOwner: PER_OWNER, ownerId, code, projectName: '压力测试项目' });

    // Each owner files five reports in a private chat with the bot, all at once.
    for (let k = 0; k < PER_OWNER; k++) {
      for (let i = 0; i < OWNERS; i++) {
        fake.push(fake.message({ chatId: ownerId(i), from: { id: ownerId(i), first_name: `负责人${i}` }, text: `/report ${code(i, k)}\n形象进度：${10 + k}%\n本周进展：第${k + 1}批工作完成` }));
      }
    }

    const offset = CLOCK_BASE - Date.now();
    const first = await startBot(database.url, offset);
    await until(() => receipts(fake.sent).length >= 120, 60_000, () => `120 receipts (${receipts(fake.sent).length})`);
    await stopProcess(first);

    const confirmedAtKill = new Set(receipts(fake.sent));
    const stored = await database.db.report.findMany({ where: { orgId: world.orgId }, include: { project: true } });
    const storedCodes = new Set(stored.map((r) => r.project.code));
    const unconfirmedStored = [...confirmedAtKill].filter((r) => !storedCodes.has(r.split(' ')[1] as string));
    expect(unconfirmedStored).toEqual([]);
    const inFlight = await database.db.outbox.findMany({ where: { status: 'sending' } });
    expect(storedCodes.size).toBeLessThan(TOTAL); // the kill came mid-burst

    // Restarted after the dead instance's claims (60 s) ran out.
    const second = await startBot(database.url, offset + 61_000);
    await until(() => new Set(receipts(fake.sent)).size >= TOTAL, 120_000, () => `every receipt (${new Set(receipts(fake.sent)).size} of ${TOTAL})`).catch(async (error: Error) => {
      // Say where the missing ones are: their events and outbox rows.
      const events = await database.db.inboundEvent.groupBy({ by: ['status'], _count: true });
      const outbox = await database.db.outbox.groupBy({ by: ['status'], _count: true });
      throw new Error(`${error.message}; inbound events ${JSON.stringify(events)}; outbox ${JSON.stringify(outbox)}`);
    });
    await until(async () => (await database.db.outbox.count({ where: { status: { not: 'sent' } } })) === 0, 20_000, () => 'the outbox to empty');
    await stopProcess(second, 'SIGTERM');

    const reports = await database.db.report.findMany({ where: { orgId: world.orgId }, include: { revisions: true } });
    expect(reports).toHaveLength(TOTAL);
    expect(reports.filter((r) => r.revisions.length !== 1)).toEqual([]);
    const all = receipts(fake.sent);
    expect(new Set(all).size).toBe(TOTAL);
    const twice = all.filter((r, i) => all.indexOf(r) !== i);
    // A repeat is only possible for a send under way at the kill, one per chat at most.
    expect(twice.length).toBeLessThanOrEqual(inFlight.length);
    const inFlightChats = new Set(inFlight.map((row) => row.platformChatId));
    expect(twice.filter((r) => !inFlightChats.has(r.split(' ')[0] as string))).toEqual([]);
    expect(fake.queue).toHaveLength(0); // every update was confirmed to Telegram
  });
});
