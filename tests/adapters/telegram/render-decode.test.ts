// Rendering (HTML escaping, chunking, keyboards, force-reply) and decoding (mentions, commands for
// other bots, replies to the bot, button presses, documents), as pure functions.
import { describe, expect, it } from 'vitest';
import { decodeUpdate, languageHint, stripBotAddress } from '../../../src/adapters/telegram/decode.ts';
import { escapeHtml, renderTelegram, splitHtml, TELEGRAM_MAX_MESSAGE } from '../../../src/adapters/telegram/render.ts';
import { menuCommands } from '../../../src/adapters/telegram/commands-menu.ts';
import { message } from '../../../src/core/messages/outbound.ts';
import { parseTelegramHtml } from '../../support/fake-telegram.ts';
import type { Update } from 'grammy/types';

const BOT = { id: 7000001, username: 'progress_test_bot' };
const at = new Date('2026-11-18T02:00:00Z');

function valid(html: string): string {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(`${parsed.error}: ${html}`);
  return parsed.text;
}

describe('render', () => {
  it('escapes every piece of user text and links bound people', () => {
    const msg = message([
      { kind: 'heading', text: '<项目> & "周报"' },
      { kind: 'fields', fields: [{ label: '本周进展', value: '<script>alert(1)</script> & 完成' }] },
      { kind: 'text', lines: [[{ mention: { name: '张<科长>', userId: '1002' } }, ' ', { mention: { name: '陈科长' } }, ' ', { bold: 'a<b' }, { code: 'x&y' }]] },
      { kind: 'list', items: [['一 <i>'], ['二']], ordered: true },
      { kind: 'code', text: '/report 1\n形象进度：45%' },
      { kind: 'quote', text: '原文 <b>不是粗体</b>' },
      { kind: 'divider' },
    ]);
    const [chunk] = renderTelegram(msg).chunks;
    const html = chunk?.text ?? '';
    expect(html).toContain('<b>&lt;项目&gt; &amp; "周报"</b>');
    expect(html).toContain('<b>本周进展</b>：&lt;script&gt;');
    expect(html).toContain('<a href="tg://user?id=1002">张&lt;科长&gt;</a>');
    expect(html).toContain('@陈科长');
    expect(html).toContain('<pre>/report 1\n形象进度：45%</pre>');
    expect(html).toContain('<blockquote>原文 &lt;b&gt;不是粗体&lt;/b&gt;</blockquote>');
    expect(valid(html)).toContain('<script>alert(1)</script>');
    expect(escapeHtml('a&<>')).toBe('a&amp;&lt;&gt;');
  });

  it('splits long messages on line boundaries into valid chunks of at most 4096 characters', () => {
    const lines = Array.from({ length: 400 }, (_, i) => [`第${i + 1}行 <${'进度'.repeat(10)}> & 说明`]);
    const msg = message([{ kind: 'heading', text: '周报' }, { kind: 'text', lines }, { kind: 'quote', text: Array.from({ length: 200 }, (_, i) => `引用 ${i} <x>`).join('\n') }], { buttons: [{ label: '确认', action: 'draft:confirm' }] });
    const { chunks } = renderTelegram(msg);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(TELEGRAM_MAX_MESSAGE);
      valid(chunk.text);
    }
    const text = chunks.map((c) => valid(c.text)).join('\n');
    expect(text).toContain('第1行');
    expect(text).toContain('第400行');
    expect(text).toContain('引用 199 <x>');
    expect(chunks.slice(0, -1).every((c) => !c.reply_markup)).toBe(true);
    expect(chunks.at(-1)?.reply_markup).toEqual({ inline_keyboard: [[{ text: '确认', callback_data: 'draft:confirm' }]] });
  });

  it('hard-splits a single over-long line without breaking a tag or an entity', () => {
    const html = `<b>${'&amp;进'.repeat(3000)}</b>`;
    const chunks = splitHtml(html, 4096);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(4096);
      expect(chunk.startsWith('<b>') && chunk.endsWith('</b>')).toBe(true);
      valid(chunk);
    }
    expect(chunks.map((c) => valid(c)).join('')).toBe('&进'.repeat(3000));
  });

  it('asks for a force-reply on a reminder without buttons, and drops actions over 64 bytes', () => {
    const reminder = renderTelegram(message([{ kind: 'text', lines: [['请填报']] }], { replyContext: 'report:4' }));
    expect(reminder.chunks[0]?.reply_markup).toEqual({ force_reply: true, selective: true });
    const long = renderTelegram(message([{ kind: 'text', lines: [['x']] }], { buttons: [{ label: 'ok', action: 'claim:approve:clxyz1234567890abcdefghij' }, { label: 'too long', action: 'x'.repeat(65) }] }));
    const buttons = (long.chunks[0]?.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual(['claim:approve:clxyz1234567890abcdefghij']);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    expect(long.dropped).toHaveLength(1);
  });

  it('has Chinese and English command menus with Telegram-valid commands, from the command table', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const audience of ['everyone', 'admins'] as const) {
        for (const c of menuCommands(locale, audience)) {
          expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
          expect(c.description.length).toBeGreaterThanOrEqual(1);
          expect(c.description.length).toBeLessThanOrEqual(256);
        }
      }
    }
    const everyone = menuCommands('zh-CN').map((c) => c.command);
    const admins = menuCommands('zh-CN', 'admins').map((c) => c.command);
    expect(everyone).toEqual(expect.arrayContaining(['report', 'status', 'missing', 'whoami', 'iam', 'help']));
    expect(everyone).not.toContain('remind'); // the project office's commands are in the administrators' menu only
    expect(admins).toEqual(expect.arrayContaining([...everyone, 'remind', 'settings', 'export', 'digest', 'setup']));
    expect(menuCommands('zh-CN').find((c) => c.command === 'report')?.description).toBe('填报本周进度（填报）');
  });
});

