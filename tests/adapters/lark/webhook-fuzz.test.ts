// The Feishu webhook under hostile input: random bytes, broken JSON, wrong encryption, forged and
// valid signatures over garbage. It never errors (no 5xx), never stores what it cannot verify,
// and keeps serving real events afterwards.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptLikeLark, postToWebhook } from '../../support/fake-lark.ts';
import { ENCRYPT_KEY, startHarness, VERIFICATION_TOKEN, ACCOUNTS, type LarkHarness } from './harness.ts';
import { prng } from '../../support/prng.ts';

let h: LarkHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function postRaw(body: Buffer | string, signed: boolean): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signed) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = createHash('sha256').update(timestamp + nonce + ENCRYPT_KEY).update(body).digest('hex');
  }
  const res = await fetch(h.url('/lark/events'), { method: 'POST', headers, body });
  await res.arrayBuffer();
  return res.status;
}

describe('the Feishu webhook under fuzzing', () => {
  it('answers 300 hostile bodies without an error and stores none of them', async () => {
    const next = prng(4242);
    const before = await h.db.db.inboundEvent.count();
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const choice = next();
      let body: Buffer | string;
      if (choice < 0.25) body = randomBytes(Math.floor(next() * 2000));
      else if (choice < 0.45) body = JSON.stringify({ encrypt: randomBytes(Math.floor(next() * 300)).toString('base64') });
      else if (choice < 0.6) body = '{"encrypt": ' + '['.repeat(Math.floor(next() * 5000));
      else if (choice < 0.75) body = JSON.stringify({ encrypt: encryptLikeLark(JSON.stringify({ schema: '2.0', header: { event_type: 'im.message.receive_v1', token: 'wrong', app_id: 'cli_x' }, event: null }), ENCRYPT_KEY) });
      else if (choice < 0.9) body = JSON.stringify({ encrypt: encryptLikeLark(randomBytes(200).toString('latin1'), ENCRYPT_KEY) });
      else body = JSON.stringify({ challenge: 'x', type: 'url_verification', token: 'wrong' });
      const status = await postRaw(body, next() < 0.7);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status, `body ${i}`).toBeLessThan(500);
    }
    expect([...statuses.keys()].every((s) => [400, 401, 403, 413].includes(s))).toBe(true);
    // Signed bodies get past the signature check and are refused later (bad encryption, token, app).
    expect((statuses.get(400) ?? 0) + (statuses.get(403) ?? 0)).toBeGreaterThan(50);
    expect(await h.db.db.inboundEvent.count()).toBe(before);

    // Still serving: a real, signed event is stored and answered.
    const event = h.fake.messageEvent({ chatId: 'oc_p2p_chen', chatType: 'p2p', senderOpenId: ACCOUNTS.chen.openId, text: '帮助', token: VERIFICATION_TOKEN });
    expect((await postToWebhook(h.url('/lark/events'), event, { encryptKey: ENCRYPT_KEY })).status).toBe(200);
    await h.fake.waitFor(() => h.fake.messagesTo('oc_p2p_chen')[0], 8000, 'the answer after the fuzzing');
  });
});
