// OutboundMessage → what Lark's message API takes: a card (JSON 2.0) for anything with structure or
// buttons, plain text for a few lines; plus the plain-text fallback sent when a card is refused.
// Card markdown escapes user text; plain text has what users typed defused (no live <at …> tags, no
// markdown links); mentions are built only from known open_ids: <at id=…> in cards, <at user_id="…">
// in text.
// A reminder (replyContext "report:…") gets a 填报 button that opens the report form. Pure.
import type { ChatKind, Locale } from '../../core/model.ts';
import { inlineText, toPlainText, type Block, type Button, type Inline, type OutboundMessage } from '../../core/messages/outbound.ts';
import { LARK_ACTIONS, type ButtonValue } from './decode.ts';
import { plainI18n } from './texts.ts';

/** An open_id the bot may mention: only ids it knows, never "all" or text a user typed. */
const KNOWN_OPEN_ID = /^ou_[\w-]+$/;

/** A message body for im.v1.message.create / reply. */
export interface LarkContent {
  msgType: 'interactive' | 'text' | 'image' | 'file';
  /** The JSON string the API's `content` field takes. */
  content: string;
}

export interface RenderOptions {
  /** The language of the adapter's own labels when the reader's app language is unknown. */
  locale: Locale;
  /** The kind of chat the message goes to; written into button values for the callback. */
  chatKind?: ChatKind;
}

/** A card JSON object (schema 2.0). */
export type Card = Record<string, unknown>;

/** The rendered message: what to send first, and the plain text to send if that is refused. */
export interface RenderedMessage {
  primary: LarkContent;
  /** Present when primary is a card. */
  fallback?: LarkContent;
}

/** Renders a message: a card when it has structure or buttons, else plain text. */
export function renderMessage(msg: OutboundMessage, options: RenderOptions): RenderedMessage {
  const text: LarkContent = { msgType: 'text', content: JSON.stringify({ text: renderText(msg) }) };
  if (!needsCard(msg)) return { primary: text };
  return { primary: { msgType: 'interactive', content: JSON.stringify(renderCard(msg, options)) }, fallback: text };
}

/** True when plain text would lose something: buttons, a title, fields, lists, quotes, code. */
export function needsCard(msg: OutboundMessage): boolean {
  return Boolean(msg.buttons?.length) || isReminder(msg) || msg.blocks.some((b) => b.kind !== 'text');
}

/** A reminder asks for a report: its card carries a 填报 button. */
function isReminder(msg: OutboundMessage): boolean {
  return msg.replyContext?.startsWith('report:') ?? false;
}

// === Cards

/** The message as a card (JSON 2.0). The first heading becomes the card's header. */
export function renderCard(msg: OutboundMessage, options: RenderOptions): Card {
  const headingIndex = msg.blocks.findIndex((b) => b.kind === 'heading');
  const heading = headingIndex >= 0 ? (msg.blocks[headingIndex] as { text: string }).text : undefined;
  const elements: Record<string, unknown>[] = [];
  msg.blocks.forEach((block, index) => {
    if (index === headingIndex) return;
    elements.push(blockElement(block));
  });
  const buttons = [...(msg.buttons ?? []).map((b) => coreButton(b, options)), ...(isReminder(msg) ? [reportButton(msg, options)] : [])];
  if (buttons.length) elements.push(buttonRow(buttons));
  const summary = msg.summary ?? heading;
  return {
    schema: '2.0',
    config: { update_multi: true, ...(summary ? { summary: { content: summary } } : {}) },
    ...(heading ? { header: { title: { tag: 'plain_text', content: heading }, template: 'blue' } } : {}),
    body: { elements },
  };
}

function blockElement(block: Block): Record<string, unknown> {
  switch (block.kind) {
    case 'divider':
      return { tag: 'hr' };
    case 'heading':
      return markdown(`**${escapeMarkdown(block.text)}**`);
    case 'text':
      return markdown(block.lines.map(lineMarkdown).join('\n'));
    case 'fields':
      return markdown(block.fields.map((f) => `**${escapeMarkdown(f.label)}**：${escapeMarkdown(f.value)}`).join('\n'));
    case 'list':
      return markdown(block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${lineMarkdown(item)}`).join('\n'));
    case 'code':
      return markdown(`\`\`\`\n${defuseTags(block.text.replace(/```/g, "'''"))}\n\`\`\``);
    case 'quote':
      return markdown(block.text.split('\n').map((l) => `> ${escapeMarkdown(l)}`).join('\n'));
  }
}

function markdown(content: string): Record<string, unknown> {
  return { tag: 'markdown', content };
}

function lineMarkdown(line: Inline[]): string {
  return line.map(inlineMarkdown).join('');
}