describe('decode', () => {
  const from = { id: 1002, is_bot: false, first_name: '张', last_name: '科长', username: 'zhang_kz', language_code: 'zh-hans' };
  const group = { id: -1001234567890, type: 'supergroup' as const, title: '周报群' };

  it('strips the bot’s mention and /cmd@bot in groups, and drops commands for other bots', () => {
    expect(stripBotAddress('@progress_test_bot 填报 1', 'progress_test_bot')).toEqual({ text: '填报 1', addressed: true });
    expect(stripBotAddress('/report@Progress_Test_Bot 1\n形象进度：45%', 'progress_test_bot')).toEqual({ text: '/report 1\n形象进度：45%', addressed: true });
    expect(stripBotAddress('/report@other_bot 1', 'progress_test_bot')).toBeNull();
    expect(stripBotAddress('大家好', 'progress_test_bot')).toEqual({ text: '大家好', addressed: false });
  });

  it('decodes a group message replying to the bot', () => {
    const update = { update_id: 42, message: { message_id: 10, date: 0, chat: group, from, text: '形象进度: 45%', reply_to_message: { message_id: 9, date: 0, chat: group, from: { id: BOT.id, is_bot: true, first_name: 'bot' } } } } as unknown as Update;
    expect(decodeUpdate(update, BOT, at)).toEqual({
      platform: 'telegram',
      eventId: '42:-1001234567890:10',
      chat: { id: '-1001234567890', kind: 'group', title: '周报群' },
      sender: { id: '1002', displayName: '张 科长', username: 'zhang_kz', languageHint: 'zh-CN' },
      text: '形象进度: 45%',
      addressed: true,
      messageId: '10',
      replyToMessageId: '9',
      receivedAt: at,
    });
  });

  it('keeps event ids unique when Telegram reuses an update_id (it picks one at random after a quiet week)', () => {
    const first = { update_id: 7, message: { message_id: 10, date: 0, chat: group, from, text: '/status' } } as unknown as Update;
    const later = { update_id: 7, message: { message_id: 500, date: 0, chat: group, from, text: '/status' } } as unknown as Update;
    expect(decodeUpdate(first, BOT, at)?.eventId).not.toBe(decodeUpdate(later, BOT, at)?.eventId);
    expect(decodeUpdate(first, BOT, at)?.eventId).toBe(decodeUpdate(structuredClone(first), BOT, at)?.eventId); // a re-delivery is still a duplicate
  });

  it('decodes button presses, documents with a caption, and ignores bots and channels', () => {
    const press = { update_id: 43, callback_query: { id: 'q', from, chat_instance: 'c', data: 'claim:approve:1', message: { message_id: 11, date: 0, chat: { id: 1001, type: 'private', first_name: 'w' } } } } as unknown as Update;
    expect(decodeUpdate(press, BOT, at)).toMatchObject({ action: 'claim:approve:1', chat: { id: '1001', kind: 'private' }, text: '', eventId: '43:cb:q' });
    const doc = { update_id: 44, message: { message_id: 12, date: 0, chat: { id: 1002, type: 'private', first_name: '张' }, from, caption: '/import', document: { file_id: 'F1', file_unique_id: 'u', file_name: '项目清单.xlsx' } } } as unknown as Update;
    expect(decodeUpdate(doc, BOT, at)).toMatchObject({ text: '/import', file: { name: '项目清单.xlsx', ref: 'F1' } });
    // An album's photos carry its media_group_id; a lone photo carries none.
    const albumPhoto = { update_id: 47, message: { message_id: 15, date: 0, chat: { id: 1002, type: 'private', first_name: '张' }, from, media_group_id: '13579', photo: [{ file_id: 'P1', file_unique_id: 'u1', width: 90, height: 60 }] } } as unknown as Update;
    expect(decodeUpdate(albumPhoto, BOT, at)).toMatchObject({ text: '', photos: [{ ref: 'P1' }], albumId: '13579' });
    const lonePhoto = structuredClone(albumPhoto) as unknown as { message: { media_group_id?: string } };
    delete lonePhoto.message.media_group_id;
    expect(decodeUpdate(lonePhoto as unknown as Update, BOT, at)).not.toHaveProperty('albumId');
    const botMessage = { update_id: 45, message: { message_id: 13, date: 0, chat: group, from: { ...from, is_bot: true }, text: 'hi' } } as unknown as Update;
    expect(decodeUpdate(botMessage, BOT, at)).toBeNull();
    const channel = { update_id: 46, message: { message_id: 14, date: 0, chat: { id: -100777, type: 'channel', title: 'c' }, from, text: 'hi' } } as unknown as Update;
    expect(decodeUpdate(channel, BOT, at)).toBeNull();
    expect([languageHint('zh-hans'), languageHint('en-US'), languageHint('ru')]).toEqual(['zh-CN', 'en', undefined]);
  });
});
