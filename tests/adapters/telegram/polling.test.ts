// Long polling end to end: the real grammY client and runner against the fake Bot API, the app built
// from a config on a real SQLite database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../../src/core/messages/outbound.ts';
import { enqueueMessages } from '../../../src/core/outbox/enqueue.ts';
import type { SentMessage } from '../../support/fake-telegram.ts';
import { waitForEventAnswered } from '../../support/settle.ts';
import { waitFor } from '../../support/wait.ts';
import { GROUP, startHarness, USERS, type TelegramHarness } from './harness.ts';

let h: TelegramHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Posts a message as a user and returns its message_id. */
function say(from: (typeof USERS)[keyof typeof USERS], text: string, options: { chatId?: number; replyTo?: number } = {}): number {
  const update = h.fake.message({ chatId: options.chatId ?? GROUP, from, text, ...(options.replyTo !== undefined ? { replyTo: options.replyTo } : {}) });
  h.fake.push(update);
  return (update.message as { message_id: number }).message_id;
}

function repliesTo(messageId: number): SentMessage[] {
  return h.fake.sent.filter((m) => m.reply_to === messageId);
}

async function report(code: string) {
  const project = await h.db.db.project.findFirstOrThrow({ where: { orgId: h.world.orgId, code } });
  return h.db.db.report.findFirst({ where: { projectId: project.id }, orderBy: { filedAt: 'desc' } });
}

