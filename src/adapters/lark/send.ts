// Sending through the open platform (the SDK Client): cards or text, replies to a message, files and
// images, and the form card visible only to one person in a group. Rate-limited (50/s per app, 5/s
// per chat), idempotent (a deterministic uuid per outbox row), and every failure classified for the
// outbox: rate limits and server errors are retried, permissions and missing chats are not, and a
// refused card is sent again as plain text.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { Client } from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../core/context.ts';
import type { Attachment, OutboundMessage } from '../../core/messages/outbound.ts';
import type { Locale } from '../../core/model.ts';
import type { ChatPlatform, SendOptions, SendResult } from '../../core/platform.ts';
import { RateLimiter, realTime, WINDOW_MARGIN_MS, type RateRule, type Sleeper } from '../../lib/rate-limiter.ts';
import { ChatKinds } from './chat-kinds.ts';
import { checkBody, CODE_APP_RATE_LIMIT, CODE_CHAT_RATE_LIMIT, dispositionOf, FIX_HINTS, LarkApiError, toLarkApiError, toSendError } from './errors.ts';
import { renderMessage, type Card, type LarkContent, type RenderedMessage } from './render.ts';
import { larkText } from './texts.ts';

/** Lark's documented limits: 50 messages/s per app, 5/s per chat (shared by a group's bots); each window with a margin. */
export const LARK_RATE_LIMITS = {
  app: { limit: 50, windowMs: 1000 + WINDOW_MARGIN_MS },
  chat: { limit: 5, windowMs: 1000 + WINDOW_MARGIN_MS },
} satisfies Record<string, RateRule>;

/** Options of one send beyond ChatPlatform's. */
export interface LarkSendOptions extends SendOptions {
  /** The outbox row id: the same key always produces the same Lark uuid, so a retry is not delivered twice. */
  idempotencyKey?: string;
  /** Send as a reply to this message (om_…); falls back to a plain send if the reply is refused. */
  replyTo?: string;
}

export interface LarkPlatformOptions {
  client: Client;
  log: Logger;
  /** Language of the adapter's own labels when the reader's is unknown. */
  locale: Locale;
  chatKinds?: ChatKinds;
  /** Clock for the rate limiter (tests). */
  time?: Sleeper;
}

/**
 * A Lark uuid (≤ 50 characters) derived from the idempotency key and the part of the message:
 * Lark delivers at most one message per uuid within an hour.
 */