function inlineMarkdown(piece: Inline): string {
  if (typeof piece === 'string') return escapeMarkdown(piece);
  if ('bold' in piece) return `**${escapeMarkdown(piece.bold)}**`;
  if ('code' in piece) return `\`${piece.code.replace(/`/g, "'")}\``;
  const { name, userId } = piece.mention;
  return userId && KNOWN_OPEN_ID.test(userId) ? `<at id=${userId}></at>` : `@${escapeMarkdown(name)}`;
}

/**
 * Escapes text for card markdown with the HTML entities Lark's rich-text component documents, so
 * that what a user typed shows as typed (no bold, links, mentions or lists from their text).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[&<>*_~`[\]()#\\$|!+:-]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function coreButton(button: Button, options: RenderOptions): Record<string, unknown> {
  return buttonElement({ tag: 'plain_text', content: button.label }, button.style, withKind({ action: button.action }, options));
}

function reportButton(msg: OutboundMessage, options: RenderOptions): Record<string, unknown> {
  const project = msg.replyContext?.slice('report:'.length) ?? '';
  const value = withKind({ action: LARK_ACTIONS.openForm, ...(project ? { project } : {}) }, options);
  return buttonElement(plainI18n(options.locale, 'lark.button.report'), 'primary', value);
}

function withKind(value: ButtonValue, options: RenderOptions): ButtonValue {
  return options.chatKind ? { ...value, k: options.chatKind === 'private' ? 'p' : 'g' } : value;
}

/** A callback button (JSON 2.0: behaviors, not the old `value`). */
export function buttonElement(text: Record<string, unknown>, style: Button['style'], value: ButtonValue): Record<string, unknown> {
  return {
    tag: 'button',
    text,
    type: style === 'primary' ? 'primary_filled' : style === 'danger' ? 'danger' : 'default',
    behaviors: [{ type: 'callback', value }],
  };
}

function buttonRow(buttons: Record<string, unknown>[]): Record<string, unknown> {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: buttons.map((button) => ({ tag: 'column', width: 'auto', elements: [button] })),
  };
}

// === Plain text

/** The message as plain text; mentions of bound people as <at user_id="ou_…"></at>, user text defused. */
export function renderText(msg: OutboundMessage): string {
  return toPlainText(defuseMessage(msg), { renderInline: larkInline, buttons: false });
}

/** A mention as Lark's text format writes it (known open_ids only); everything else as plain text. */
function larkInline(piece: Inline): string {
  if (typeof piece !== 'string' && 'mention' in piece && piece.mention.userId && KNOWN_OPEN_ID.test(piece.mention.userId)) {
    return `<at user_id="${piece.mention.userId}">${piece.mention.name}</at>`;
  }
  return inlineText(piece);
}

/**
 * Text a user typed, made inert for Lark's text format: `<at user_id="all">x</at>` becomes "@x", any
 * other tag opener becomes a full-width "＜", and a markdown link `[label](url)` becomes "label (url)".
 */
export function defusePlainText(text: string): string {
  return defuseTags(text.replace(/<at\b[^>]*>([^<]*)<\/at\s*>/gi, (_whole, name: string) => `@${name}`)).replace(
    /!?\[([^\]\n]*)\]\(([^)\n]*)\)/g,
    (_whole, label: string, url: string) => `${label} (${url})`,
  );
}

/** Every "<" that could open a tag (`<at`, `</at`, `<a href`, `<b>`…) as a full-width "＜". */
function defuseTags(text: string): string {
  return text.replace(/<(?=[\s/!]*[A-Za-z])/g, '＜');
}

/** The message with every piece of text defused; mentions keep their id, their name defused. */
function defuseMessage(msg: OutboundMessage): OutboundMessage {
  const line = (pieces: Inline[]): Inline[] => pieces.map(defuseInline);
  const blocks = msg.blocks.map((block): Block => {
    switch (block.kind) {
      case 'heading':
        return { ...block, text: defusePlainText(block.text) };
      case 'text':
        return { ...block, lines: block.lines.map(line) };
      case 'fields':
        return { ...block, fields: block.fields.map((f) => ({ label: defusePlainText(f.label), value: defusePlainText(f.value) })) };
      case 'list':
        return { ...block, items: block.items.map(line) };
      case 'code':
      case 'quote':
        return { ...block, text: defusePlainText(block.text) };
      case 'divider':
        return block;
    }
  });
  const attachment = msg.attachment ? { ...msg.attachment, fileName: defusePlainText(msg.attachment.fileName) } : undefined;
  return { ...msg, blocks, ...(attachment ? { attachment } : {}) };
}

function defuseInline(piece: Inline): Inline {
  if (typeof piece === 'string') return defusePlainText(piece);
  if ('bold' in piece) return { bold: defusePlainText(piece.bold) };
  if ('code' in piece) return { code: defusePlainText(piece.code) };
  const name = defusePlainText(piece.mention.name).replace(/[<>]/g, '');
  return { mention: { ...piece.mention, name } };
}
