// A Bot API that fails: 500s, 429s with retry_after and requests that hang past the send timeout,
// mixed into 60 messages to 20 chats. The outbox loses none and delivers each once, and a rate limit
// uses up no attempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../src/core/messages/outbound.ts';
import { enqueueMessages } from '../../src/core/outbox/enqueue.ts';
import { startHarness, type TelegramHarness } from '../adapters/telegram/harness.ts';
import { waitFor } from '../support/wait.ts';

let h: TelegramHarness;
beforeAll(async () => {
  h = await startHarness({ env: { TELEGRAM_SEND_TIMEOUT_SECONDS: '1' } });
});
afterAll(async () => {
  await h?.close();
});

const CHATS = Array.from({ length: 20 }, (_, i) => String(4000 + i));
const TEXTS = Array.from({ length: 60 }, (_, i) => `可靠性测试通知 ${i + 1}`);

describe('an unreliable Bot API', () => {
  it('loses no message: 500s and hangs are retried, 429s waited out', { timeout: 60_000 }, async () => {
    for (const chatId of CHATS.slice(0, 8)) h.fake.failures.push({ method: 'sendMessage', chatId, status: 500 });
    for (const chatId of CHATS.slice(8, 16)) h.fake.failures.push({ method: 'sendMessage', chatId, status: 429, retryAfter: 1 });
    for (const chatId of CHATS.slice(16, 20)) h.fake.failures.push({ method: 'sendMessage', chatId, status: 502, hangMs: 50_000 }); // longer than the test waits: only the send timeout gets past it
    await enqueueMessages(
      h.app.deps.db,
      TEXTS.map((text, i) => ({ key: `flaky:${String(i).padStart(2, '0')}`, to: { platform: 'telegram' as const, chatId: CHATS[i % CHATS.length] as string }, message: message([{ kind: 'text', lines: [[text]] }]) })),
      h.app.deps.now(),
    );
    h.app.outbox.poke();

    const rows = () => h.db.db.outbox.findMany({ where: { key: { startsWith: 'flaky:' } }, orderBy: { key: 'asc' } });
    await waitFor(async () => (await rows()).every((r) => r.status === 'sent'), {
      timeoutMs: 40_000,
      intervalMs: 100,
      message: async () => `every message to be sent (${(await rows()).filter((r) => r.status !== 'sent').length} not yet)`,
    });

    expect(h.fake.failures).toHaveLength(0); // every injected failure was met
    expect((await rows()).map((r) => r.status)).toEqual(TEXTS.map(() => 'sent'));
    expect(TEXTS.map((t) => h.fake.deliveries(t))).toEqual(TEXTS.map(() => 1));
    // Per chat, in the order queued.
    for (const chatId of CHATS) {
      const expected = TEXTS.filter((_, i) => CHATS[i % CHATS.length] === chatId);
      expect(h.fake.messagesTo(chatId).map((m) => m.text)).toEqual(expected);
    }
    const byChat = new Map((await rows()).filter((r) => r.key.endsWith(':00') || Number(r.key.split(':')[1]) < 20).map((r) => [r.platformChatId, r.attempts]));
    expect(CHATS.slice(0, 8).map((c) => byChat.get(c))).toEqual(CHATS.slice(0, 8).map(() => 2)); // a 500, then sent
    expect(CHATS.slice(8, 16).map((c) => byChat.get(c))).toEqual(CHATS.slice(8, 16).map(() => 1)); // a 429 costs no attempt
    expect(CHATS.slice(16).map((c) => byChat.get(c))).toEqual(CHATS.slice(16).map(() => 2)); // a hang timed out, then sent
  });
});
