// Telegram updates → Incoming. Messages (text, or a document's caption), with the bot's mention
// and "/cmd@this_bot" suffix removed in groups and commands for other bots dropped; replies to the
// bot's own messages (force-reply to a reminder) carry replyToMessageId; button presses carry the
// callback data as Incoming.action. A document is referenced by its file_id; its bytes are fetched
// only when a command asks for them (fetchTelegramFile). A photo (its largest size) or an image sent
// as a document is a site photo (Incoming.photos), its caption the message's text; the photos of an
// album share its media_group_id (Incoming.albumId). Decoding is pure.
import { basename } from 'node:path';
import type { Message, Update, User } from 'grammy/types';
import type { ChatKind, Locale } from '../../core/model.ts';
import type { Incoming } from '../../core/platform.ts';
import { isWellFormedUpdate } from './update-shape.ts';

/** What decoding needs to know about the bot (from getMe). */
export interface BotIdentity {
  id?: number;
  /** Without "@". */
  username?: string;
}

/** The language of the sender's app, as far as the core's catalog goes. */
export function languageHint(code: string | undefined): Locale | undefined {
  if (!code) return undefined;
  const lower = code.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

function chatKind(type: string): ChatKind | null {
  if (type === 'private') return 'private';
  if (type === 'group' || type === 'supergroup') return 'group';
  return null;
}

function sender(from: User): Incoming['sender'] {
  const displayName = [from.first_name, from.last_name].filter(Boolean).join(' ').trim() || from.username || String(from.id);
  const hint = languageHint(from.language_code);
  return { id: String(from.id), displayName, ...(from.username ? { username: from.username } : {}), ...(hint ? { languageHint: hint } : {}) };
}

function isBotsMessage(message: Message | undefined, bot: BotIdentity): boolean {
  const from = message?.from;
  if (!from) return false;
  if (bot.id !== undefined) return from.id === bot.id;
  if (bot.username && from.username) return from.username.toLowerCase() === bot.username.toLowerCase();
  return false;
}

/** The result of looking at a message's text: what the core should read, or null to ignore it. */
export interface AddressedText {
  text: string;
  addressed: boolean;
}

/**
 * Removes a leading "@this_bot" and the "@this_bot" of "/cmd@this_bot"; null when the text is a
 * command addressed to another bot ("/report@other_bot"). Only groups need this.
 */
export function stripBotAddress(text: string, botUsername: string | undefined): AddressedText | null {
  let rest = text;
  let addressed = false;
  const name = botUsername?.toLowerCase();
  const leading = /^\s*@([A-Za-z0-9_]{3,})[\s,:，：]*/.exec(rest);
  if (leading && name && leading[1]?.toLowerCase() === name) {
    rest = rest.slice(leading[0].length);
    addressed = true;
  }
  const command = /^(\s*[/／][A-Za-z\u4e00-\u9fff]+)@([A-Za-z0-9_]+)/.exec(rest);
  if (command) {
    const target = command[2]?.toLowerCase();
    if (name && target !== name) return null;
    if (!name) return { text: rest, addressed };
    rest = (command[1] ?? '') + rest.slice(command[0].length);
    addressed = true;
  }
  if (!addressed && name && new RegExp(`(^|[^A-Za-z0-9_])@${name}(?![A-Za-z0-9_])`, 'i').test(rest)) addressed = true;
  return { text: rest.trim(), addressed };
}

/** An update → Incoming, or null for what the bot ignores (channels, other bots, stickers, edits) or cannot read (a malformed body). */
export function decodeUpdate(update: Update, bot: BotIdentity, receivedAt: Date): Incoming | null {
  if (!isWellFormedUpdate(update)) return null;
  if (update.callback_query) return decodeCallback(update, receivedAt);
  const message = update.message;
  if (!message?.from || message.from.is_bot) return null;
  const kind = chatKind(message.chat.type);
  if (!kind) return null;
  const photos = photosOf(message);
  const document = photos.length ? undefined : message.document;
  let raw = message.text ?? message.caption;
  if (raw === undefined && document && kind === 'private') raw = '/import';
  // A photo without a caption: the core attaches it to the report it follows.
  if (raw === undefined && photos.length) raw = '';
  if (raw === undefined) return null;

  let text = raw.trim();
  let addressed = false;
  if (kind === 'group') {
    const stripped = stripBotAddress(raw, bot.username);
    if (!stripped) return null;
    ({ text, addressed } = stripped);
  }
  const repliesToBot = isBotsMessage(message.reply_to_message, bot);
  const title = 'title' in message.chat ? message.chat.title : undefined;
  return {
    platform: 'telegram',
    eventId: messageEventId(update.update_id, message.chat.id, message.message_id),
    chat: { id: String(message.chat.id), kind, ...(title ? { title } : {}) },
    sender: sender(message.from),
    text,
    ...(addressed || repliesToBot ? { addressed: true } : {}),
    messageId: String(message.message_id),
    ...(repliesToBot && message.reply_to_message ? { replyToMessageId: String(message.reply_to_message.message_id) } : {}),
    ...(document ? { file: { name: basename(document.file_name ?? 'upload'), ref: document.file_id, ...(document.file_size !== undefined ? { size: document.file_size } : {}) } } : {}),
    ...(photos.length ? { photos } : {}),
    ...(photos.length && message.media_group_id ? { albumId: message.media_group_id } : {}),
    receivedAt,
  };
}

/** A message's site photo: the largest size of a photo, or a document that says it is an image. */
function photosOf(message: Message): NonNullable<Incoming['photos']> {
  const sizes = message.photo ?? [];
  if (sizes.length) {
    const largest = sizes.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return [{ name: 'photo.jpg', ref: largest.file_id, ...(largest.file_size !== undefined ? { size: largest.file_size } : {}) }];
  }
  const document = message.document;
  if (document && /^image\//i.test(document.mime_type ?? '')) {
    return [{ name: basename(document.file_name ?? 'photo'), ref: document.file_id, ...(document.file_size !== undefined ? { size: document.file_size } : {}) }];
  }
  return [];
}

/**
 * An update's event id. update_id alone is not enough: after a week without updates Telegram picks
 * the next one at random, so an old id can come back. The chat and message ids (never reused) make
 * it unique for good, and a re-delivered update still has the same one.
 */
export function messageEventId(updateId: number, chatId: number, messageId: number): string {
  return `${updateId}:${chatId}:${messageId}`;
}

/** The update_id an event id starts with. */
export function updateIdOf(eventId: string | undefined): number {
  return Number((eventId ?? '0').split(':')[0]) || 0;
}

function decodeCallback(update: Update, receivedAt: Date): Incoming | null {
  const query = update.callback_query;
  const message = query?.message;
  if (!query?.data || !message || query.from.is_bot) return null;
  const kind = chatKind(message.chat.type);
  if (!kind) return null;
  return {
    platform: 'telegram',
    eventId: `${update.update_id}:cb:${query.id}`,
    chat: { id: String(message.chat.id), kind },
    sender: sender(query.from),
    text: '',
    action: query.data,
    messageId: String(message.message_id),
    receivedAt,
  };
}

/** What downloading a file needs: getFile, and the Bot API root and token for the file URL. */
export interface FileSource {
  getFile(fileId: string): Promise<{ file_path?: string }>;
  apiRoot: string;
  token: string;
  fetch?: typeof fetch;
  /** Refuse files above this many bytes (default 20 MB, the Bot API's own download limit). */
  maxBytes?: number;
}

/**
 * Downloads a document sent to the bot by its file_id. A self-hosted Bot API server in --local mode
 * answers with an absolute path on its own disk, which is read as it is.
 */
export async function fetchTelegramFile(fileId: string, source: FileSource): Promise<Uint8Array> {
  const maxBytes = source.maxBytes ?? 20 * 1024 * 1024;
  const file = await source.getFile(fileId);
  if (!file.file_path) throw new Error('getFile returned no file_path');
  if (file.file_path.startsWith('/')) {
    const { readFile, stat } = await import('node:fs/promises');
    if ((await stat(file.file_path)).size > maxBytes) throw new Error(`file larger than ${maxBytes} bytes`);
    return readFile(file.file_path);
  }
  const response = await (source.fetch ?? fetch)(`${source.apiRoot}/file/bot${source.token}/${file.file_path}`);
  if (!response.ok) throw new Error(`file download failed: HTTP ${response.status}`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw new Error(`file larger than ${maxBytes} bytes`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new Error(`file larger than ${maxBytes} bytes`);
  return bytes;
}