describe('Telegram long polling', () => {
  it('sets the command menus in Chinese, English and a default, for everyone, private chats and group admins', () => {
    const menus = h.fake.commands;
    const scope = (m: Record<string, unknown>) => (m.scope as { type: string }).type;
    expect(menus.map((m) => `${scope(m)}:${(m.language_code as string | undefined) ?? 'default'}`)).toEqual(
      ['default', 'all_private_chats', 'all_chat_administrators'].flatMap((s) => [`${s}:zh`, `${s}:en`, `${s}:default`]),
    );
    expect(JSON.stringify(menus[0])).toContain('填报本周进度');
    expect(JSON.stringify(menus[1])).toContain('File this week');
    expect(JSON.stringify(menus[0])).not.toContain('"remind"');
    expect(JSON.stringify(menus[6])).toContain('"remind"');
    expect(h.fake.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('files a report sent in the group, binds the owner by username and confirms it', async () => {
    const id = say(USERS.zhang, '/report@progress_test_bot 1\n形象进度：45%\n累计完成投资：3200万\n本周进展：主体结构第三层浇筑完成 <b>&</b>');
    const receipt = await h.fake.waitFor(() => repliesTo(id).find((m) => m.text.includes('已收到')), 8000, 'the receipt');
    expect(receipt.chat_id).toBe(String(GROUP));
    expect(receipt.parse_mode).toBe('HTML');
    // What the user typed comes back escaped, never as markup.
    expect(receipt.text).not.toContain('<b>&</b>');
    expect((await report('1'))?.progress).toBe(45);
    const identity = await h.db.db.identity.findUnique({ where: { platform_platformUserId: { platform: 'telegram', platformUserId: String(USERS.zhang.id) } }, include: { person: true } });
    expect(identity?.person.name).toBe('张科长');
    expect(repliesTo(id).some((m) => m.text.includes('张科长'))).toBe(true);
  });

  it('refuses a report for a project the sender does not own', async () => {
    const id = say(USERS.liu, '/report 2\n形象进度：10%');
    const answer = await h.fake.waitFor(() => repliesTo(id)[0], 8000, 'the refusal');
    expect(answer.text).not.toContain('已收到');
    expect(await report('2')).toBeNull();
  });

  it('ignores a command addressed to another bot', async () => {
    const before = await h.db.db.inboundEvent.count();
    const id = say(USERS.liu, '/status@some_other_bot');
    // A later message in the same chat is answered: by then the ignored one would have been too.
    const later = say(USERS.liu, '/status@progress_test_bot');
    await h.fake.waitFor(() => repliesTo(later)[0], 8000, 'the answer to the later message');
    expect(repliesTo(id)).toHaveLength(0);
    expect(await h.db.db.inboundEvent.count()).toBe(before + 1);
  });

  it('binds an account by /iam after a coordinator presses Approve', async () => {
    const id = say(USERS.chen, '/iam 陈科长');
    await h.fake.waitFor(() => repliesTo(id)[0], 8000, 'the pending answer');
    const notice = await h.fake.waitFor(() => h.fake.messagesTo(USERS.wang.id).find((m) => m.reply_markup && 'inline_keyboard' in m.reply_markup), 8000, 'the coordinator’s notice');
    const keyboard = (notice.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    for (const button of keyboard) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
    const approve = keyboard.find((b) => b.callback_data.startsWith('claim:approve:'));
    expect(approve).toBeDefined();
    const press = h.fake.callback({ message: notice, from: USERS.wang, data: approve?.callback_data ?? '' });
    h.fake.push(press);
    await h.fake.waitFor(() => h.fake.callsOf('answerCallbackQuery').find((c) => c.body.callback_query_id === (press.callback_query as { id: string }).id), 5000, 'the callback answer');
    await h.fake.waitFor(() => h.fake.messagesTo(USERS.chen.id)[0], 8000, 'the applicant’s confirmation');
    const identity = await h.db.db.identity.findUnique({ where: { platform_platformUserId: { platform: 'telegram', platformUserId: String(USERS.chen.id) } }, include: { person: true } });
    expect(identity?.person.name).toBe('陈科长');
  });

  it('takes a reply to a reminder as a report for the project it named (force-reply)', async () => {
    const text = '本周还有项目未填报：县医院信息平台';
    await enqueueMessages(h.app.deps.db, [{ key: 'test-reminder:4', to: { platform: 'telegram', chatId: String(GROUP) }, message: message([{ kind: 'text', lines: [[text]] }], { replyContext: 'report:4' }) }], h.app.deps.now());
    h.app.outbox.poke();
    const reminder = await h.fake.waitFor(() => h.fake.messagesTo(GROUP).find((m) => m.text.includes('县医院信息平台') && m.reply_markup), 8000, 'the reminder');
    expect(reminder.reply_markup).toEqual({ force_reply: true, selective: true });
    // The row is marked sent once the bot has Telegram's answer, a moment after the fake took the message.
    const row = await h.fake.waitFor(async () => (await h.db.db.outbox.findFirst({ where: { key: 'test-reminder:4', status: 'sent' } })) ?? undefined, 8000, 'the reminder marked sent');
    expect(row.platformMessageId).toBe(String(reminder.message_id));

    const id = say(USERS.zhang, '形象进度: 45%', { replyTo: reminder.message_id });
    await h.fake.waitFor(() => repliesTo(id).find((m) => m.text.includes('已收到')), 8000, 'the receipt');
    expect((await report('4'))?.progress).toBe(45);
  });

  it('processes a duplicate update once', async () => {
    const update = h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, text: '/whoami', updateId: 990_001 });
    h.fake.push(update);
    const id = (update.message as { message_id: number }).message_id;
    await h.fake.waitFor(() => h.fake.messagesTo(USERS.liu.id).length > 0, 8000, 'the answer');
    // Telegram delivers it again (the confirmation was lost).
    h.fake.push(update);
    // A later update in the same chat is answered after the re-delivery would have been.
    h.fake.push(h.fake.message({ chatId: USERS.liu.id, from: USERS.liu, text: '/whoami', updateId: 990_002 }));
    await waitForEventAnswered(h.db.db, 'telegram', '990002:');
    expect(h.fake.messagesTo(USERS.liu.id)).toHaveLength(2);
    expect(await h.db.db.inboundEvent.count({ where: { platform: 'telegram', eventId: { startsWith: '990001:' } } })).toBe(1);
    expect(repliesTo(id)).toHaveLength(0); // private chats are answered without quoting
  });

  it('waits retry_after after a 429 and delivers the message once', async () => {
    const chatId = '2002';
    const text = '限流测试通知';
    h.fake.failures.push({ method: 'sendMessage', chatId, status: 429, retryAfter: 3 });
    await enqueueMessages(h.app.deps.db, [{ key: 'test-429', to: { platform: 'telegram', chatId }, message: message([{ kind: 'text', lines: [[text]] }]) }], h.app.deps.now());
    h.app.outbox.poke();
    const delivered = await h.fake.waitFor(() => h.fake.messagesTo(chatId)[0], 10_000, 'the retried message');
    const refused = h.fake.calls.find((c) => c.method === 'sendMessage' && String(c.body.chat_id) === chatId);
    expect(delivered.at - (refused?.at ?? 0)).toBeGreaterThanOrEqual(2900);
    // Once the row says sent, the worker is done with it: no second delivery can follow.
    const row = await waitFor(async () => {
      const r = await h.db.db.outbox.findUniqueOrThrow({ where: { key: 'test-429' } });
      return r.status === 'sent' && r;
    }, { message: 'the outbox row to be marked sent' });
    expect(h.fake.deliveries(text)).toBe(1);
    expect([row.status, row.attempts]).toEqual(['sent', 1]); // the 429 did not use up an attempt
  });

  it('gives up on a chat that does not exist', async () => {
    await enqueueMessages(h.app.deps.db, [{ key: 'test-404', to: { platform: 'telegram', chatId: '-100404000' }, message: message([{ kind: 'text', lines: [['发不出去']] }]) }], h.app.deps.now());
    h.app.outbox.poke();
    const row = await waitFor(async () => {
      const r = await h.db.db.outbox.findUniqueOrThrow({ where: { key: 'test-404' } });
      return (r.status === 'failed' || r.status === 'sent') && r;
    }, { message: 'the outbox row to be settled' });
    expect([row.status, row.attempts]).toEqual(['failed', 1]);
    expect(row.lastError).toContain('chat not found');
  });
});
