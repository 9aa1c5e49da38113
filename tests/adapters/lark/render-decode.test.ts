// Rendering to cards and text, and decoding events: pure functions, table-driven.
import { describe, expect, it } from 'vitest';
import { buttonValue, decodeCardAction, decodeMessage, resolveMentions } from '../../../src/adapters/lark/decode.ts';
import { metaOf, parseCreateTime } from '../../../src/adapters/lark/events.ts';
import { renderFormCard } from '../../../src/adapters/lark/form-card.ts';
import { formToReportText } from '../../../src/adapters/lark/form.ts';
import { escapeMarkdown, renderCard, renderMessage, renderText } from '../../../src/adapters/lark/render.ts';
import { larkFileType, larkUuid, receiveIdType } from '../../../src/adapters/lark/send.ts';
import { message } from '../../../src/core/messages/outbound.ts';
import { parseChatCommand } from '../../../src/core/commands/command-table.ts';
import { parseSubmission } from '../../../src/core/rules/submission/index.ts';
import { FakeLark } from '../../support/fake-lark.ts';

const meta = { eventId: 'ev1', eventType: 'im.message.receive_v1', receivedAt: new Date('2026-11-18T02:00:00Z') };
const BOT = 'ou_bot';

function textEvent(text: string, mentions: { key: string; openId: string; name: string }[] = [], chatType: 'group' | 'p2p' = 'group') {
  return {
    sender: { sender_id: { open_id: 'ou_zhang' }, sender_type: 'user' },
    message: {
      message_id: 'om_1',
      chat_id: 'oc_group',
      chat_type: chatType,
      message_type: 'text',
      content: JSON.stringify({ text }),
      mentions: mentions.map((m) => ({ key: m.key, id: { open_id: m.openId }, name: m.name })),
    },
  };
}

describe('decoding messages', () => {
  it('strips the bot mention and names other mentions', () => {
    const incoming = decodeMessage(
      textEvent('@_user_1 填报 1\n形象进度：45%\n存在问题：等 @_user_2 确认', [
        { key: '@_user_1', openId: BOT, name: '进度助手' },
        { key: '@_user_2', openId: 'ou_li', name: '李院长' },
      ]),
      meta,
      { botOpenId: BOT },
    );
    expect(incoming?.text).toBe('填报 1\n形象进度：45%\n存在问题：等 @李院长 确认');
    expect(incoming?.chat).toEqual({ id: 'oc_group', kind: 'group' });
    expect(incoming?.sender.id).toBe('ou_zhang');
    expect(incoming?.eventId).toBe('ev1');
    expect(incoming?.messageId).toBe('om_1');
  });

  it('marks a message that @-mentions the bot as addressed to it, so plain text is read as a report', () => {
    const addressed = decodeMessage(textEvent('@_user_1 城东院区 45% 累计3200万', [{ key: '@_user_1', openId: BOT, name: '进度助手' }]), meta, { botOpenId: BOT });
    expect(addressed).toMatchObject({ text: '城东院区 45% 累计3200万', addressed: true });
    const other = decodeMessage(textEvent('@_user_1 看一下', [{ key: '@_user_1', openId: 'ou_li', name: '李院长' }]), meta, { botOpenId: BOT });
    expect(other?.addressed).toBeUndefined();
  });

  it('without the bot id, a leading mention is taken as the bot', () => {
    expect(resolveMentions('@_user_1  进度', [{ key: '@_user_1', id: { open_id: 'ou_x' }, name: 'Bot' }])).toBe('进度');
    expect(resolveMentions('看看 @_user_1', [{ key: '@_user_1', id: { open_id: 'ou_x' }, name: '张科长' }])).toBe('看看 @张科长');
    expect(resolveMentions('@_user_10 @_user_1 x', [
      { key: '@_user_1', id: { open_id: 'ou_a' }, name: 'A' },
      { key: '@_user_10', id: { open_id: 'ou_b' }, name: 'B' },
    ], 'ou_b')).toBe('@A x');
  });

  it('reads rich-text (post) messages line by line', () => {
    const event = {
      sender: { sender_id: { open_id: 'ou_zhang' }, sender_type: 'user' },
      message: {
        message_id: 'om_2',
        chat_id: 'oc_dm',
        chat_type: 'p2p',
        message_type: 'post',
        content: JSON.stringify({ title: '', content: [[{ tag: 'at', user_id: '@_user_1', user_name: '进度助手' }, { tag: 'text', text: ' 填报 1' }], [{ tag: 'text', text: '形象进度：', style: ['bold'] }, { tag: 'text', text: '50%' }], [{ tag: 'img', image_key: 'img_x' }]] }),
        mentions: [{ key: '@_user_1', id: { open_id: BOT }, name: '进度助手' }],
      },
    };
    const incoming = decodeMessage(event, meta, { botOpenId: BOT });
    expect(incoming?.text).toBe('填报 1\n形象进度：50%');
    expect(incoming?.chat.kind).toBe('private');
  });

  it('passes the replied-to message id and ignores bots, stickers and broken events', () => {
    const reply = textEvent('形象进度：45%');
    (reply.message as Record<string, unknown>).parent_id = 'om_reminder';
    expect(decodeMessage(reply, meta)?.replyToMessageId).toBe('om_reminder');
    expect(decodeMessage({ ...textEvent('x'), sender: { sender_id: { open_id: 'ou_app' }, sender_type: 'app' } }, meta)).toBeNull();
    expect(decodeMessage({ ...textEvent('x'), message: { ...textEvent('x').message, message_type: 'sticker', content: '{"file_key":"f"}' } }, meta)).toBeNull();
    expect(decodeMessage({ message: { chat_id: 'oc' } }, meta)).toBeNull();
  });

  it('reads create_time in milliseconds and microseconds', () => {
    expect(parseCreateTime('1763431200000')?.toISOString()).toBe('2025-11-18T02:00:00.000Z');
    expect(parseCreateTime('1763431200000000')?.toISOString()).toBe('2025-11-18T02:00:00.000Z');
    expect(metaOf({ event_id: 'e', event_type: 't' }, new Date(0)).receivedAt.getTime()).toBe(0);
  });
});