export function larkUuid(key: string | undefined, part: string): string | undefined {
  if (!key) return undefined;
  const hex = createHash('sha256').update(`lark:${key}:${part}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** How a destination is addressed: a person by open_id, anything else by chat_id. */
export function receiveIdType(to: string): 'open_id' | 'chat_id' {
  return to.startsWith('ou_') ? 'open_id' : 'chat_id';
}

/** The Feishu/Lark chat platform. */
export class LarkPlatform implements ChatPlatform {
  readonly name = 'lark' as const;
  readonly chatKinds: ChatKinds;
  readonly #client: Client;
  readonly #log: Logger;
  readonly #locale: Locale;
  readonly #limiter: RateLimiter;
  readonly #time: Sleeper;

  constructor(options: LarkPlatformOptions) {
    this.#client = options.client;
    this.#log = options.log;
    this.#locale = options.locale;
    this.chatKinds = options.chatKinds ?? new ChatKinds();
    this.#time = options.time ?? realTime;
    this.#limiter = new RateLimiter(this.#time);
  }

  /** The SDK client (the adapter reads bot info and contacts through it). */
  get client(): Client {
    return this.#client;
  }

  /** Sends a message: attachment uploaded first, then the body (card or text), then the file. */
  async send(to: string, message: OutboundMessage, options: LarkSendOptions = {}): Promise<SendResult> {
    const key = options.idempotencyKey;
    // A repeat of this key is dropped by Lark (its uuid), so marking the send as begun here is exact enough.
    await options.onSending?.();
    let file: LarkContent | null = null;
    let fileFailed = false;
    if (message.attachment) {
      try {
        file = await this.#upload(message.attachment);
      } catch (error) {
        const apiError = toLarkApiError('upload', error);
        if (dispositionOf(apiError) === 'retry') throw toSendError(apiError);
        this.#log.warn('lark attachment upload failed; sending the text without it', { to, file: message.attachment.fileName, error: apiError.message });
        fileFailed = true;
      }
    }
    let firstId: string | undefined;
    if (message.blocks.length > 0 || !file) {
      const body = fileFailed && message.attachment ? withFileNote(message, this.#locale) : message;
      firstId = await this.#sendRendered(to, renderMessage(body, { locale: this.#locale, chatKind: this.chatKinds.kindOf(to) }), key, options.replyTo);
    }
    if (file) {
      const id = await this.#sendOne(to, file, larkUuid(key, 'file'), firstId ? undefined : options.replyTo).catch((error: unknown) => {
        throw toSendError(toLarkApiError('im.v1.message.create', error));
      });
      firstId ??= id;
    }
    return { platformMessageId: firstId ?? '' };
  }

  /** Sends a card object as it is (the report form). */
  async sendCard(to: string, card: Card, options: LarkSendOptions = {}): Promise<SendResult> {
    const content: LarkContent = { msgType: 'interactive', content: JSON.stringify(card) };
    try {
      return { platformMessageId: await this.#sendOne(to, content, larkUuid(options.idempotencyKey, 'card'), options.replyTo) };
    } catch (error) {
      throw toSendError(toLarkApiError('im.v1.message.create', error));
    }
  }

  /** Sends a card in a group that only `openId` sees ("仅对你可见"). Throws LarkApiError. */
  async sendEphemeral(chatId: string, openId: string, card: Card): Promise<string> {
    const slot = await this.#acquire(chatId);
    const method = 'ephemeral.v1.send';
    try {
      const body = checkBody(
        method,
        await this.#client.request<{ code?: number; msg?: string; data?: { message_id?: string } }>({
          method: 'POST',
          url: '/open-apis/ephemeral/v1/send',
          data: { chat_id: chatId, open_id: openId, msg_type: 'interactive', card },
        }),
      );
      return body.data?.message_id ?? '';
    } catch (error) {
      throw this.#noteLimits(chatId, toLarkApiError(method, error));
    } finally {
      this.#answered(chatId, slot);
    }
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  // === Internals

  /** The body; a card the platform refuses goes again as plain text under its own uuid. */
  async #sendRendered(to: string, rendered: RenderedMessage, key: string | undefined, replyTo: string | undefined): Promise<string> {
    try {
      return await this.#sendOne(to, rendered.primary, larkUuid(key, 'body'), replyTo);
    } catch (error) {
      const apiError = toLarkApiError('im.v1.message.create', error);
      if (!rendered.fallback || dispositionOf(apiError) !== 'card_refused') throw toSendError(apiError);
      this.#log.warn('lark refused the card; sending plain text', { to, error: apiError.message });
      try {
        return await this.#sendOne(to, rendered.fallback, larkUuid(key, 'body-text'), replyTo);
      } catch (second) {
        throw toSendError(toLarkApiError('im.v1.message.create', second));
      }
    }
  }

  /** One API message: a reply when asked (a plain send if the reply is refused), else a create. Throws LarkApiError. */
  async #sendOne(to: string, content: LarkContent, uuid: string | undefined, replyTo: string | undefined): Promise<string> {
    if (replyTo) {
      try {
        return await this.#reply(to, replyTo, content, uuid);
      } catch (error) {
        const apiError = toLarkApiError('im.v1.message.reply', error);
        if (dispositionOf(apiError) === 'retry') throw apiError;
        this.#log.debug('lark reply refused; sending without reply', { to, replyTo, error: apiError.message });
      }
    }
    return this.#create(to, content, uuid);
  }

  async #create(to: string, content: LarkContent, uuid: string | undefined): Promise<string> {
    const slot = await this.#acquire(to);
    const method = 'im.v1.message.create';
    const idType = receiveIdType(to);
    try {
      const body = checkBody(
        method,
        await this.#client.im.v1.message.create({
          params: { receive_id_type: idType },
          data: { receive_id: to, msg_type: content.msgType, content: content.content, ...(uuid ? { uuid } : {}) },
        }),
      );
      if (idType === 'open_id' && body.data?.chat_id) this.chatKinds.learn(body.data.chat_id, 'private');
      return body.data?.message_id ?? '';
    } catch (error) {
      throw this.#noteLimits(to, toLarkApiError(method, error));
    } finally {
      this.#answered(to, slot);
    }
  }

  async #reply(to: string, messageId: string, content: LarkContent, uuid: string | undefined): Promise<string> {
    const slot = await this.#acquire(to);
    const method = 'im.v1.message.reply';
    try {
      const body = checkBody(
        method,
        await this.#client.im.v1.message.reply({
          path: { message_id: messageId },
          data: { msg_type: content.msgType, content: content.content, ...(uuid ? { uuid } : {}) },
        }),
      );
      return body.data?.message_id ?? '';
    } catch (error) {
      throw this.#noteLimits(to, toLarkApiError(method, error));
    } finally {
      this.#answered(to, slot);
    }
  }

  /** Uploads a file or an image and returns the message content that shows it. Throws. */
  async #upload(attachment: Attachment): Promise<LarkContent> {
    if (attachment.kind === 'image') {
      const res = await this.#client.im.v1.image.create({ data: { image_type: 'message', image: createReadStream(attachment.path) } });
      if (!res?.image_key) throw new LarkApiError('im.v1.image.create', undefined, 200, 'no image_key in the answer');
      return { msgType: 'image', content: JSON.stringify({ image_key: res.image_key }) };
    }
    const res = await this.#client.im.v1.file.create({
      data: { file_type: larkFileType(attachment.fileName), file_name: attachment.fileName, file: createReadStream(attachment.path) },
    });
    if (!res?.file_key) throw new LarkApiError('im.v1.file.create', undefined, 200, 'no file_key in the answer');
    return { msgType: 'file', content: JSON.stringify({ file_key: res.file_key }) };
  }

  /** How long a message to `to` would wait for the rate limits now (0: it would leave at once). */
  sendDelayMs(to: string): number {
    return this.#limiter.delayFor(this.#buckets(to), to);
  }

  /** Adds an 👌 (OK) emoji reply to a message the bot has taken, before its receipt. Never throws. */
  async acknowledge(_chatId: string, messageId: string): Promise<void> {
    try {
      await this.#limiter.acquire([{ key: 'app', rule: LARK_RATE_LIMITS.app }], 'reactions');
      await this.#client.im.v1.messageReaction.create({ path: { message_id: messageId }, data: { reaction_type: { emoji_type: 'OK' } } });
    } catch (error) {
      this.#log.warn('lark: could not react to a message', { messageId, error: String(error) });
    }
  }

  #buckets(to: string): { key: string; rule: RateRule }[] {
    return [
      { key: 'app', rule: LARK_RATE_LIMITS.app },
      { key: `chat:${to}`, rule: LARK_RATE_LIMITS.chat },
    ];
  }

  #acquire(to: string): Promise<number> {
    return this.#limiter.acquire(this.#buckets(to), to);
  }

  /**
   * Every window of this send counts it from its answer (see RateLimiter.restamp): the app's 50 a
   * second are taken in one instant but reach Lark spread over the time the process takes to write
   * them, and the next second's first sends leave at once.
   */
  #answered(to: string, slot: number): void {
    this.#limiter.restamp(['app', `chat:${to}`], slot);
  }

  /** After a rate-limit answer, holds the app's or the chat's bucket until the platform's reset. */
  #noteLimits(to: string, error: LarkApiError): LarkApiError {
    const now = this.#time.now();
    if (error.code === CODE_APP_RATE_LIMIT || (error.status === 429 && error.code !== CODE_CHAT_RATE_LIMIT)) {
      this.#limiter.block('app', LARK_RATE_LIMITS.app, now + (error.retryAfterSeconds ?? 1) * 1000);
    } else if (error.code === CODE_CHAT_RATE_LIMIT) {
      this.#limiter.block(`chat:${to}`, LARK_RATE_LIMITS.chat, now + (error.retryAfterSeconds ?? 1) * 1000);
    }
    const hint = error.code !== undefined ? FIX_HINTS[error.code] : undefined;
    if (hint) this.#log.warn('lark send failed', { to, code: error.code, hint });
    return error;
  }
}

/** Lark's file_type for an upload, from the file name. */
export function larkFileType(fileName: string): 'opus' | 'mp4' | 'pdf' | 'doc' | 'xls' | 'ppt' | 'stream' {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.doc' || ext === '.docx') return 'doc';
  if (ext === '.xls' || ext === '.xlsx' || ext === '.csv') return 'xls';
  if (ext === '.ppt' || ext === '.pptx') return 'ppt';
  if (ext === '.mp4') return 'mp4';
  if (ext === '.opus') return 'opus';
  return 'stream';
}

function withFileNote(message: OutboundMessage, locale: Locale): OutboundMessage {
  const name = message.attachment?.fileName ?? '';
  const { attachment: _attachment, ...rest } = message;
  return { ...rest, blocks: [...message.blocks, { kind: 'text', lines: [[larkText(locale, 'lark.attachment.failed', { name })]] }] };
}
