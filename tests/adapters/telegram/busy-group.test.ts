// A busy group on a Bot API that enforces Telegram's flood limits (1 message a second per chat, 20 a
// minute per group): every filing is acknowledged at once with a reaction, the receipts that queue
// up while the group's window is full go out merged, one line per report, none lost or repeated, and
// the fake never has to refuse a request. The bot runs in a process of its own, so the fake times
// each request as it arrives, as Telegram does (in one process a busy bot delays the fake's clock).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotProcess, stopProcess } from '../../support/bot-process.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { FakeTelegram } from '../../support/fake-telegram.ts';
import { GROUP, seedTelegramOrg, USERS } from './harness.ts';

const CODES = Array.from({ length: 12 }, (_, i) => `B${i + 1}`);
/** Wednesday 10:00 in Shanghai (2026-W47), before the week's deadline. */
const CLOCK_BASE = Date.parse('2026-11-18T02:00:00Z');
let fake: FakeTelegram;
let db: TestDatabase;
let bot: ChildProcess;

beforeAll(async () => {
  fake = await FakeTelegram.start();
  fake.limits = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };
  db = await createTestDatabase('sqlite');
  const world = await seedTelegramOrg(db);
  // 刘站长 (linked in the harness) owns twelve more projects.
  const owner = await db.db.person.findFirstOrThrow({ where: { orgId: world.orgId, name: '刘站长' } });
  for (const [i, code] of CODES.entries()) {
    await db.db.project.create({
      data: { orgId: world.orgId, code, name: `村卫生室改造${i + 1}`, totalInvestment: 5_000_000_000n, annualPlan: 2_000_000_000n, unitId: owner.unitId as string, ownerId: owner.id, sortOrder: 100 + i },
    });
  }
  bot = await startBotProcess({ databaseUrl: db.url, telegramApiRoot: fake.url, clockOffsetMs: CLOCK_BASE - Date.now() });
});
afterAll(async () => {
  if (bot) await stopProcess(bot, 'SIGTERM');
  await fake?.close();
  await db?.destroy();
});

describe('a burst of filings in one group', () => {
  it('reacts to each at once and delivers every receipt, merged while the group is busy, without a 429', { timeout: 60_000 }, async () => {
    const ids = CODES.map((code, i) => {
      const update = fake.message({ chatId: GROUP, from: USERS.liu, text: `/report ${code} 形象进度 ${i + 10}% 本周完成投资 ${i + 1}万 累计 ${(i + 1) * 10}万` });
      fake.push(update);
      return (update.message as { message_id: number }).message_id;
    });

    // Every filing gets its 👌 on the message itself.
    await fake.waitFor(() => ids.every((id) => fake.reactions.some((r) => r.messageId === id)), 15_000, 'a reaction on every filing');
    expect(fake.reactions.filter((r) => ids.includes(r.messageId)).map((r) => [r.chatId, r.emoji])).toEqual(ids.map(() => [String(GROUP), '👌']));

    // Every report stored, and named in exactly one message to the group (its own receipt or a line of a merged one).
    const named = (code: string) => fake.messagesTo(GROUP).filter((m) => m.text.includes(`${code} 村卫生室改造`)).length;
    await fake.waitFor(() => CODES.every((code) => named(code) > 0), 45_000, 'a receipt for every report');
    expect(CODES.map(named)).toEqual(CODES.map(() => 1));
    const stored = await db.db.report.count({ where: { project: { code: { in: CODES } } } });
    expect(stored).toBe(CODES.length);

    const toGroup = fake.messagesTo(GROUP);
    const merged = toGroup.filter((m) => m.text.includes('合并回复'));
    expect(merged.length).toBeGreaterThan(0);
    expect(toGroup.length).toBeLessThan(CODES.length);
    // A merged line carries the figures as stored.
    const line = /• B(\d+) 村卫生室改造\1（刘站长）：形象进度 (\d+)%（首次填报）；本周完成投资 (\d+)万元.*累计完成投资 (\d+)万元.*；状态 按时报送/.exec(merged[0]?.text ?? '');
    const n = Number(line?.[1]);
    expect([line?.[2], line?.[3], line?.[4]].map(Number)).toEqual([n + 9, n, n * 10]);
    expect(fake.flood.refused).toBe(0);
  });
});
