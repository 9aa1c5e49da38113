// Lark events → Incoming. Text and rich-text (post) messages with their @-mention placeholders
// resolved, and card callbacks: a button's action, or a report form turned into the report text
// the core grammar reads, so a form goes through the same pipeline as a typed report. Pure.
import type { ChatKind } from '../../core/model.ts';
import type { Incoming } from '../../core/platform.ts';
import type { EventMeta, LarkCardActionEvent, LarkMention, LarkMessageEvent } from './events.ts';
import { FORM_FIELDS, formToReportText, type FormFields } from './form.ts';

/** Actions the adapter handles itself; every other button action goes to the core. */
export const LARK_ACTIONS = {
  /** Opens the report form card (the 填报 button of a reminder). */
  openForm: 'lark:form',
  /** Submits the report form card. */
  submitForm: 'lark:submit',
} as const;

/** What the adapter puts in a card button's callback value. */
export interface ButtonValue {
  action: string;
  /** The kind of chat the card was sent to: "p" private, "g" group. */
  k?: 'p' | 'g';
  /** The project a reminder was about (the form's default). */
  project?: string;
  /** The chat the form was opened from (its receipt goes there). */
  chat?: string;
}

/** What decoding needs to know beyond the event. */
export interface DecodeContext {
  /** The bot's own open_id, when known: its mention is removed from the text. */
  botOpenId?: string;
  /** The kind of a chat seen before, if known. */
  chatKind?: (chatId: string) => ChatKind | undefined;
}

// === Messages

/** im.message.receive_v1 → Incoming, or null for messages the bot ignores (other bots, stickers). */
export function decodeMessage(event: LarkMessageEvent, meta: EventMeta, ctx: DecodeContext = {}): Incoming | null {
  const { message, sender } = event;
  const openId = sender?.sender_id?.open_id;
  if (!message?.chat_id || !openId) return null;
  if (sender?.sender_type && sender.sender_type !== 'user') return null;
  if (message.message_type === 'file') return decodeFileMessage(message, openId, meta);
  const photos = message.message_id ? imagesOf(message.message_type ?? '', message.content ?? '', message.message_id) : [];
  const raw = message.message_type === 'image' ? (photos.length ? '' : null) : contentText(message.message_type ?? '', message.content ?? '', message.mentions ?? []);
  if (raw === null) return null;
  const text = resolveMentions(raw, message.mentions ?? [], ctx.botOpenId);
  const kind: ChatKind = message.chat_type === 'p2p' ? 'private' : 'group';
  const addressed = mentionsBot(raw, message.mentions ?? [], ctx.botOpenId);
  return {
    platform: 'lark',
    ...(meta.eventId ? { eventId: meta.eventId } : {}),
    chat: { id: message.chat_id, kind },
    sender: { id: openId, displayName: openId },
    text,
    ...(addressed ? { addressed } : {}),
    ...(message.message_id ? { messageId: message.message_id } : {}),
    ...(message.parent_id ? { replyToMessageId: message.parent_id } : {}),
    ...(photos.length ? { photos } : {}),
    receivedAt: meta.receivedAt,
  };
}

/**
 * The images of an image message, or the images in a post (a report with photos), as site photos.
 * Their ref is "<message id>/<image key>/image": fetched as the message's image resource.
 */
function imagesOf(type: string, content: string, messageId: string): NonNullable<Incoming['photos']> {
  const parsed = parseJson(content);
  if (!isRecord(parsed)) return [];
  const keys: string[] = [];
  if (type === 'image' && typeof parsed.image_key === 'string') keys.push(parsed.image_key);
  if (type === 'post') {
    const body = Array.isArray(parsed.content) ? parsed : Object.values(parsed).find((v): v is Record<string, unknown> => isRecord(v) && Array.isArray(v.content));
    for (const paragraph of (body?.content as unknown[] | undefined) ?? []) {
      if (!Array.isArray(paragraph)) continue;
      for (const el of paragraph) if (isRecord(el) && el.tag === 'img' && typeof el.image_key === 'string') keys.push(el.image_key);
    }
  }
  return keys.map((key) => ({ name: 'image.jpg', ref: `${messageId}/${key}/image` }));
}

