// Sending through the Bot API (grammY's Api): HTML chunks in order, then the attachment; rate
// limited to Telegram's published limits (30 messages/s per bot, 1/s per chat, 20/min per group);
// every failure classified for the outbox. Telegram has no idempotency key, so two things keep a
// retry from repeating what was delivered: chunks already sent for an outbox key are remembered in
// this process (a retry after a 429 on chunk 2 sends chunk 2 on, not chunk 1 again), and the outbox
// marks a row sent right after the last call returns. What remains is the moment between Telegram
// accepting a message and that row update (see src/adapters/telegram/README.md, "Delivery guarantees").
import type { Api } from 'grammy';
import { InputFile } from 'grammy';
import type { Logger } from '../../core/context.ts';
import { translator } from '../../core/messages/catalog/index.ts';
import type { OutboundMessage } from '../../core/messages/outbound.ts';
import type { Locale } from '../../core/model.ts';
import type { ChatPlatform, SendOptions, SendResult } from '../../core/platform.ts';
import { RateLimiter, realTime, WINDOW_MARGIN_MS, type RateRule, type Sleeper } from '../../lib/rate-limiter.ts';
import { fixHint, isAttachmentRefused, toSendError } from './errors.ts';
import { renderCaption, renderTelegram, type RenderedChunk } from './render.ts';

/**
 * Telegram's limits for bots (core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
 * 30 messages a second overall, 1 a second per chat, 20 a minute per group; each window with a margin.
 */
export const TELEGRAM_RATE_LIMITS = {
  bot: { limit: 30, windowMs: 1000 + WINDOW_MARGIN_MS },
  chat: { limit: 1, windowMs: 1000 + WINDOW_MARGIN_MS },
  group: { limit: 20, windowMs: 60_000 + WINDOW_MARGIN_MS },
} satisfies Record<string, RateRule>;

/** Options of one send beyond ChatPlatform's. */
export interface TelegramSendOptions extends SendOptions {
  /** The outbox key: chunks already delivered for it are not sent again on a retry in this process. */
  idempotencyKey?: string;
  /** Send as a reply to this message of the chat (a group's answer quotes the command it answers). */
  replyTo?: string;
}

export interface TelegramPlatformOptions {
  api: Api;
  log: Logger;
  /** Language of the adapter's own notes (a file that could not be sent). */
  locale: Locale;
  /** Clock for the rate limiter (tests). */
  time?: Sleeper;
  /** Messages a second to different chats (default 30, Telegram's limit). */
  maxPerSecond?: number;
  /** A send request unanswered after this long is aborted and retried by the outbox (default 20 s). */
  requestTimeoutMs?: number;
}

/** File uploads get at least this long, whatever the request timeout. */
const MIN_UPLOAD_TIMEOUT_MS = 120_000;

/** grammY types its abort signal with a polyfill's type; Node's own signal is what it receives at run time. */
type ApiSignal = Parameters<Api['sendMessage']>[3];
const timeoutSignal = (ms: number) => AbortSignal.timeout(ms) as unknown as ApiSignal;

interface Progress {
  /** message_id of every chunk delivered so far, in order. */
  sent: string[];
  fileDone: boolean;
}

/** Group and supergroup ids are negative; private chats are the user's positive id. */
export function isGroupChat(chatId: string): boolean {
  return chatId.startsWith('-');
}

/** The Telegram chat platform. */
export class TelegramPlatform implements ChatPlatform {
  readonly name = 'telegram' as const;
  readonly #api: Api;
  readonly #log: Logger;
  readonly #locale: Locale;
  readonly #time: Sleeper;
  readonly #limiter: RateLimiter;
  readonly #botRule: RateRule;
  readonly #timeoutMs: number;
  readonly #progress = new Map<string, Progress>();

  constructor(options: TelegramPlatformOptions) {
    this.#api = options.api;
    this.#log = options.log;
    this.#locale = options.locale;
    this.#time = options.time ?? realTime;
    this.#limiter = new RateLimiter(this.#time);
    this.#botRule = { limit: options.maxPerSecond ?? TELEGRAM_RATE_LIMITS.bot.limit, windowMs: TELEGRAM_RATE_LIMITS.bot.windowMs };
    this.#timeoutMs = options.requestTimeoutMs ?? 20_000;
  }

