// A fake Telegram Bot API on 127.0.0.1, reached through TELEGRAM_API_ROOT=http://127.0.0.1:PORT,
// keeping the semantics the adapter relies on: updates stay queued until a later getUpdates confirms
// them with an offset above their update_id (fetching does NOT mark them read, so a crash between
// fetching and confirming can be shown); getUpdates long-polls up to its timeout; answers are
// `{ok,result}` or `{ok:false,error_code,description,parameters}`. It checks what Telegram checks
// (HTML entities, 4096 characters, callback_data ≤ 64 bytes), records every call, counts deliveries
// per text, and can inject 429 with retry_after, 5xx and hangs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { RateWindows } from './rate-window.ts';
import { waitFor } from './wait.ts';

export const FAKE_TOKEN = '123456:TEST-token_abcdefghijklmnopqrstuv';
export const FAKE_BOT = { id: 7000001, is_bot: true, first_name: '进度助手', username: 'progress_test_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

/** A message the bot sent. */
export interface SentMessage {
  message_id: number;
  chat_id: string;
  method: string;
  text: string;
  parse_mode?: string;
  reply_markup?: Record<string, unknown>;
  reply_to?: number;
  file?: { name: string; size: number };
  at: number;
}

export interface FakeCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

/** A failure injected for the next matching call. */
export interface FakeFailure {
  method?: string;
  chatId?: string;
  status: number;
  description?: string;
  retryAfter?: number;
  /** Instead of answering, hold the request this long (then answer with the failure's status). */
  hangMs?: number;
  /** Deliver the message, then answer with the failure (the answer was lost). */
  deliverFirst?: boolean;
}

type Json = Record<string, unknown>;

/** Methods that deliver a message (the ones Telegram's flood limits count). */
const SEND_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto']);

/** Some of the emoji Telegram lets a bot react with (ReactionTypeEmoji). */
const BOT_REACTIONS = new Set(['👍', '👌', '✍', '🫡', '👀', '🙏', '🆗', '🔥', '❤', '🎉']);

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'blockquote', 'tg-spoiler', 'span']);

/** Checks Telegram HTML: allowed tags, balanced, entities known. Returns the visible text or an error. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = '';
  const re = /<\/?([a-z-]+)(\s[^>]*)?>|&(amp|lt|gt|quot|#\d+);|[<>&]|[^<>&]+/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const token = m[0];
    if (m[1]) {
      const name = m[1].toLowerCase();
      if (!ALLOWED_TAGS.has(name)) return { error: `Bad Request: can't parse entities: unsupported start tag "${name}"` };
      if (token.startsWith('</')) {
        if (stack.pop() !== name) return { error: `Bad Request: can't parse entities: unmatched end tag "${name}"` };
      } else stack.push(name);
    } else if (m[3]) text += m[3] === 'amp' ? '&' : m[3] === 'lt' ? '<' : m[3] === 'gt' ? '>' : m[3] === 'quot' ? '"' : String.fromCodePoint(Number(m[3].slice(1)));
    else if (token === '<' || token === '>' || token === '&') return { error: `Bad Request: can't parse entities: unexpected "${token}"` };
    else text += token;
  }
  if (stack.length) return { error: `Bad Request: can't parse entities: can't find end tag "${stack.at(-1)}"` };
  return { text };
}

/** The fake Bot API. */
export class FakeTelegram {
  readonly calls: FakeCall[] = [];
  readonly sent: SentMessage[] = [];
  readonly failures: FakeFailure[] = [];
  /** Updates not yet confirmed, oldest first. */
  readonly queue: Json[] = [];
  /** Files that getFile can serve, by file_id. */
  readonly files = new Map<string, { path: string; data: Buffer }>();
  /** Milliseconds each sendMessage takes before it is delivered (to make sending slow). */
  sendDelayMs = 0;
  /**
   * When set, a sendMessage arriving once this many messages were delivered is held (not delivered)
   * until the value is cleared; if its client disconnects meanwhile, it is never delivered.
   */
  holdAfter: number | null = null;
  webhook: { url: string; secret_token?: string } | null = null;
  /**
   * Telegram's flood limits, enforced when set: 429 with retry_after past them. Off by default.
   * Telegram's own: about 30 messages a second overall, 1 a second per chat, 20 a minute per group.
   */
  limits: { perSecond: number; perChatPerSecond: number; perGroupPerMinute: number } | null = null;
  /** The limits' windows; `refused` counts the 429s they caused. */
  readonly flood = new RateWindows();
  /** When each update was first handed to the bot (update_id → ms). */
  readonly handedOutAt = new Map<number, number>();
  commands: Json[] = [];
  /** Reactions the bot set (setMessageReaction), in order, with when they arrived. */
  readonly reactions: { chatId: string; messageId: number; emoji: string; at: number }[] = [];
  #nextUpdateId = 100_000;
  #nextMessageId = 5000;
  #waiters = new Set<() => void>();
  #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeTelegram> {
    let fake: FakeTelegram | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void fake?.handle(req, Buffer.concat(chunks), res).catch((error: unknown) => res.writeHead(500).end(String(error)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTelegram(server, `http://127.0.0.1:${port}`);
    const created = fake;
    server.on('connection', (socket) => created.track(socket));
    return fake;
  }

  /** Remembers a connection, so close() can end long polls at once. */
  track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
  }

