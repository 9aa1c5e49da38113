// The webhook end to end: events posted encrypted and signed exactly as Lark does, to the app built
// from a config (real wiring, real SQLite database), answered by the fake open platform.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LarkPlatform } from '../../../src/adapters/lark/send.ts';
import { message } from '../../../src/core/messages/outbound.ts';
import { enqueueMessages } from '../../../src/core/outbox/enqueue.ts';
import { FAKE_BOT_OPEN_ID, postToWebhook, type FakeMessage } from '../../support/fake-lark.ts';
import { waitForEventAnswered } from '../../support/settle.ts';
import { waitFor } from '../../support/wait.ts';
import { ACCOUNTS, ENCRYPT_KEY, GROUP, NEW_GROUP, startHarness, VERIFICATION_TOKEN, type LarkHarness } from './harness.ts';

let h: LarkHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const BOT_MENTION = { key: '@_user_1', openId: FAKE_BOT_OPEN_ID, name: '进度助手' };

/** Posts an event as Lark does (encrypted, signed, with the app's token). */
function post(payload: Record<string, unknown>, path = '/lark/events') {
  return postToWebhook(h.url(path), payload, { encryptKey: ENCRYPT_KEY });
}

function groupMessage(senderOpenId: string, text: string, extra: Partial<Parameters<LarkHarness['fake']['messageEvent']>[0]> = {}) {
  return h.fake.messageEvent({ chatId: GROUP, senderOpenId, text: `@_user_1 ${text}`, mentions: [BOT_MENTION], token: VERIFICATION_TOKEN, ...extra });
}

function cardText(m: FakeMessage | undefined): string {
  return JSON.stringify(m?.content ?? {});
}

/** Finds the callback value of the first button in a card (as the client would send it back). */
function buttonValue(card: Record<string, unknown>, action: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.tag === 'button') for (const b of (n.behaviors as { value?: Record<string, unknown> }[] | undefined) ?? []) if (b.value?.action === action) found.push(b.value);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  if (!found[0]) throw new Error(`no ${action} button in ${JSON.stringify(card)}`);
  return found[0];
}

async function report(code: string) {
  const project = await h.db.db.project.findFirstOrThrow({ where: { orgId: h.world.orgId, code } });
  return h.db.db.report.findFirst({ where: { projectId: project.id } });
}