describe('decoding card callbacks', () => {
  const callback = (value: unknown, formValue?: Record<string, string>) => ({
    operator: { open_id: 'ou_zhang' },
    action: { value, tag: 'button', ...(formValue ? { form_value: formValue } : {}) },
    context: { open_message_id: 'om_card', open_chat_id: 'oc_where_card_is' },
  });

  it('turns a core button into Incoming.action', () => {
    const decoded = decodeCardAction(callback({ action: 'draft:confirm', k: 'g' }), meta);
    expect(decoded).toMatchObject({ kind: 'action', incoming: { action: 'draft:confirm', text: '', chat: { id: 'oc_where_card_is', kind: 'group' }, sender: { id: 'ou_zhang' } } });
  });

  it('turns a form submit into a report text for the origin chat', () => {
    const decoded = decodeCardAction(callback({ action: 'lark:submit', chat: 'oc_group', k: 'g' }, { project: '1', progress: '45', cumulative: '3200', problems: '等图纸\n\n缺钢材', done: ' ', nextPlan: '主体封顶' }), meta);
    expect(decoded?.kind).toBe('submit');
    if (decoded?.kind !== 'submit') return;
    expect(decoded.incoming.chat).toEqual({ id: 'oc_group', kind: 'group' });
    expect(decoded.incoming.form).toEqual({ project: '1', progress: '45', cumulative: '3200', problems: '等图纸\n\n缺钢材', nextPlan: '主体封顶' });
    expect(decoded.incoming.text).toBe('填报\n1\n形象进度: 45%\n累计完成投资: 3200万\n存在问题: 1. 等图纸 2. 缺钢材\n下周计划: 主体封顶');
  });

  it('recognises the 填报 button and rejects values that are not ours', () => {
    expect(decodeCardAction(callback({ action: 'lark:form', project: '2', k: 'p' }), meta)).toMatchObject({ kind: 'open_form', operatorId: 'ou_zhang', project: '2', chat: { kind: 'private' } });
    expect(decodeCardAction(callback({ foo: 1 }), meta)).toBeNull();
    expect(buttonValue('{"action":"draft:cancel"}')).toEqual({ action: 'draft:cancel' });
    expect(buttonValue(42)).toBeNull();
  });

  it('maps a form with no project to the bare command', () => {
    expect(formToReportText({ progress: '45.5%' })).toBe('填报\n形象进度: 45.5%');
    expect(formToReportText({ project: '城东\n院区', progress: '3', investedThisWeek: '120万' })).toBe('填报\n项目: 城东 院区\n形象进度: 3%\n本周进展: 120万'.replace('本周进展', '本周完成投资'));
    expect(formToReportText({ investedThisWeek: '120万' })).toBe('填报'); // no 形象进度: refused with a toast, never stored
  });

  it('never reads a line of a text answer as another field', () => {
    const done = '计划：完成三层\n形象进度 35%\n45%\n下周计划：四层；存在问题：无';
    const text = formToReportText({ project: '1', progress: '45', done });
    const parsed = parseSubmission(parseChatCommand(text)?.args ?? '');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.submission).toMatchObject({ projectRef: '1', progress: 45 });
    expect(parsed.submission.nextPlan).toBeUndefined();
    expect(parsed.submission.problems).toBeUndefined();
    expect(parsed.submission.done).toContain('形象进度 35%');
  });

  it('produces text the core grammar reads back into the same values', () => {
    const text = formToReportText({ project: '城东 院区', progress: '45.5', investedThisWeek: '120', cumulative: '3,200万', problems: '1. 用电增容未批\n2. 雨季影响土方', nextPlan: '四层钢筋' });
    const parsed = parseSubmission(parseChatCommand(text)?.args ?? '');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.submission).toMatchObject({ projectRef: '城东 院区', progress: 45.5, investedThisWeek: 1_200_000n * 100n, cumulative: 32_000_000n * 100n, problems: ['用电增容未批', '雨季影响土方'], nextPlan: '四层钢筋' });
  });
});

