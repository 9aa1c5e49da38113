// The neutral message model. Use cases build OutboundMessages; each adapter renders them
// (Telegram HTML, Lark cards, sandbox text). No platform markup ever appears here.

/** A piece of a line: plain text, emphasis, a person to @-mention, or a literal to copy. */
export type Inline =
  | string
  | { bold: string }
  | { code: string }
  | {
      /** A person to @-mention. `userId` is their account on the destination platform, if bound. */
      mention: { name: string; userId?: string };
    };

/** One line of text made of inline pieces. */
export type Line = Inline[];

export type Block =
  /** A title line, rendered bold or as a card header. */
  | { kind: 'heading'; text: string }
  /** Lines of running text. */
  | { kind: 'text'; lines: Line[] }
  /** Label/value pairs, such as the fields of a stored report. */
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  /** A bulleted (or numbered) list. */
  | { kind: 'list'; items: Line[]; ordered?: boolean }
  /** A block to copy as-is (a line of the report grammar, a command). */
  | { kind: 'code'; text: string }
  /** A quote of what the user typed, shown back so nothing they wrote is lost. */
  | { kind: 'quote'; text: string }
  | { kind: 'divider' };

/** A button. `action` is handed back to the core in Incoming.action when pressed. */
export interface Button {
  label: string;
  action: string;
  style?: 'primary' | 'danger' | 'default';
}

/** A file to attach (a ledger export, a chart). */
export interface Attachment {
  kind: 'document' | 'image';
  fileName: string;
  /** Absolute path of the file on this machine. */
  path: string;
  caption?: string;
}

export interface OutboundMessage {
  blocks: Block[];
  buttons?: Button[];
  attachment?: Attachment;
  /**
   * What a reply to this message means (e.g. `report:<projectCode>` for a reminder): adapters that
   * support force-reply ask for one and hand the context back in Incoming.replyContext.
   */
  replyContext?: string;
  /**
   * The report (its id) that site photos sent in reply to this message attach to: a receipt carries
   * it. Kept in the outbox with the message; adapters ignore it.
   */
  photosFor?: string;
  /** A short plain-text summary, used for notifications and platforms without rich layout. */
  summary?: string;
  /**
   * The message as one line of a merged message (a receipt). While a group's send window is full,
   * the outbox sends the queued messages of that chat with the same `heading` as one message, one
   * line each, instead of making each wait for its own slot.
   */
  merge?: { heading: string; line: Line };
}

/** Lines per merged message: a phone screen or two, far under every platform's size limit. */
export const MAX_MERGED_LINES = 40;

/** One message standing for several mergeable ones (all with the same heading), one line each, in order. */
export function mergedMessage(messages: OutboundMessage[]): OutboundMessage {
  const first = messages[0]?.merge;
  if (!first) throw new Error('mergedMessage: the first message is not mergeable');
  const lines = messages.map((m) => m.merge?.line ?? [m.summary ?? '']);
  return message([{ kind: 'heading', text: first.heading }, { kind: 'list', items: lines }], { summary: first.heading });
}

/** Builds a message from blocks. */
export function message(blocks: Block[], extra: Omit<OutboundMessage, 'blocks'> = {}): OutboundMessage {
  return { blocks, ...extra };
}

/** Plain text of an inline piece. */
export function inlineText(piece: Inline): string {
  if (typeof piece === 'string') return piece;
  if ('bold' in piece) return piece.bold;
  if ('code' in piece) return piece.code;
  return `@${piece.mention.name}`;
}

/**
 * The message as plain text (the sandbox, logs, tests, and platforms' text fallbacks).
 * `renderInline` lets a platform write mentions its own way; buttons are listed unless told not to.
 */
export function toPlainText(msg: OutboundMessage, options: { renderInline?: (piece: Inline) => string; buttons?: boolean } = {}): string {
  const line = (pieces: Inline[]) => pieces.map(options.renderInline ?? inlineText).join('');
  const out: string[] = [];
  for (const block of msg.blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(`【${block.text}】`);
        break;
      case 'text':
        for (const pieces of block.lines) out.push(line(pieces));
        break;
      case 'fields':
        for (const f of block.fields) out.push(`${f.label}：${f.value}`);
        break;
      case 'list':
        block.items.forEach((item, i) => out.push(`${block.ordered ? `${i + 1}. ` : '• '}${line(item)}`));
        break;
      case 'code':
        out.push(...block.text.split('\n').map((l) => `  ${l}`));
        break;
      case 'quote':
        out.push(...block.text.split('\n').map((l) => `> ${l}`));
        break;
      case 'divider':
        out.push('────────');
        break;
    }
  }
  if (msg.buttons?.length && options.buttons !== false) out.push(msg.buttons.map((b) => `[${b.label}]`).join(' '));
  if (msg.attachment) out.push(`📎 ${msg.attachment.fileName}`);
  return out.join('\n');
}