describe('Lark webhook', () => {
  it('answers the console’s url_verification challenge', async () => {
    const res = await postToWebhook(h.url(), { type: 'url_verification', challenge: 'ch-123', token: VERIFICATION_TOKEN }, { encryptKey: ENCRYPT_KEY, unsigned: true });
    expect(res).toMatchObject({ status: 200, body: { challenge: 'ch-123' } });
  });

  it('files a report typed in the group with an @-mention, binding the owner by email', async () => {
    const event = groupMessage(ACCOUNTS.zhang.openId, '填报 1\n形象进度：45%\n累计完成投资：3200万\n本周进展：主体结构第三层浇筑完成');
    const res = await post(event);
    expect(res.status).toBe(200);
    const messageId = (event.event as { message: { message_id: string } }).message.message_id;
    const receipt = await h.fake.waitFor(() => h.fake.messages.find((m) => m.reply_to === messageId && cardText(m).includes('已收到')), 5000, 'the receipt');
    expect(receipt.chat_id).toBe(GROUP);
    expect(receipt.msg_type).toBe('interactive');
    const stored = await report('1');
    expect(stored?.progress).toBe(45);
    const identity = await h.db.db.identity.findUnique({ where: { platform_platformUserId: { platform: 'lark', platformUserId: ACCOUNTS.zhang.openId } }, include: { person: true } });
    expect(identity?.person.name).toBe('张科长');
    const bound = h.fake.messages.find((m) => m.reply_to === messageId && JSON.stringify(m.content).includes('张科长'));
    expect(bound).toBeDefined();
  });

  it('files a report through the card form: 填报 button → form → submit → stored', async () => {
    const platform = h.app.platforms.find((p) => p.name === 'lark') as LarkPlatform;
    await platform.send(GROUP, message([{ kind: 'text', lines: [['本周还有项目未填报']] }], { replyContext: 'report:4' }));
    const reminder = h.fake.messagesTo(GROUP).at(-1);
    expect(reminder?.msg_type).toBe('interactive');

    // The button opens a form only the presser sees.
    const press = await post(h.fake.cardActionEvent({ operatorOpenId: ACCOUNTS.zhang.openId, chatId: GROUP, messageId: reminder?.message_id ?? '', value: buttonValue(reminder?.content ?? {}, 'lark:form'), token: VERIFICATION_TOKEN }), '/lark/card');
    expect(press.status).toBe(200);
    expect(press.body).toMatchObject({ toast: { type: 'info', i18n: { zh_cn: expect.stringContaining('只有你能看到') } } });
    const form = await h.fake.waitFor(() => h.fake.messages.find((m) => m.visible_to === ACCOUNTS.zhang.openId), 3000, 'the form');
    expect(form.chat_id).toBe(GROUP);
    expect(cardText(form)).toContain('"default_value":"4"');

    // Submitting files the report; the receipt goes to the group.
    const submit = await post(
      h.fake.cardActionEvent({
        operatorOpenId: ACCOUNTS.zhang.openId,
        chatId: GROUP,
        messageId: form.message_id,
        value: buttonValue(form.content, 'lark:submit'),
        formValue: { project: '4', progress: '30', investedThisWeek: '50', cumulative: '150', done: '完成需求调研', problems: '机房改造待审批', nextPlan: '招标' },
        token: VERIFICATION_TOKEN,
      }),
      '/lark/card',
    );
    expect(submit.body).toMatchObject({ toast: { type: 'success' } });
    await h.fake.waitFor(() => h.fake.messagesTo(GROUP).find((m) => cardText(m).includes('县医院信息平台') && cardText(m).includes('已收到')), 5000, 'the receipt of the form');
    const stored = await report('4');
    expect(stored?.progress).toBe(30);
    expect(stored?.done).toBe('完成需求调研');
    const problems = await h.db.db.problem.findMany({ where: { project: { code: '4', orgId: h.world.orgId } } });
    expect(problems.map((p) => p.text)).toEqual(['机房改造待审批']);
  });

  it('answers a field error with a toast and stores nothing', async () => {
    const before = await h.db.db.inboundEvent.count();
    const event = h.fake.cardActionEvent({
      operatorOpenId: ACCOUNTS.chen.openId,
      chatId: GROUP,
      messageId: 'om_form_x',
      value: { action: 'lark:submit', chat: GROUP, k: 'g' },
      formValue: { project: '2', progress: '百分之四十', cumulative: '100' },
      token: VERIFICATION_TOKEN,
    });
    const res = await post(event, '/lark/card');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ toast: { type: 'error', i18n: { zh_cn: expect.stringContaining('形象进度'), en_us: expect.any(String) } } });
    expect(res.body).not.toHaveProperty('card');
    expect(await h.db.db.inboundEvent.count()).toBe(before);
    expect(await report('2')).toBeNull();

    const empty = await post(h.fake.cardActionEvent({ operatorOpenId: ACCOUNTS.chen.openId, chatId: GROUP, messageId: 'om_form_x', value: { action: 'lark:submit', chat: GROUP }, formValue: { project: '2' }, token: VERIFICATION_TOKEN }), '/lark/card');
    expect(empty.body).toMatchObject({ toast: { type: 'error' } });
  });

  it('refuses a forged or missing signature with 401 and stores nothing', async () => {
    const before = await h.db.db.inboundEvent.count();
    const forged = await postToWebhook(h.url(), groupMessage(ACCOUNTS.zhang.openId, '进度'), { encryptKey: ENCRYPT_KEY, signingKey: 'not-the-key' });
    expect(forged.status).toBe(401);
    const unsigned = await postToWebhook(h.url(), groupMessage(ACCOUNTS.zhang.openId, '进度'), { encryptKey: ENCRYPT_KEY, unsigned: true });
    expect(unsigned.status).toBe(401);
    const plaintext = await postToWebhook(h.url(), groupMessage(ACCOUNTS.zhang.openId, '进度'));
    expect(plaintext.status).toBe(401);
    expect(await h.db.db.inboundEvent.count()).toBe(before);
  });

  it('refuses a correctly signed request more than five minutes old (a replay) and stores nothing', async () => {
    const before = await h.db.db.inboundEvent.count();
    const replayed = await postToWebhook(h.url(), groupMessage(ACCOUNTS.zhang.openId, '进度'), { encryptKey: ENCRYPT_KEY, signedSecondsAgo: 301 });
    expect(replayed).toMatchObject({ status: 401, body: { error: 'stale request' } });
    const future = await postToWebhook(h.url(), groupMessage(ACCOUNTS.zhang.openId, '进度'), { encryptKey: ENCRYPT_KEY, signedSecondsAgo: -400 });
    expect(future.status).toBe(401);
    expect(await h.db.db.inboundEvent.count()).toBe(before);
    const recent = await postToWebhook(h.url(), groupMessage(ACCOUNTS.zhang.openId, '进度'), { encryptKey: ENCRYPT_KEY, signedSecondsAgo: 240 });
    expect(recent.status).toBe(200);
    expect(await h.db.db.inboundEvent.count()).toBe(before + 1);
  });

  it('refuses a wrong verification token (401) and another app’s event (403), storing nothing', async () => {
    const before = await h.db.db.inboundEvent.count();
    expect((await post(groupMessage(ACCOUNTS.zhang.openId, '进度', { token: 'wrong-token' }))).status).toBe(401);
    expect((await post(groupMessage(ACCOUNTS.zhang.openId, '进度', { appId: 'cli_ffffffffffffffff' }))).status).toBe(403);
    expect((await postToWebhook(h.url(), { type: 'url_verification', challenge: 'x', token: 'wrong' }, { encryptKey: ENCRYPT_KEY, unsigned: true })).status).toBe(401);
    expect(await h.db.db.inboundEvent.count()).toBe(before);
  });

  it('processes a duplicate delivery once', async () => {
    const event = groupMessage(ACCOUNTS.wang.openId, '进度', { eventId: 'ev_duplicate_1' });
    const first = await post(event);
    const second = await post(event);
    expect([first.status, second.status]).toEqual([200, 200]);
    const messageId = (event.event as { message: { message_id: string } }).message.message_id;
    await waitForEventAnswered(h.db.db, 'lark', 'ev_duplicate_1');
    // The coordinator was bound by mobile on this message: one "bound" note and one status card.
    const replies = h.fake.messages.filter((m) => m.reply_to === messageId);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies.length).toBeLessThanOrEqual(2);
    const again = await post(event);
    expect(again.status).toBe(200);
    // A later event in the same chat is answered after the re-delivery would have been.
    expect((await post(groupMessage(ACCOUNTS.wang.openId, '进度', { eventId: 'ev_duplicate_1_later' }))).status).toBe(200);
    await waitForEventAnswered(h.db.db, 'lark', 'ev_duplicate_1_later');
    expect(h.fake.messages.filter((m) => m.reply_to === messageId)).toHaveLength(replies.length);
    expect(await h.db.db.inboundEvent.count({ where: { eventId: 'ev_duplicate_1' } })).toBe(1);
  });

  it('answers within the 3-second window even when processing is slow', async () => {
    h.fake.options.contactDelayMs = 3500;
    try {
      const event = h.fake.messageEvent({ chatId: 'oc_p2p_chen', chatType: 'p2p', senderOpenId: ACCOUNTS.chen.openId, text: '帮助', token: VERIFICATION_TOKEN });
      const res = await post(event);
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(1000);
      expect(h.fake.messagesTo('oc_p2p_chen')).toHaveLength(0);
      const answer = await h.fake.waitFor(() => h.fake.messagesTo('oc_p2p_chen')[0], 8000, 'the late answer');
      // A private chat is answered without quoting.
      expect(answer.reply_to).toBeUndefined();
    } finally {
      h.fake.options.contactDelayMs = 0;
    }
  });

  it('imports a project list sent as a file in a private chat, after the coordinator confirms', async () => {
    const csv = Buffer.from('序号,项目名称,总投资(万元),责任单位,责任人\n99,县急救中心改造,300,县人民医院,张科长\n');
    const event = h.fake.messageEvent({ chatId: 'oc_p2p_wang', chatType: 'p2p', senderOpenId: ACCOUNTS.wang.openId, file: { name: '新增项目.csv', data: csv }, token: VERIFICATION_TOKEN });
    expect((await post(event)).status).toBe(200);
    const preview = await h.fake.waitFor(() => h.fake.messagesTo('oc_p2p_wang').find((m) => cardText(m).includes('县急救中心改造')), 8000, 'the import preview');
    expect(cardText(preview)).toContain('import:confirm');
    expect(await h.db.db.project.count({ where: { orgId: h.world.orgId, code: '99' } })).toBe(0);
  });

  it('sets up a new group by its name (/setup from the coordinator)', async () => {
    const event = h.fake.messageEvent({ chatId: NEW_GROUP, senderOpenId: ACCOUNTS.wang.openId, text: '@_user_1 /setup', mentions: [BOT_MENTION], token: VERIFICATION_TOKEN });
    expect((await post(event)).status).toBe(200);
    const messageId = (event.event as { message: { message_id: string } }).message.message_id;
    const done = await h.fake.waitFor(() => h.fake.messages.find((m) => m.reply_to === messageId && cardText(m).includes('城东院区项目群')), 5000, 'the setup answer');
    expect(done.chat_id).toBe(NEW_GROUP);
    const chat = await h.db.db.chat.findUnique({ where: { platform_platformChatId: { platform: 'lark', platformChatId: NEW_GROUP } } });
    expect(chat).toMatchObject({ orgId: h.world.orgId, kind: 'group', title: '城东院区项目群' });
  });

  it('renders missing owners as @-mentions', async () => {
    const event = groupMessage(ACCOUNTS.wang.openId, '未报');
    await post(event);
    const messageId = (event.event as { message: { message_id: string } }).message.message_id;
    const missing = await h.fake.waitFor(() => h.fake.messages.find((m) => m.reply_to === messageId && cardText(m).includes('乡镇卫生院设备购置')), 5000, 'the missing list');
    expect(cardText(missing)).toContain('<at id=ou_liu0000000000000000000000000004></at>');
    // 陈科长 was bound by email when he first wrote to the bot (the slow test above).
    expect(cardText(missing)).toContain(`<at id=${ACCOUNTS.chen.openId}></at>`);
  });

  it('backs off on rate limits and delivers each message later, once', async () => {
    const chats = ['oc_limit_429', 'oc_limit_99991400', 'oc_limit_230020', 'oc_limit_lost'];
    h.fake.failNext(
      { to: chats[0], status: 429, code: 99991400, msg: 'too many requests', headers: { 'x-ogw-ratelimit-reset': '1' } },
      { to: chats[1], status: 200, code: 99991400, msg: 'request trigger frequency limit' },
      { to: chats[2], status: 400, code: 230020, msg: 'This operation triggers the frequency limit.' },
      { to: chats[3], status: 502, deliverFirst: true },
    );
    await enqueueMessages(
      h.app.deps.db,
      chats.map((chatId) => ({ key: `test-limit:${chatId}`, to: { platform: 'lark' as const, chatId }, message: message([{ kind: 'text', lines: [[`通知 ${chatId}`]] }]) })),
      h.app.deps.now(),
    );
    h.app.outbox.poke();
    const rows = () => h.db.db.outbox.findMany({ where: { key: { startsWith: 'test-limit:' } }, orderBy: { platformChatId: 'asc' } });
    const failed = await waitFor(async () => {
      const all = await rows();
      return all.every((r) => r.lastError !== '') && all;
    }, { message: 'every send to have failed once' });
    // A rate limit does not use up an attempt; the lost answer (502) does.
    expect(failed.map((r) => [r.status, r.attempts])).toEqual([['pending', 0], ['pending', 0], ['pending', 0], ['pending', 1]]);
    expect(failed.every((r) => r.nextAttemptAt > h.app.deps.now())).toBe(true);
    expect(failed.find((r) => r.platformChatId === chats[2])?.lastError).toContain('230020');
    // Only the lost answer reached a chat so far.
    expect(chats.map((c) => h.fake.messagesTo(c).length)).toEqual([0, 0, 0, 1]);

    h.advance(30_000);
    await h.fake.waitFor(() => chats.every((c) => h.fake.messagesTo(c).length === 1), 6000, 'the retried messages');
    await waitFor(async () => (await rows()).every((r) => r.status === 'sent'), { message: 'every row to be marked sent' });
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([['sent', 1], ['sent', 1], ['sent', 1], ['sent', 2]]);
    // The retry of the lost one carried the same uuid: still one message.
    expect(chats.map((c) => h.fake.messagesTo(c).length)).toEqual([1, 1, 1, 1]);
  });
});