describe('rendering', () => {
  it('renders a heading, fields, a list and buttons as a JSON 2.0 card', () => {
    const card = renderCard(
      message(
        [
          { kind: 'heading', text: '已收到：1 县医院' },
          { kind: 'fields', fields: [{ label: '形象进度', value: '45% (+5)' }] },
          { kind: 'list', items: [['等 *图纸*']] },
        ],
        { buttons: [{ label: '确认', action: 'draft:confirm', style: 'primary' }], summary: '已收到' },
      ),
      { locale: 'zh-CN', chatKind: 'group' },
    );
    expect(card.schema).toBe('2.0');
    expect(card.header).toEqual({ title: { tag: 'plain_text', content: '已收到：1 县医院' }, template: 'blue' });
    expect(card.config).toEqual({ update_multi: true, summary: { content: '已收到' } });
    const elements = (card.body as { elements: Record<string, unknown>[] }).elements;
    expect(elements[0]).toEqual({ tag: 'markdown', content: '**形象进度**：45% &#40;&#43;5&#41;' });
    expect(elements[1]).toEqual({ tag: 'markdown', content: '- 等 &#42;图纸&#42;' });
    const button = (elements[2] as { columns: { elements: Record<string, unknown>[] }[] }).columns[0]?.elements[0];
    expect(button).toMatchObject({ tag: 'button', type: 'primary_filled', behaviors: [{ type: 'callback', value: { action: 'draft:confirm', k: 'g' } }] });
  });

  it('renders mentions as <at> in cards and in text', () => {
    const msg = message([
      { kind: 'heading', text: '本周未报' },
      { kind: 'text', lines: [['请 ', { mention: { name: '张科长', userId: 'ou_zhang' } }, ' 和 ', { mention: { name: '陈科长' } }, ' 填报']] },
    ]);
    const card = renderCard(msg, { locale: 'zh-CN' });
    expect(JSON.stringify(card)).toContain('<at id=ou_zhang></at>');
    expect(JSON.stringify(card)).toContain('@陈科长');
    expect(renderText(msg)).toBe('【本周未报】\n请 <at user_id="ou_zhang">张科长</at> 和 @陈科长 填报');
    // A mention of an account on another platform is not an <at>.
    expect(renderText(message([{ kind: 'text', lines: [[{ mention: { name: 'x', userId: '12345' } }]] }]))).toBe('@x');
  });

  it('sends a few plain lines as text and anything richer as a card with a text fallback', () => {
    const plain = renderMessage(message([{ kind: 'text', lines: [['好的']] }]), { locale: 'zh-CN' });
    expect(plain.primary).toEqual({ msgType: 'text', content: JSON.stringify({ text: '好的' }) });
    expect(plain.fallback).toBeUndefined();
    const rich = renderMessage(message([{ kind: 'quote', text: '形象进度：abc' }]), { locale: 'zh-CN' });
    expect(rich.primary.msgType).toBe('interactive');
    expect(JSON.parse(rich.fallback?.content ?? '{}')).toEqual({ text: '> 形象进度：abc' });
  });

  it('gives a reminder a 填报 button that opens the form for its project', () => {
    const reminder = message([{ kind: 'text', lines: [['本周还没填报']] }], { replyContext: 'report:3' });
    const card = renderCard(reminder, { locale: 'zh-CN', chatKind: 'private' });
    const json = JSON.stringify(card);
    expect(json).toContain('"value":{"action":"lark:form","project":"3","k":"p"}');
    expect(json).toContain('"i18n_content":{"zh_cn":"填报","en_us":"Report"}');
    expect(renderMessage(reminder, { locale: 'zh-CN' }).primary.msgType).toBe('interactive');
  });

  it('escapes what users typed with the HTML entities Lark documents', () => {
    expect(escapeMarkdown('**粗体** <at id=all></at> [a](b) `x` # _y_ ~z~')).toBe(
      '&#42;&#42;粗体&#42;&#42; &#60;at id=all&#62;&#60;/at&#62; &#91;a&#93;&#40;b&#41; &#96;x&#96; &#35; &#95;y&#95; &#126;z&#126;',
    );
  });

  it('builds the form card with every field, the project filled in and the origin chat in the submit', () => {
    const card = renderFormCard({ locale: 'zh-CN', project: '1', chat: { id: 'oc_group', kind: 'group' } });
    const form = (card.body as { elements: Record<string, unknown>[] }).elements.find((e) => e.tag === 'form') as { elements: Record<string, unknown>[] };
    expect(form.elements.filter((e) => e.tag === 'input').map((e) => e.name)).toEqual(['project', 'progress', 'investedThisWeek', 'cumulative', 'done', 'problems', 'nextPlan']);
    expect(form.elements[0]).toMatchObject({ name: 'project', default_value: '1' });
    expect(form.elements.at(-1)).toMatchObject({ tag: 'button', form_action_type: 'submit', name: 'submit', behaviors: [{ type: 'callback', value: { action: 'lark:submit', chat: 'oc_group', k: 'g' } }] });
  });
});

