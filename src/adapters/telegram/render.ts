// OutboundMessage → Telegram messages in HTML parse mode. Every piece of user text is escaped;
// headings are bold, fields "<b>label</b>：value", code <pre>, quotes <blockquote>, mentions of bound
// people tg://user links. Long messages are split into chunks of at most 4096 characters on line
// boundaries, closing and reopening tags at a split so that every chunk is valid HTML. Buttons
// become an inline keyboard on the last chunk; a replyContext (a reminder) asks for a force-reply.
// Pure.
import { type Block, type Button, type Inline, type OutboundMessage } from '../../core/messages/outbound.ts';

/** Telegram's limit on a message's text. */
export const TELEGRAM_MAX_MESSAGE = 4096;
/** Telegram's limit on a document's or photo's caption. */
export const TELEGRAM_MAX_CAPTION = 1024;
/** Telegram's limit on a button's callback_data, in bytes. */
export const TELEGRAM_MAX_CALLBACK_DATA = 64;

/** An inline keyboard button that calls back with `callback_data`. */
export interface InlineButton {
  text: string;
  callback_data: string;
}

/** The reply_markup Telegram takes: an inline keyboard, or a request for a reply. */
export type ReplyMarkup = { inline_keyboard: InlineButton[][] } | { force_reply: true; selective: true; input_field_placeholder?: string };

/** One sendMessage call. */
export interface RenderedChunk {
  text: string;
  parse_mode: 'HTML';
  reply_markup?: ReplyMarkup;
}

export interface RenderedTelegram {
  chunks: RenderedChunk[];
  /** Buttons whose action did not fit in callback_data (dropped; logged by the sender). */
  dropped: Button[];
}

// === Escaping

/** Escapes text for Telegram HTML: & < > (and " for attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

// === Blocks

function inlineHtml(piece: Inline): string {
  if (typeof piece === 'string') return escapeHtml(piece);
  if ('bold' in piece) return `<b>${escapeHtml(piece.bold)}</b>`;
  if ('code' in piece) return `<code>${escapeHtml(piece.code)}</code>`;
  const { name, userId } = piece.mention;
  // A tg://user link notifies the person even without a username; only numeric ids are Telegram's.
  if (userId && /^\d{1,20}$/.test(userId)) return `<a href="${escapeAttribute(`tg://user?id=${userId}`)}">${escapeHtml(name)}</a>`;
  return `@${escapeHtml(name)}`;
}

function lineHtml(line: Inline[]): string {
  return line.map(inlineHtml).join('');
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<b>${escapeHtml(block.text)}</b>`;
    case 'text':
      return block.lines.map(lineHtml).join('\n');
    case 'fields':
      return block.fields.map((f) => `<b>${escapeHtml(f.label)}</b>：${escapeHtml(f.value)}`).join('\n');
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${lineHtml(item)}`).join('\n');
    case 'code':
      return `<pre>${escapeHtml(block.text)}</pre>`;
    case 'quote':
      return `<blockquote>${escapeHtml(block.text)}</blockquote>`;
    case 'divider':
      return '──────────';
  }
}

/**
 * The whole message as one HTML string. Blocks follow each other line by line; a heading after
 * other blocks gets an empty line before it, so sections stand apart on a phone screen.
 */