/**
 * A file sent to the bot in a private chat is a project list to import ("/import"); the file is
 * fetched only when the command asks for it (ref "<message id>/<file key>"). Files in groups cannot address the bot and are ignored.
 */
function decodeFileMessage(message: NonNullable<LarkMessageEvent['message']>, openId: string, meta: EventMeta): Incoming | null {
  if (message.chat_type !== 'p2p' || !message.chat_id || !message.message_id) return null;
  let content: { file_key?: string; file_name?: string };
  try {
    content = JSON.parse(message.content ?? '{}') as { file_key?: string; file_name?: string };
  } catch {
    return null;
  }
  if (!content.file_key) return null;
  return {
    platform: 'lark',
    ...(meta.eventId ? { eventId: meta.eventId } : {}),
    chat: { id: message.chat_id, kind: 'private' },
    sender: { id: openId, displayName: openId },
    text: '/import',
    file: { name: content.file_name ?? 'upload', ref: `${message.message_id}/${content.file_key}` },
    messageId: message.message_id,
    receivedAt: meta.receivedAt,
  };
}

/** The text of a text or post message, with mention placeholders still in; null for other types. */
function contentText(type: string, content: string, mentions: LarkMention[]): string | null {
  const parsed = parseJson(content);
  if (!isRecord(parsed)) return null;
  if (type === 'text') return typeof parsed.text === 'string' ? parsed.text : null;
  if (type === 'post') return postText(parsed, mentions);
  return null;
}

/** A post's paragraphs as lines. Received posts come without a locale wrapper; sent ones may have one. */
function postText(parsed: Record<string, unknown>, mentions: LarkMention[]): string {
  const body = Array.isArray(parsed.content) ? parsed : Object.values(parsed).find((v): v is Record<string, unknown> => isRecord(v) && Array.isArray(v.content));
  if (!body) return '';
  const lines: string[] = [];
  if (typeof body.title === 'string' && body.title.trim()) lines.push(body.title);
  for (const paragraph of body.content as unknown[]) {
    if (!Array.isArray(paragraph)) continue;
    lines.push(paragraph.map((el) => postElementText(el, mentions)).join(''));
  }
  return lines.join('\n');
}

function postElementText(el: unknown, mentions: LarkMention[]): string {
  if (!isRecord(el)) return '';
  if (el.tag === 'at') {
    const userId = typeof el.user_id === 'string' ? el.user_id : '';
    // In received posts user_id is the placeholder key or the open_id; keep the key so that
    // resolveMentions treats text and post alike.
    const byKey = mentions.find((m) => m.key === userId);
    if (byKey) return byKey.key;
    const byOpenId = mentions.find((m) => m.id?.open_id === userId);
    if (byOpenId) return byOpenId.key;
    return typeof el.user_name === 'string' ? `@${el.user_name}` : '';
  }
  if (el.tag === 'img' || el.tag === 'media') return '';
  return typeof el.text === 'string' ? el.text : '';
}

/**
 * Replaces "@_user_N" placeholders: the bot's own mention is removed, others become "@name".
 * Without the bot's open_id, mentions before any other text are taken as addressing the bot
 * (with only the "@-messages" scope, a group message reaches the bot only when it is mentioned).
 */
/** Whether the message @-mentions the bot (by open_id when known, else a leading mention). */
export function mentionsBot(text: string, mentions: LarkMention[], botOpenId?: string): boolean {
  const leading = leadingKeys(text, mentions);
  return mentions.some((m) => (botOpenId ? m.id?.open_id === botOpenId : leading.has(m.key)));
}

