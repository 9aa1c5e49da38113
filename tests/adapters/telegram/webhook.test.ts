// Webhook mode end to end: setWebhook with the secret at start, updates posted to the bot's own
// HTTP server as Telegram posts them, the secret header checked before anything is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEventAnswered } from '../../support/settle.ts';
import { GROUP, startHarness, USERS, WEBHOOK_SECRET, type TelegramHarness } from './harness.ts';

let h: TelegramHarness;

beforeAll(async () => {
  h = await startHarness({ webhook: true });
});
afterAll(async () => {
  await h?.close();
});

async function post(update: Record<string, unknown>, secret?: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${h.port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(update),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('Telegram webhook', () => {
  it('sets the webhook with the secret at start and does not poll', () => {
    expect(h.fake.webhook).toEqual({ url: 'https://bot.example.org/telegram/webhook', secret_token: WEBHOOK_SECRET });
    expect(h.fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it('refuses a wrong or missing secret with 401 and stores nothing', async () => {
    const update = { update_id: 500_001, ...h.fake.message({ chatId: GROUP, from: USERS.wang, text: '/status' }) };
    expect(await post(update, 'wrong-secret')).toBe(401);
    expect(await post(update)).toBe(401);
    expect(await h.db.db.inboundEvent.count()).toBe(0);
    // A later update in the same chat is answered: by then a refused one would have been too.
    const later: Record<string, unknown> = { update_id: 500_009, ...h.fake.message({ chatId: GROUP, from: USERS.wang, text: '/status' }) };
    expect(await post(later, WEBHOOK_SECRET)).toBe(200);
    await waitForEventAnswered(h.db.db, 'telegram', '500009:');
    const laterId = (later.message as { message_id: number }).message_id;
    expect(h.fake.sent.length).toBeGreaterThan(0);
    expect(h.fake.sent.filter((m) => m.reply_to !== laterId)).toHaveLength(0);
  });

  it('stores, answers 200 and processes an update with the right secret, once', async () => {
    const update: Record<string, unknown> = { update_id: 500_002, ...h.fake.message({ chatId: GROUP, from: USERS.zhang, text: '@progress_test_bot 填报 1\n形象进度：60%' }) };
    const messageId = (update.message as { message_id: number }).message_id;
    expect(await post(update, WEBHOOK_SECRET)).toBe(200);
    await h.fake.waitFor(() => h.fake.sent.find((m) => m.reply_to === messageId && m.text.includes('已收到')), 8000, 'the receipt');
    const count = h.fake.sent.length;
    expect(await post(update, WEBHOOK_SECRET)).toBe(200);
    // A later update in the same chat is answered after the re-delivery would have been.
    const later: Record<string, unknown> = { update_id: 500_003, ...h.fake.message({ chatId: GROUP, from: USERS.wang, text: '/status' }) };
    expect(await post(later, WEBHOOK_SECRET)).toBe(200);
    await waitForEventAnswered(h.db.db, 'telegram', '500003:');
    const laterId = (later.message as { message_id: number }).message_id;
    expect(h.fake.sent.filter((m) => m.reply_to !== laterId)).toHaveLength(count);
    expect(await h.db.db.inboundEvent.count({ where: { eventId: { startsWith: '500002:' } } })).toBe(1);
  });
});