export function renderHtml(msg: OutboundMessage): string {
  const out: string[] = [];
  msg.blocks.forEach((block, index) => {
    if (block.kind === 'heading' && index > 0) out.push('');
    out.push(blockHtml(block));
  });
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

// === Splitting

interface OpenTag {
  name: string;
  open: string;
}

const TOKEN = /<\/?[a-z]+[^>]*>|&[a-z]+;|&#\d+;|[\s\S]/giu;

function tokens(line: string): string[] {
  return line.match(TOKEN) ?? [];
}

/** The stack of open tags after `token`. */
function applyToken(stack: OpenTag[], token: string): OpenTag[] {
  if (!token.startsWith('<') || token.length < 3) return stack;
  const close = /^<\/([a-z]+)>$/i.exec(token);
  if (close) {
    const at = stack.map((t) => t.name).lastIndexOf(close[1]?.toLowerCase() ?? '');
    return at >= 0 ? stack.slice(0, at) : stack;
  }
  const open = /^<([a-z]+)/i.exec(token);
  return open ? [...stack, { name: (open[1] ?? '').toLowerCase(), open: token }] : stack;
}

function applyLine(stack: OpenTag[], line: string): OpenTag[] {
  if (!line.includes('<')) return stack;
  let out = stack;
  for (const token of tokens(line)) out = applyToken(out, token);
  return out;
}

const closeAll = (stack: OpenTag[]) => [...stack].reverse().map((t) => `</${t.name}>`).join('');
const openAll = (stack: OpenTag[]) => stack.map((t) => t.open).join('');

/**
 * Splits HTML into chunks of at most `limit` characters: on line boundaries where possible, and
 * inside an over-long line between characters (never inside a tag or an entity). Tags open at a
 * split are closed at the end of the chunk and reopened at the start of the next.
 */
export function splitHtml(html: string, limit = TELEGRAM_MAX_MESSAGE): string[] {
  const chunks: string[] = [];
  let current = '';
  let stack: OpenTag[] = [];
  let hasContent = false;

  const flush = () => {
    if (hasContent) chunks.push(current + closeAll(stack));
    current = openAll(stack);
    hasContent = false;
  };

  for (const line of html.split('\n')) {
    const after = applyLine(stack, line);
    const separator = hasContent ? '\n' : '';
    if ((current + separator + line).length + closeAll(after).length <= limit) {
      current += separator + line;
      stack = after;
      hasContent = true;
      continue;
    }
    if (hasContent) flush();
    if ((current + line).length + closeAll(after).length <= limit) {
      current += line;
      stack = after;
      hasContent = true;
      continue;
    }
    for (const token of tokens(line)) {
      const next = applyToken(stack, token);
      if (hasContent && (current + token).length + closeAll(next).length > limit) flush();
      current += token;
      stack = next;
      hasContent = true;
    }
  }
  if (hasContent) chunks.push(current + closeAll(stack));
  return chunks.filter((c) => c.replace(/<[^>]*>/g, '').trim() !== '');
}

// === Keyboards

/** True when an action fits Telegram's callback_data (1–64 bytes). */
export function fitsCallbackData(action: string): boolean {
  const bytes = Buffer.byteLength(action, 'utf8');
  return bytes >= 1 && bytes <= TELEGRAM_MAX_CALLBACK_DATA;
}

/** Buttons as an inline keyboard, two to a row (labels stay readable on a phone). */
export function inlineKeyboard(buttons: Button[]): InlineButton[][] {
  const rows: InlineButton[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2).map((b) => ({ text: b.label, callback_data: b.action })));
  return rows;
}

/**
 * Renders a message for sendMessage. The keyboard goes on the last chunk (below the whole text).
 * A replyContext without buttons asks for a force-reply on the last chunk, `selective` so that in a
 * group only the people mentioned in the reminder get the reply field opened; with buttons the
 * keyboard wins (a message has one reply_markup), and a reply still works by hand.
 */
export function renderTelegram(msg: OutboundMessage, limit = TELEGRAM_MAX_MESSAGE): RenderedTelegram {
  const texts = splitHtml(renderHtml(msg), limit);
  const buttons = (msg.buttons ?? []).filter((b) => fitsCallbackData(b.action));
  const dropped = (msg.buttons ?? []).filter((b) => !fitsCallbackData(b.action));
  let markup: ReplyMarkup | undefined;
  if (buttons.length) markup = { inline_keyboard: inlineKeyboard(buttons) };
  else if (msg.replyContext) markup = { force_reply: true, selective: true };
  const chunks: RenderedChunk[] = texts.map((text) => ({ text, parse_mode: 'HTML' as const }));
  const last = chunks.at(-1);
  if (last && markup) last.reply_markup = markup;
  return { chunks, dropped };
}

/** A caption for an attachment (escaped, cut to Telegram's caption limit). */
export function renderCaption(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const chunks = splitHtml(escapeHtml(text), TELEGRAM_MAX_CAPTION);
  return chunks[0];
}