export function resolveMentions(text: string, mentions: LarkMention[], botOpenId?: string): string {
  let out = text;
  const leading = leadingKeys(text, mentions);
  // Longest keys first, so "@_user_1" never eats the start of "@_user_10".
  for (const mention of [...mentions].sort((a, b) => b.key.length - a.key.length)) {
    const isBot = botOpenId ? mention.id?.open_id === botOpenId : leading.has(mention.key);
    const replacement = isBot ? '' : `@${mention.name ?? mention.key.replace(/^@/, '')}`;
    out = out.split(mention.key).join(replacement);
  }
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]{2,}/g, ' ').replace(/[ \t\u00a0]+$/, ''))
    .join('\n')
    .replace(/^[\s\u200b]+/, '')
    .replace(/\s+$/, '');
}

function leadingKeys(text: string, mentions: LarkMention[]): Set<string> {
  const keys = new Set<string>();
  let rest = text.trimStart();
  for (let found = true; found; ) {
    found = false;
    for (const m of mentions) {
      if (m.key && m.key !== '@_all' && rest.startsWith(m.key)) {
        keys.add(m.key);
        rest = rest.slice(m.key.length).trimStart();
        found = true;
      }
    }
  }
  return keys;
}

// === Card callbacks

/** A decoded card callback: open the form, submit it, or a core button action. */
export type DecodedCardAction =
  | { kind: 'open_form'; operatorId: string; chat: { id: string; kind: ChatKind }; project: string; messageId?: string }
  | { kind: 'submit'; incoming: Incoming & { form: FormFields } }
  | { kind: 'action'; incoming: Incoming };

/** card.action.trigger → what the press means, or null when it is not one of ours. */
export function decodeCardAction(event: LarkCardActionEvent, meta: EventMeta, ctx: DecodeContext = {}): DecodedCardAction | null {
  const operatorId = event.operator?.open_id;
  const value = buttonValue(event.action?.value);
  if (!operatorId || !value) return null;
  const chatId = value.chat ?? event.context?.open_chat_id ?? '';
  if (!chatId) return null;
  const kind: ChatKind = value.k === 'p' ? 'private' : value.k === 'g' ? 'group' : (ctx.chatKind?.(chatId) ?? 'group');
  const chat = { id: chatId, kind };
  const messageId = event.context?.open_message_id;
  if (value.action === LARK_ACTIONS.openForm) return { kind: 'open_form', operatorId, chat, project: value.project ?? '', ...(messageId ? { messageId } : {}) };

  const base = {
    platform: 'lark' as const,
    ...(meta.eventId ? { eventId: meta.eventId } : {}),
    chat,
    sender: { id: operatorId, displayName: operatorId },
    ...(messageId ? { messageId } : {}),
    receivedAt: meta.receivedAt,
  };
  if (value.action === LARK_ACTIONS.submitForm) {
    const form = formFields(event.action?.form_value ?? {});
    return { kind: 'submit', incoming: { ...base, text: formToReportText(form), form } };
  }
  return { kind: 'action', incoming: { ...base, text: '', action: value.action } };
}

/** The button value we declared, or null. Lark hands back exactly what the card carried. */
export function buttonValue(value: unknown): ButtonValue | null {
  const parsed = typeof value === 'string' ? parseJson(value) : value;
  if (!isRecord(parsed) || typeof parsed.action !== 'string' || !parsed.action) return null;
  const out: ButtonValue = { action: parsed.action };
  if (parsed.k === 'p' || parsed.k === 'g') out.k = parsed.k;
  if (typeof parsed.project === 'string') out.project = parsed.project;
  if (typeof parsed.chat === 'string' && parsed.chat) out.chat = parsed.chat;
  return out;
}

/** The known form fields as trimmed strings (unknown names dropped). */
function formFields(values: Record<string, unknown>): FormFields {
  const out: FormFields = {};
  for (const name of FORM_FIELDS) {
    const v = values[name];
    const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
    if (text.trim()) out[name] = text.trim();
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
