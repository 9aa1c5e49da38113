// What an adapter hands the core, and what the core asks of an adapter.
import type { ChatKind, Locale, Platform } from './model.ts';
import type { OutboundMessage } from './messages/outbound.ts';

/** A chat message or button press, decoded from a platform event. */
export interface Incoming {
  platform: Platform;
  /** The platform's event id (update_id, event_id), for de-duplication. */
  eventId?: string;
  chat: { id: string; kind: ChatKind; title?: string };
  sender: {
    id: string;
    displayName: string;
    /** Telegram username without "@". */
    username?: string;
    email?: string;
    mobile?: string;
    /** The language the sender's app is set to, if the platform says. */
    languageHint?: Locale;
  };
  /**
   * The message is addressed to the bot (it @-mentions the bot or replies to it), so in a group a
   * message without a command word is still meant for the bot: read as a report, or answered with help.
   */
  addressed?: boolean;
  /** The text with bot mentions stripped. Empty for a button press. */
  text: string;
  messageId?: string;
  /** The replyContext of the bot message this one replies to (force-reply), if the adapter knows it. */
  replyContext?: string;
  /** The platform id of the bot message this one replies to; the core looks up its replyContext. */
  replyToMessageId?: string;
  /** A pressed button's action string. */
  action?: string;
  /** A file the sender attached (a project list to import). Fetched only when a command asks for it. */
  file?: IncomingFile;
  /**
   * Site photos the sender attached (the largest size of each). Like `file`, fetched only after the
   * sender's right to the report is checked.
   */
  photos?: IncomingFile[];
  /**
   * The album (Telegram media group) this message belongs to: the platform sends an album as one
   * message per photo, all with the same album id; the core answers an album once.
   */
  albumId?: string;
  /** Form fields submitted from a card (Lark), keyed by report field name. */
  form?: Record<string, string>;
  receivedAt: Date;
}

/**
 * A file attached to a message, as the platform names it. Nothing is downloaded when the message
 * arrives: a command that wants the file (after checking who sent it) asks the adapter for its bytes.
 */
export interface IncomingFile {
  /** The file's name as the sender sent it. */
  name: string;
  /** The platform's reference: a Telegram file_id, a Lark "<message id>/<file key>", a local path in the sandbox. */
  ref: string;
  /** Size in bytes, when the platform says. */
  size?: number;
}

/** Fetches an attached file's bytes from the platform (adapters provide it). */
export type FetchFile = (file: IncomingFile) => Promise<Uint8Array>;

/** Where a message goes. */
export interface Destination {
  platform: Platform;
  chatId: string;
}

/** A message for a destination, produced by a use case. */
export interface Delivery {
  to: Destination;
  message: OutboundMessage;
  /** Idempotency key for the outbox; the same key is never sent twice. */
  key: string;
}

/** What the sender of a message (the outbox) tells the platform beyond the message. */
export interface SendOptions {
  /** The outbox key. A platform that de-duplicates (Lark's uuid) delivers one message per key. */
  idempotencyKey?: string;
  /** The platform id of a message in the same chat to quote (a group answer quotes the message it answers). */
  replyTo?: string;
  /**
   * Called once, right before the first request that can deliver the message leaves (after any
   * rate-limit wait): from then on, whether the platform took it is unknown until it answers.
   */
  onSending?: () => Promise<void>;
}

/** The result of sending one message. */
export interface SendResult {
  platformMessageId: string;
}

/** A failed send, classified so the outbox knows whether and when to retry. */
export class SendError extends Error {
  constructor(
    message: string,
    /** retry: try again later; permanent: give up (bad chat, blocked bot). */
    readonly kind: 'retry' | 'permanent',
    /** Seconds the platform asked us to wait (HTTP 429 retry_after). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** What every adapter provides to the core and the scheduler. */
export interface ChatPlatform {
  readonly name: Platform;
  /** Sends one message. Throws SendError on failure. */
  send(to: string, message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
  /**
   * Milliseconds until a message to `to` could leave without waiting for the platform's rate limits
   * (0: now). The outbox merges mergeable messages (receipts) while a busy group's window is full.
   */
  sendDelayMs?(to: string): number;
  /**
   * Marks a message as seen at once (Telegram: a reaction; Lark: an emoji reply), before its answer
   * is ready. Best effort: never throws.
   */
  acknowledge?(chatId: string, messageId: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
