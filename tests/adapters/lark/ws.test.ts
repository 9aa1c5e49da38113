// LARK_MODE=ws: the app starts the SDK's WSClient against the configured domain, and the
// EventDispatcher given to it feeds the same dispatch as the webhook. The socket itself is not
// connected: events are handed to the dispatcher exactly as WSClient hands them over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLarkAdapter, type LarkAdapter } from '../../../src/adapters/lark/index.ts';
import { silentLogger } from '../../../src/core/context.ts';
import { FAKE_APP_ID, FAKE_BOT_OPEN_ID } from '../../support/fake-lark.ts';
import { recordEvent } from '../../../src/core/inbound/event-store.ts';
import { ACCOUNTS, GROUP, startHarness, type LarkHarness } from './harness.ts';

let h: LarkHarness;
let adapter: LarkAdapter;

beforeAll(async () => {
  h = await startHarness({ mode: 'ws' });
  // The adapter as the app builds it, over the app's own pipeline (core, outbox, reply delivery).
  adapter = createLarkAdapter({ config: h.app.config, openPipeline: h.app.openPipeline, http: h.app.http, log: silentLogger });
});
afterAll(async () => {
  await adapter?.stop();
  await h?.close();
});

describe('Lark long connection (ws mode)', () => {
  it('starts the SDK’s WSClient against LARK_DOMAIN and registers no webhook routes', async () => {
    const call = await h.fake.waitFor(() => h.fake.callsTo('/callback/ws/endpoint')[0], 5000, 'the long-connection endpoint request');
    expect(call.body).toMatchObject({ AppID: FAKE_APP_ID });
    expect(h.app.http.hasRoutes).toBe(false);
    expect(adapter.eventDispatcher).not.toBeNull();
  });

  it('files a report from a message event handed to the dispatcher', async () => {
    const payload = h.fake.messageEvent({
      chatId: GROUP,
      senderOpenId: ACCOUNTS.zhang.openId,
      text: '@_user_1 填报 1\n形象进度：50%\n本周完成投资：100',
      mentions: [{ key: '@_user_1', openId: FAKE_BOT_OPEN_ID, name: '进度助手' }],
    });
    await adapter.eventDispatcher?.invoke(payload, { needCheck: false });
    const messageId = (payload.event as { message: { message_id: string } }).message.message_id;
    await h.fake.waitFor(() => h.fake.messages.find((m) => m.reply_to === messageId && JSON.stringify(m.content).includes('已收到')), 5000, 'the receipt');
    const project = await h.db.db.project.findFirstOrThrow({ where: { orgId: h.world.orgId, code: '1' } });
    expect((await h.db.db.report.findFirst({ where: { projectId: project.id } }))?.progress).toBe(50);

    // The same event again (the platform re-delivers after a reconnect) is processed once.
    await adapter.eventDispatcher?.invoke(payload, { needCheck: false });
    await adapter.dispatch.idle();
    expect(h.fake.messages.filter((m) => m.reply_to === messageId && JSON.stringify(m.content).includes('已收到'))).toHaveLength(1);
  });

  it('answers card callbacks with toasts through the connection', async () => {
    const form = await adapter.eventDispatcher?.invoke(
      h.fake.cardActionEvent({ operatorOpenId: ACCOUNTS.zhang.openId, chatId: GROUP, messageId: 'om_reminder', value: { action: 'lark:form', project: '4', k: 'g' } }),
      { needCheck: false },
    );
    expect(form).toMatchObject({ toast: { type: 'info' } });
    await h.fake.waitFor(() => h.fake.messages.find((m) => m.visible_to === ACCOUNTS.zhang.openId), 3000, 'the form');

    const bad = await adapter.eventDispatcher?.invoke(
      h.fake.cardActionEvent({ operatorOpenId: ACCOUNTS.zhang.openId, chatId: GROUP, messageId: 'om_form', value: { action: 'lark:submit', chat: GROUP, k: 'g' }, formValue: { project: '4', progress: '30', cumulative: '三百' } }),
      { needCheck: false },
    );
    expect(bad).toMatchObject({ toast: { type: 'error', i18n: { zh_cn: expect.stringContaining('累计完成投资') } } });

    const good = await adapter.eventDispatcher?.invoke(
      h.fake.cardActionEvent({ operatorOpenId: ACCOUNTS.zhang.openId, chatId: GROUP, messageId: 'om_form', value: { action: 'lark:submit', chat: GROUP, k: 'g' }, formValue: { project: '4', progress: '30', cumulative: '300' } }),
      { needCheck: false },
    );
    expect(good).toMatchObject({ toast: { type: 'success' } });
    await adapter.dispatch.idle();
    const project = await h.db.db.project.findFirstOrThrow({ where: { orgId: h.world.orgId, code: '4' } });
    expect((await h.db.db.report.findFirst({ where: { projectId: project.id } }))?.progress).toBe(30);
  });

  it('sends the form privately where a card only one person sees is refused', async () => {
    h.fake.options.ephemeral = false;
    try {
      const answer = await adapter.eventDispatcher?.invoke(
        h.fake.cardActionEvent({ operatorOpenId: ACCOUNTS.chen.openId, chatId: GROUP, messageId: 'om_reminder', value: { action: 'lark:form', project: '2', k: 'g' } }),
        { needCheck: false },
      );
      expect(answer).toMatchObject({ toast: { type: 'info', i18n: { zh_cn: expect.stringContaining('私信') } } });
      const form = h.fake.messagesTo(ACCOUNTS.chen.openId).at(-1);
      expect(form?.receive_id_type).toBe('open_id');
      // The form remembers the group it came from: the receipt goes there, not to the private chat.
      expect(JSON.stringify(form?.content)).toContain(`"chat":"${GROUP}"`);
    } finally {
      h.fake.options.ephemeral = true;
    }
  });

  it('processes, at start, events stored but never processed (the process stopped in between)', async () => {
    const payload = h.fake.messageEvent({ chatId: GROUP, senderOpenId: ACCOUNTS.zhang.openId, text: '未报' });
    const messageId = (payload.event as { message: { message_id: string } }).message.message_id;
    const stored = await recordEvent(h.db.db, {
      platform: 'lark',
      eventId: 'ev_left_over',
      chat: { id: GROUP, kind: 'group' },
      sender: { id: ACCOUNTS.zhang.openId, displayName: ACCOUNTS.zhang.openId },
      text: '未报',
      messageId,
      receivedAt: new Date('2026-11-18T01:59:00Z'),
    });
    expect(stored).toBe(true);
    const restarted = createLarkAdapter({ config: h.app.config, openPipeline: h.app.openPipeline, http: h.app.http, log: silentLogger });
    await restarted.start();
    try {
      await h.fake.waitFor(() => h.fake.messages.find((m) => m.reply_to === messageId), 5000, 'the late answer');
      const row = await h.db.db.inboundEvent.findUniqueOrThrow({ where: { platform_eventId: { platform: 'lark', eventId: 'ev_left_over' } } });
      expect(row.status).toBe('processed');
    } finally {
      await restarted.stop();
    }
  });
});
