// LarkPlatform against the fake open platform through the real SDK client: uuid idempotency, the
// classification of failures, the text fallback, replies, uploads and the rate limits.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../../src/adapters/lark/client.ts';
import { LarkPlatform } from '../../../src/adapters/lark/send.ts';
import { silentLogger } from '../../../src/core/context.ts';
import { message } from '../../../src/core/messages/outbound.ts';
import { SendError } from '../../../src/core/platform.ts';
import type { Sleeper } from '../../../src/lib/rate-limiter.ts';
import { FAKE_APP_ID, FAKE_APP_SECRET, FakeLark } from '../../support/fake-lark.ts';

let fake: FakeLark;
const dir = mkdtempSync(join(tmpdir(), 'lark-send-'));

beforeAll(async () => {
  fake = await FakeLark.start();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  fake.failures.length = 0;
});

function platform(time?: Sleeper): LarkPlatform {
  const client = createLarkClient({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, domain: fake.url, log: silentLogger });
  return new LarkPlatform({ client, log: silentLogger, locale: 'zh-CN', ...(time ? { time } : {}) });
}

/** A clock whose sleeps return at once and move it on; the waits are recorded. */
function virtualTime(): { time: Sleeper; waits: number[] } {
  let now = 1_000_000;
  const waits: number[] = [];
  return { time: { now: () => now, sleep: async (ms) => { waits.push(ms); now += ms; } }, waits };
}

const hello = message([{ kind: 'text', lines: [['你好']] }]);
const card = message([{ kind: 'heading', text: '标题' }, { kind: 'text', lines: [['正文']] }]);

async function failure(promise: Promise<unknown>): Promise<SendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SendError);
  return error as SendError;
}

describe('LarkPlatform.send', () => {
  it('sends text to a chat by chat_id and to a person by open_id', async () => {
    const p = platform();
    const sent = await p.send('oc_text', hello);
    expect(sent.platformMessageId).toMatch(/^om_bot_/);
    await p.send('ou_zhang', card);
    expect(fake.messagesTo('oc_text')[0]).toMatchObject({ receive_id_type: 'chat_id', msg_type: 'text', content: { text: '你好' } });
    const dm = fake.messagesTo('ou_zhang')[0];
    expect(dm).toMatchObject({ receive_id_type: 'open_id', msg_type: 'interactive' });
    expect((dm?.content as { schema?: string }).schema).toBe('2.0');
    // A private chat seen through a send is known as private afterwards.
    expect(p.chatKinds.kindOf(dm?.chat_id ?? '')).toBe('private');
  });

  it('sends a retried outbox row once: the same key gives the same uuid', async () => {
    const p = platform();
    fake.failNext({ status: 500, code: 1000, deliverFirst: true, to: 'oc_uuid' });
    const lost = await failure(p.send('oc_uuid', card, { idempotencyKey: 'row-1' }));
    expect(lost.kind).toBe('retry');
    const again = await p.send('oc_uuid', card, { idempotencyKey: 'row-1' });
    expect(fake.messagesTo('oc_uuid')).toHaveLength(1);
    expect(again.platformMessageId).toBe(fake.messagesTo('oc_uuid')[0]?.message_id);
    await p.send('oc_uuid', card, { idempotencyKey: 'row-2' });
    expect(fake.messagesTo('oc_uuid')).toHaveLength(2);
  });

  it('classifies failures: rate limits and server errors retry, permissions do not', async () => {
    const clock = virtualTime();
    const p = platform(clock.time);
    fake.failNext({ status: 429, code: 99991400, msg: 'request trigger frequency limit', headers: { 'x-ogw-ratelimit-reset': '3' }, to: 'oc_cls' });
    const appLimit = await failure(p.send('oc_cls', hello));
    expect([appLimit.kind, appLimit.retryAfterSeconds]).toEqual(['retry', 3]);

    fake.failNext({ status: 400, code: 230020, msg: 'This operation triggers the frequency limit.', to: 'oc_cls' });
    const chatLimit = await failure(p.send('oc_cls', hello));
    expect([chatLimit.kind, chatLimit.retryAfterSeconds]).toEqual(['retry', 1]);

    fake.failNext({ status: 200, code: 99991400, to: 'oc_cls' });
    expect((await failure(p.send('oc_cls', hello))).kind).toBe('retry');

    fake.failNext({ status: 503, to: 'oc_cls' });
    expect((await failure(p.send('oc_cls', hello))).kind).toBe('retry');

    fake.failNext({ status: 400, code: 230002, msg: 'The bot can not be outside the group.', to: 'oc_cls' });
    const notInChat = await failure(p.send('oc_cls', hello));
    expect(notInChat.kind).toBe('permanent');
    expect(notInChat.message).toContain('add the bot to the group');

    fake.failNext({ status: 400, code: 230013, to: 'ou_outside' });
    expect((await failure(p.send('ou_outside', hello))).kind).toBe('permanent');
    expect(fake.messagesTo('oc_cls')).toHaveLength(0);
    // After the app-wide limit the platform held back for the reset the header gave (3 s).
    expect(clock.waits[0]).toBeGreaterThanOrEqual(3000);
  });

  it('sends the plain text when the card is refused', async () => {
    const p = platform();
    fake.failNext({ status: 400, code: 230099, msg: 'Failed to create card content', to: 'oc_fallback' });
    await p.send('oc_fallback', card, { idempotencyKey: 'row-fb' });
    expect(fake.messagesTo('oc_fallback')).toEqual([expect.objectContaining({ msg_type: 'text', content: { text: '【标题】\n正文' } })]);
  });

  it('replies to a message, and sends plainly when the message is gone', async () => {
    const p = platform();
    fake.userMessages.set('om_user_known', 'oc_reply');
    await p.send('oc_reply', hello, { replyTo: 'om_user_known' });
    await p.send('oc_reply', hello, { replyTo: 'om_user_withdrawn' });
    const [first, second] = fake.messagesTo('oc_reply');
    expect(first?.reply_to).toBe('om_user_known');
    expect(second?.reply_to).toBeUndefined();
  });

  it('uploads a document and an image and sends them after the text', async () => {
    const p = platform();
    const xlsx = join(dir, '进度台账.xlsx');
    const png = join(dir, 'chart.png');
    writeFileSync(xlsx, Buffer.from('PK fake workbook'));
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    await p.send('oc_files', message([{ kind: 'text', lines: [['本周台账']] }], { attachment: { kind: 'document', fileName: '进度台账.xlsx', path: xlsx } }), { idempotencyKey: 'row-f' });
    await p.send('oc_files', message([], { attachment: { kind: 'image', fileName: 'chart.png', path: png } }));
    expect(fake.uploads).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'file', fileName: '进度台账.xlsx', fileType: 'xls', size: 16 }),
      expect.objectContaining({ kind: 'image', size: 7 }),
    ]));
    expect(fake.messagesTo('oc_files').map((m) => m.msg_type)).toEqual(['text', 'file', 'image']);
    expect(fake.messagesTo('oc_files')[0]?.content).toEqual({ text: '本周台账\n📎 进度台账.xlsx' });
  });

  it('keeps to 5 messages a second per chat', async () => {
    const { time, waits } = virtualTime();
    const p = platform(time);
    for (let i = 0; i < 6; i++) await p.send('oc_rate', hello);
    await p.send('oc_other', hello);
    expect(fake.messagesTo('oc_rate')).toHaveLength(6);
    // The sixth message to the chat waited for the window; the other chat did not add a wait.
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1000);
    expect(waits).toHaveLength(1);
  });
});
