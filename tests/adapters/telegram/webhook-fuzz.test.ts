// The Telegram webhook under hostile input, with the right secret: random bytes, broken and huge
// JSON, updates with wrong types where the decoder reads (a string update_id, text as a number, a
// chat without an id, arrays for objects), control characters and deep nesting, mixed with valid
// updates. It never errors (no 5xx), stores only the valid updates, and keeps serving afterwards.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../support/prng.ts';
import { GROUP, startHarness, USERS, WEBHOOK_SECRET, type TelegramHarness } from './harness.ts';

let h: TelegramHarness;
beforeAll(async () => {
  h = await startHarness({ webhook: true });
});
afterAll(async () => {
  await h?.close();
});

async function postRaw(body: Buffer | string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${h.port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

/** A valid private message from 刘站长, whose update the bot stores. */
function valid(updateId: number): Record<string, unknown> {
  return { update_id: updateId, ...h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, text: '帮助' }) };
}

/** A message update with one field the decoder reads given a wrong value. */
function broken(next: () => number, updateId: number): unknown {
  const base = { update_id: updateId, ...h.fake.message({ chatId: GROUP, from: USERS.wang, text: '/status' }) } as { update_id: unknown; message: Record<string, unknown> };
  const message = base.message;
  const wrong: unknown[] = [null, '1', [], {}, -1.5, Number.MAX_VALUE, true, 'x'.repeat(10_000), '\u0000\u202e\ud800'];
  const pick = wrong[Math.floor(next() * wrong.length)];
  const field = Math.floor(next() * 9);
  if (field === 0) base.update_id = pick;
  else if (field === 1) message.chat = pick;
  else if (field === 2) message.chat = { ...(message.chat as object), id: pick };
  else if (field === 3) message.from = pick;
  else if (field === 4) message.from = { ...(message.from as object), id: pick };
  else if (field === 5) message.text = typeof pick === 'string' ? 42 : pick;
  else if (field === 6) message.message_id = pick;
  else if (field === 7) message.reply_to_message = pick;
  else return { update_id: updateId, callback_query: { id: pick, from: pick, data: pick, message: pick } };
  return base;
}

describe('the Telegram webhook under fuzzing', () => {
  it('answers 400 hostile bodies without an error, stores only the valid updates and keeps serving', { timeout: 60_000 }, async () => {
    const next = prng(2718);
    const before = await h.db.db.inboundEvent.count();
    const statuses = new Map<number, number>();
    let validSent = 0;
    for (let i = 0; i < 400; i++) {
      const choice = next();
      let body: Buffer | string;
      if (choice < 0.15) body = randomBytes(Math.floor(next() * 3000));
      else if (choice < 0.25) body = '{"update_id": 1, "message": ' + '['.repeat(Math.floor(next() * 20_000));
      else if (choice < 0.3) body = JSON.stringify({ update_id: 9_000_000 + i, message: { text: 'x'.repeat(200_000) } });
      else if (choice < 0.35) body = JSON.stringify([1, 2, 3]);
      else if (choice < 0.4) body = 'null';
      else if (choice < 0.85) body = JSON.stringify(broken(next, 8_000_000 + i));
      else {
        body = JSON.stringify(valid(7_000_000 + i));
        validSent += 1;
      }
      const status = await postRaw(body);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status, `body ${i}`).toBeLessThan(500);
    }
    expect([...statuses.keys()].every((s) => [200, 400, 413].includes(s)), JSON.stringify([...statuses])).toBe(true);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(200);
    expect(validSent).toBeGreaterThan(30);
    // Every valid update was stored, and nothing else.
    expect(await h.db.db.inboundEvent.count()).toBe(before + validSent);

    // Still serving: a real update is answered.
    const update = { update_id: 6_000_001, ...h.fake.message({ chatId: USERS.wang.id, from: USERS.wang, text: '/whoami' }) };
    expect(await postRaw(JSON.stringify(update))).toBe(200);
    await h.fake.waitFor(() => h.fake.messagesTo(USERS.wang.id).at(-1), 8000, 'the answer after the fuzzing');
  });
});