  async close(): Promise<void> {
    for (const wake of this.#waiters) wake();
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // === Updates, as users cause them

  /** Queues an update (update_id assigned unless given) and wakes a waiting getUpdates. */
  push(update: Json): number {
    const updateId = typeof update.update_id === 'number' ? update.update_id : this.#nextUpdateId++;
    this.queue.push({ ...update, update_id: updateId });
    for (const wake of this.#waiters) wake();
    return updateId;
  }

  /** A user's text message in a chat (negative ids are groups). */
  message(options: { chatId: number; from: { id: number; first_name: string; username?: string; language_code?: string }; text?: string; replyTo?: number; caption?: string; document?: { file_id: string; file_name: string; mime_type?: string }; photo?: { file_id: string; width: number; height: number; file_size?: number }[]; mediaGroupId?: string; updateId?: number }): Json {
    const chat = options.chatId < 0 ? { id: options.chatId, type: 'supergroup', title: '重点项目周报群' } : { id: options.chatId, type: 'private', first_name: options.from.first_name };
    const replied = options.replyTo !== undefined ? this.sent.find((m) => m.message_id === options.replyTo) : undefined;
    return {
      ...(options.updateId !== undefined ? { update_id: options.updateId } : {}),
      message: {
        message_id: this.#nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat,
        from: { is_bot: false, ...options.from },
        ...(options.text !== undefined ? { text: options.text } : {}),
        ...(options.caption !== undefined ? { caption: options.caption } : {}),
        ...(options.document ? { document: options.document } : {}),
        ...(options.photo ? { photo: options.photo.map((p) => ({ file_unique_id: `u${p.file_id}`, ...p })) } : {}),
        ...(options.mediaGroupId !== undefined ? { media_group_id: options.mediaGroupId } : {}),
        ...(options.replyTo !== undefined
          ? { reply_to_message: { message_id: options.replyTo, date: 0, chat, from: replied ? FAKE_BOT : { id: 1, is_bot: false, first_name: 'x' }, text: replied?.text ?? '' } }
          : {}),
      },
    };
  }

  /** A button press on a message the bot sent. */
  callback(options: { message: SentMessage; from: { id: number; first_name: string; username?: string }; data: string }): Json {
    const chatId = Number(options.message.chat_id);
    const chat = chatId < 0 ? { id: chatId, type: 'supergroup', title: '重点项目周报群' } : { id: chatId, type: 'private', first_name: options.from.first_name };
    return {
      callback_query: {
        id: `cq${this.#nextMessageId++}`,
        from: { is_bot: false, ...options.from },
        chat_instance: 'ci',
        data: options.data,
        message: { message_id: options.message.message_id, date: 0, chat, from: FAKE_BOT, text: options.message.text },
      },
    };
  }

  // === Looking at what happened

  messagesTo(chatId: number | string): SentMessage[] {
    return this.sent.filter((m) => m.chat_id === String(chatId));
  }

  /** How many times a message with exactly this text was delivered (anywhere). */
  deliveries(text: string): number {
    return this.sent.filter((m) => m.text === text).length;
  }

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Polls until `predicate` (sync or async) gives a truthy value; an async one is awaited, never taken as truthy itself. */
  async waitFor<T>(predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return waitFor(predicate, { timeoutMs, message: () => `${what}; sent: ${JSON.stringify(this.sent.map((m) => [m.chat_id, m.text.slice(0, 80)]))}` });
  }

  // === The HTTP side

  private async handle(req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const found = [...this.files.values()].find((f) => f.path === decodeURIComponent(file[2] ?? ''));
      if (file[1] !== FAKE_TOKEN || !found) return void res.writeHead(404).end('not found');
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(found.data);
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== FAKE_TOKEN) return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2] ?? '';
    const contentType = req.headers['content-type'] ?? '';
    const body: Json = contentType.startsWith('multipart/form-data') ? parseMultipartFields(raw, contentType) : raw.length ? (JSON.parse(raw.toString('utf8')) as Json) : Object.fromEntries(url.searchParams);
    this.calls.push({ method, body, at: Date.now() });

    const failureIndex = this.failures.findIndex((f) => (!f.method || f.method === method) && (!f.chatId || String(body.chat_id) === f.chatId));
    const failure = failureIndex >= 0 ? this.failures.splice(failureIndex, 1)[0] : undefined;
    if (failure?.hangMs) await new Promise((resolve) => setTimeout(resolve, failure.hangMs));
    if (failure && !failure.deliverFirst) return this.fail(res, failure);
    if (this.limits && SEND_METHODS.has(method)) {
      const chat = String(body.chat_id);
      const admitted = this.flood.admit([
        { key: 'bot', rule: { limit: this.limits.perSecond, windowMs: 1000 } },
        { key: `chat:${chat}`, rule: { limit: this.limits.perChatPerSecond, windowMs: 1000 } },
        ...(chat.startsWith('-') ? [{ key: `group:${chat}`, rule: { limit: this.limits.perGroupPerMinute, windowMs: 60_000 } }] : []),
      ]);
      if (!admitted.ok) return this.fail(res, { status: 429, retryAfter: admitted.retryAfterSeconds });
    }
    if (this.limits && method === 'setMessageReaction') {
      // Not a message, so outside the per-chat and per-group windows; still within the bot's overall rate.
      const admitted = this.flood.admit([{ key: 'bot', rule: { limit: this.limits.perSecond, windowMs: 1000 } }]);
      if (!admitted.ok) return this.fail(res, { status: 429, retryAfter: admitted.retryAfterSeconds });
    }
    const alive = () => !req.socket.destroyed;
    const result = await this.call(method, body, alive);
    if ('error' in result) return this.reply(res, result.status, { ok: false, error_code: result.status, description: result.error });
    if (failure) return this.fail(res, failure);
    return this.reply(res, 200, { ok: true, result: result.ok });
  }

  private fail(res: ServerResponse, f: FakeFailure): void {
    const description = f.description ?? (f.status === 429 ? `Too Many Requests: retry after ${f.retryAfter ?? 1}` : f.status >= 500 ? 'Internal Server Error' : 'Bad Request');
    this.reply(res, f.status, { ok: false, error_code: f.status, description, ...(f.retryAfter !== undefined ? { parameters: { retry_after: f.retryAfter } } : {}) });
  }

  private reply(res: ServerResponse, status: number, body: Json): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private async call(method: string, body: Json, alive: () => boolean): Promise<{ ok: unknown } | { error: string; status: number }> {
    switch (method) {
      case 'getMe':
        return { ok: FAKE_BOT };
      case 'getUpdates':
        return { ok: await this.getUpdates(body) };
      case 'setWebhook':
        this.webhook = { url: String(body.url), ...(body.secret_token ? { secret_token: String(body.secret_token) } : {}) };
        return { ok: true };
      case 'deleteWebhook':
        this.webhook = null;
        return { ok: true };
      case 'setMyCommands':
        this.commands.push(body);
        return { ok: true };
      case 'answerCallbackQuery':
        return { ok: true };
      case 'setMessageReaction':
        return this.setMessageReaction(body);
      case 'getFile': {
        const found = this.files.get(String(body.file_id));
        if (!found) return { error: 'Bad Request: invalid file_id', status: 400 };
        return { ok: { file_id: body.file_id, file_unique_id: 'u', file_size: found.data.length, file_path: found.path } };
      }
      case 'sendMessage':
      case 'editMessageText':
        return this.sendMessage(method, body, alive);
      case 'sendDocument':
      case 'sendPhoto':
        return this.sendFile(method, body);
      default:
        return { error: `Not Found: method ${method} not in the fake`, status: 404 };
    }
  }

  /** Telegram's reactions: a list of at most one emoji for a bot, from the fixed set a bot may use. */
  private setMessageReaction(body: Json): { ok: unknown } | { error: string; status: number } {
    const chatId = String(body.chat_id ?? '');
    const messageId = Number(body.message_id);
    const reaction = (typeof body.reaction === 'string' ? JSON.parse(body.reaction) : body.reaction) as Json[] | undefined;
    if (!chatId || !Number.isInteger(messageId)) return { error: 'Bad Request: message to react not found', status: 400 };
    if (!Array.isArray(reaction) || reaction.length > 1) return { error: 'Bad Request: REACTIONS_TOO_MANY', status: 400 };
    const first = reaction[0];
    if (first && (first.type !== 'emoji' || !BOT_REACTIONS.has(String(first.emoji)))) return { error: 'Bad Request: REACTION_INVALID', status: 400 };
    this.reactions.push({ chatId, messageId, emoji: first ? String(first.emoji) : '', at: Date.now() });
    return { ok: true };
  }

  private async getUpdates(body: Json): Promise<Json[]> {
    if (this.webhook) throw new Error('webhook set');
    const offset = Number(body.offset ?? 0);
    const limit = Math.min(Number(body.limit ?? 100), 100);
    const timeout = Number(body.timeout ?? 0);
    // Confirming: every update below the offset is forgotten.
    if (offset > 0) while (this.queue.length && Number(this.queue[0]?.update_id) < offset) this.queue.shift();
    const deadline = Date.now() + timeout * 1000;
    while (this.queue.length === 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(1, deadline - Date.now()));
        this.#waiters.add(wake);
      });
      if (this.server.listening === false) break;
    }
    const batch = this.queue.slice(0, limit);
    const now = Date.now();
    for (const update of batch) if (!this.handedOutAt.has(Number(update.update_id))) this.handedOutAt.set(Number(update.update_id), now);
    return batch;
  }

  private async sendMessage(method: string, body: Json, alive: () => boolean): Promise<{ ok: unknown } | { error: string; status: number }> {
    const text = String(body.text ?? '');
    if (!text.trim()) return { error: 'Bad Request: message text is empty', status: 400 };
    if (text.length > 4096) return { error: 'Bad Request: message is too long', status: 400 };
    let visible = text;
    if (body.parse_mode === 'HTML') {
      const parsed = parseTelegramHtml(text);
      if ('error' in parsed) return { error: parsed.error, status: 400 };
      visible = parsed.text;
    }
    const markup = typeof body.reply_markup === 'string' ? (JSON.parse(body.reply_markup) as Json) : (body.reply_markup as Json | undefined);
    for (const row of (markup?.inline_keyboard as { callback_data?: string }[][] | undefined) ?? []) {
      for (const button of row) if (Buffer.byteLength(button.callback_data ?? '', 'utf8') > 64 || !button.callback_data) return { error: 'Bad Request: BUTTON_DATA_INVALID', status: 400 };
    }
    if (String(body.chat_id).startsWith('-100404')) return { error: 'Bad Request: chat not found', status: 400 };
    if (String(body.chat_id) === '403403') return { error: 'Forbidden: bot was blocked by the user', status: 403 };
    if (this.sendDelayMs) await new Promise((resolve) => setTimeout(resolve, this.sendDelayMs));
    while (this.holdAfter !== null && this.sent.length >= this.holdAfter && alive()) await new Promise((resolve) => setTimeout(resolve, 10));
    // A request cut off before Telegram took it is not delivered.
    if (!alive()) return { error: 'client went away before delivery', status: 499 };
    const reply = body.reply_parameters as { message_id?: number } | undefined;
    const message: SentMessage = {
      message_id: this.#nextMessageId++,
      chat_id: String(body.chat_id),
      method,
      text,
      ...(body.parse_mode ? { parse_mode: String(body.parse_mode) } : {}),
      ...(markup ? { reply_markup: markup } : {}),
      ...(reply?.message_id ? { reply_to: reply.message_id } : {}),
      at: Date.now(),
    };
    this.sent.push(message);
    return { ok: { message_id: message.message_id, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: String(body.chat_id).startsWith('-') ? 'supergroup' : 'private' }, text: visible } };
  }

  private sendFile(method: string, body: Json): { ok: unknown } | { error: string; status: number } {
    const field = method === 'sendPhoto' ? 'photo' : 'document';
    let part = body[field] as { fileName?: string; size: number } | string | undefined;
    if (typeof part === 'string' && part.startsWith('attach://')) part = body[part.slice('attach://'.length)] as typeof part;
    if (!part || typeof part === 'string') return { error: `Bad Request: there is no ${field} in the request`, status: 400 };
    const message: SentMessage = { message_id: this.#nextMessageId++, chat_id: String(body.chat_id), method, text: String(body.caption ?? ''), file: { name: part.fileName ?? '', size: part.size }, at: Date.now() };
    this.sent.push(message);
    return { ok: { message_id: message.message_id, date: 0, chat: { id: Number(body.chat_id), type: 'private' } } };
  }
}

/** Multipart fields: text fields as strings (JSON-parsed when they look like JSON), files as { fileName, size }. */
function parseMultipartFields(raw: Buffer, contentType: string): Json {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  const out: Json = {};
  if (!marker) return out;
  const delimiter = Buffer.from(`--${marker}`);
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const chunk = raw.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
      // grammY writes the file name unquoted (filename=台账.xlsx); browsers quote it.
      const named = /filename=(?:"([^"]*)"|([^;\r\n]+))/.exec(headers);
      const fileName = named ? (named[1] ?? named[2] ?? '') : undefined;
      const data = chunk.subarray(headerEnd + 4);
      if (fileName !== undefined) out[name] = { fileName, size: data.length };
      else {
        const value = data.toString('utf8');
        out[name] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
      }
    }
    start = next;
  }
  return out;
}