  /** The Api the platform sends through. */
  get api(): Api {
    return this.#api;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /**
   * Sends a message: its text chunks in order, then the attachment. Returns the message_id of the
   * chunk that carries the force-reply (a reminder), else of the first chunk. Throws SendError.
   */
  async send(to: string, message: OutboundMessage, options: TelegramSendOptions = {}): Promise<SendResult> {
    const key = options.idempotencyKey;
    const progress = (key && this.#progress.get(key)) || { sent: [], fileDone: false };
    if (key) this.#remember(key, progress);
    const rendered = renderTelegram(message);
    if (rendered.dropped.length) this.#log.warn('telegram: button actions longer than 64 bytes dropped', { actions: rendered.dropped.map((b) => b.action) });
    const chunks = rendered.chunks;
    let begun = false;
    const sending = async () => {
      if (begun) return;
      begun = true;
      await options.onSending?.();
    };
    for (let i = progress.sent.length; i < chunks.length; i++) {
      const chunk = chunks[i] as RenderedChunk;
      const replyTo = i === 0 ? options.replyTo : undefined;
      progress.sent.push(await this.#sendChunk(to, chunk, replyTo, sending));
    }
    let fileId: string | undefined;
    if (message.attachment && !progress.fileDone) {
      try {
        fileId = await this.#sendAttachment(to, message, chunks.length === 0 ? options.replyTo : undefined, sending);
        progress.fileDone = true;
      } catch (error) {
        if (!isAttachmentRefused(error)) throw this.#fail(to, error);
        // The text went out; the file itself was refused (or is missing here): say so, and stop.
        this.#log.warn('telegram attachment could not be sent; the text was', { to, file: message.attachment.fileName, error: String(error) });
        progress.fileDone = true;
        const note = translator(this.#locale)('telegram.attachment.failed', { name: message.attachment.fileName });
        const noteId = await this.#sendChunk(to, renderTelegram({ blocks: [{ kind: 'text', lines: [[note]] }] }).chunks[0] as RenderedChunk, undefined).catch(() => undefined);
        fileId = noteId;
      }
    }
    if (key) this.#progress.delete(key);
    const markupIndex = message.replyContext ? chunks.findIndex((c) => c.reply_markup && 'force_reply' in c.reply_markup) : -1;
    return { platformMessageId: progress.sent[markupIndex >= 0 ? markupIndex : 0] ?? fileId ?? '' };
  }

  async #sendChunk(to: string, chunk: RenderedChunk, replyTo: string | undefined, sending?: () => Promise<void>): Promise<string> {
    // Marked 'sending' before the rate-limit wait, not between the slot and the request: a database
    // write there lets other work run first, and the request would reach Telegram later than its
    // slot, too close to the next one (a 429 in a busy group).
    await sending?.();
    await this.#acquire(to);
    try {
      const sent = await this.#api.sendMessage(to, chunk.text, {
        parse_mode: chunk.parse_mode,
        link_preview_options: { is_disabled: true },
        ...(chunk.reply_markup ? { reply_markup: chunk.reply_markup } : {}),
        ...(replyTo ? { reply_parameters: { message_id: Number(replyTo), allow_sending_without_reply: true } } : {}),
      }, timeoutSignal(this.#timeoutMs));
      return String(sent.message_id);
    } catch (error) {
      throw this.#fail(to, error);
    } finally {
      this.#answered(to);
    }
  }

  async #sendAttachment(to: string, message: OutboundMessage, replyTo: string | undefined, sending: () => Promise<void>): Promise<string> {
    const attachment = message.attachment;
    if (!attachment) return '';
    await sending();
    await this.#acquire(to);
    const caption = renderCaption(attachment.caption ?? (message.blocks.length === 0 ? message.summary : undefined));
    const extra = {
      ...(caption ? { caption, parse_mode: 'HTML' as const } : {}),
      ...(replyTo ? { reply_parameters: { message_id: Number(replyTo), allow_sending_without_reply: true } } : {}),
    };
    const file = new InputFile(attachment.path, attachment.fileName);
    const signal = timeoutSignal(Math.max(this.#timeoutMs, MIN_UPLOAD_TIMEOUT_MS));
    try {
      const sent = attachment.kind === 'image' ? await this.#api.sendPhoto(to, file, extra, signal) : await this.#api.sendDocument(to, file, extra, signal);
      return String(sent.message_id);
    } finally {
      this.#answered(to);
    }
  }

  /** How long a message to `to` would wait for the rate limits now (0: it would leave at once). */
  sendDelayMs(to: string): number {
    return this.#limiter.delayFor(this.#buckets(to), to);
  }

  /** Reacts 👌 to a message the bot has taken (a filing in a busy group), before its receipt. Never throws. */
  async acknowledge(chatId: string, messageId: string): Promise<void> {
    try {
      // Not a message: only the bot's overall rate applies, and nothing waits behind it in the chat.
      await this.#limiter.acquire([{ key: 'bot', rule: this.#botRule }], 'reactions');
      await this.#api.setMessageReaction(chatId, Number(messageId), [{ type: 'emoji', emoji: '👌' }], undefined, timeoutSignal(this.#timeoutMs));
    } catch (error) {
      this.#log.warn('telegram: could not react to a message', { chatId, messageId, error: String(error) });
    }
  }

  #buckets(to: string): { key: string; rule: RateRule }[] {
    return [
      { key: 'bot', rule: this.#botRule },
      { key: `chat:${to}`, rule: TELEGRAM_RATE_LIMITS.chat },
      ...(isGroupChat(to) ? [{ key: `group:${to}`, rule: TELEGRAM_RATE_LIMITS.group }] : []),
    ];
  }

  /** The chat's windows count this send from its answer (see RateLimiter.restamp). */
  #answered(to: string): void {
    this.#limiter.restamp([`chat:${to}`, ...(isGroupChat(to) ? [`group:${to}`] : [])]);
  }

  #acquire(to: string): Promise<number> {
    return this.#limiter.acquire(this.#buckets(to), to);
  }

  /** Classifies a failure; after a 429 the chat's buckets are held for retry_after. */
  #fail(to: string, error: unknown) {
    const sendError = toSendError(error);
    if (sendError.retryAfterSeconds !== undefined) {
      const until = this.#time.now() + sendError.retryAfterSeconds * 1000;
      this.#limiter.block(`chat:${to}`, TELEGRAM_RATE_LIMITS.chat, until);
      if (isGroupChat(to)) this.#limiter.block(`group:${to}`, TELEGRAM_RATE_LIMITS.group, until);
    }
    const hint = fixHint(error);
    if (hint) this.#log.error('telegram send failed', { to, error: sendError.message, hint });
    return sendError;
  }

  #remember(key: string, progress: Progress): void {
    this.#progress.set(key, progress);
    if (this.#progress.size > 10_000) this.#progress.delete(this.#progress.keys().next().value as string);
  }
}