describe('sending helpers', () => {
  it('derives a stable uuid per key and part, within Lark’s 50 characters', () => {
    const a = larkUuid('row-1', 'body');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(larkUuid('row-1', 'body')).toBe(a);
    expect(larkUuid('row-1', 'file')).not.toBe(a);
    expect(larkUuid('row-2', 'body')).not.toBe(a);
    expect(larkUuid(undefined, 'body')).toBeUndefined();
  });

  it('addresses people by open_id and chats by chat_id; knows upload file types', () => {
    expect(receiveIdType('ou_abc')).toBe('open_id');
    expect(receiveIdType('oc_abc')).toBe('chat_id');
    expect(larkFileType('进度台账.xlsx')).toBe('xls');
    expect(larkFileType('chart.png')).toBe('stream');
  });

  it('the fake platform builds events the decoder reads', async () => {
    const fake = await FakeLark.start();
    try {
      const payload = fake.messageEvent({ chatId: 'oc_g', senderOpenId: 'ou_a', text: '@_user_1 帮助', mentions: [{ key: '@_user_1', openId: fake.options.botOpenId, name: 'Bot' }] });
      const incoming = decodeMessage((payload as { event: never }).event, meta, { botOpenId: fake.options.botOpenId });
      expect(incoming?.text).toBe('帮助');
    } finally {
      await fake.close();
    }
  });
});
