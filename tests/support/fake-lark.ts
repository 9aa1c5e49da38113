// A fake Feishu/Lark open platform on 127.0.0.1, reached through LARK_DOMAIN=http://127.0.0.1:PORT,
// with the semantics the adapter relies on: tenant tokens, message create with receive_id_type and
// uuid de-duplication (one message per uuid), replies, file and image uploads (multipart), contacts,
// bot info, messages visible to one person, and injected failures (HTTP 429, code 99991400, code
// 230020, 5xx, a lost answer after delivery). Plus a client that posts events to the webhook
// encrypted and signed exactly as Lark does.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateWindows } from './rate-window.ts';
import { waitFor } from './wait.ts';

export const FAKE_TENANT_TOKEN = 't-fake-tenant-token';
export const FAKE_APP_ID = 'cli_a1b2c3d4e5f60718';
export const FAKE_APP_SECRET = 'fake-app-secret';
export const FAKE_BOT_OPEN_ID = 'ou_bot0000000000000000000000000000';

/** A message the fake delivered (created, replied or shown to one person). */
export interface FakeMessage {
  message_id: string;
  chat_id: string;
  receive_id: string;
  receive_id_type: string;
  msg_type: string;
  /** The parsed content (a card object for interactive messages). */
  content: Record<string, unknown>;
  uuid?: string;
  /** Set for replies: the message replied to. */
  reply_to?: string;
  /** Set for messages visible to one person in a group. */
  visible_to?: string;
}

/** A recorded HTTP call. */
export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  at: number;
}

/** A failure to answer a message send with. */
export interface FakeFailure {
  status: number;
  code?: number;
  msg?: string;
  headers?: Record<string, string>;
  /** Deliver the message anyway, then answer with the failure (the answer was "lost"). */
  deliverFirst?: boolean;
  /** Only for sends to this receive_id / chat (default: any send). */
  to?: string;
}

export interface FakeUser {
  name: string;
  email?: string;
  mobile?: string;
}

export interface FakeLarkOptions {
  botOpenId?: string;
  users?: Record<string, FakeUser>;
  /** When false, contact lookups fail with a missing-scope code (default true). */
  contactPermission?: boolean;
  /** Milliseconds the contact API takes to answer (to make processing slow). */
  contactDelayMs?: number;
  /** When false, messages visible to one person are refused (default true). */
  ephemeral?: boolean;
  /** Group names by chat id (im.chat.get); others are refused like a chat the bot is not in. */
  chats?: Record<string, string>;
}

interface Part {
  name: string;
  fileName?: string;
  data: Buffer;
}

/** The fake open platform. */
/** Some of Lark's emoji_type values for message reactions. */
const LARK_EMOJI_TYPES = new Set(['OK', 'THUMBSUP', 'DONE', 'Get', 'MUSCLE', 'APPLAUSE', 'JIAYI']);

export class FakeLark {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly uploads: { kind: 'file' | 'image'; fileName?: string; fileType?: string; size: number }[] = [];
  readonly users: Map<string, FakeUser>;
  /** Files sent in messages, by "<message_id>/<file_key>" (im/v1/messages/:id/resources/:key). */
  readonly resources = new Map<string, Buffer>();
  /** Resource keys that are images (fetched with type=image, as Lark requires). */
  readonly imageKeys = new Set<string>();
  /** Failures for message sends, used in order (each matching send takes the first that fits). */
  readonly failures: FakeFailure[] = [];
  /**
   * Lark's frequency limits for sending, enforced when set: HTTP 429, code 99991400 and
   * x-ogw-ratelimit-reset past them. Off by default. Lark's own: 50 a second per app, 5 a second per chat.
   */
  limits: { perSecond: number; perChatPerSecond: number } | null = null;
  /** The limits' windows; `refused` counts the refusals. */
  readonly flood = new RateWindows();
  readonly options: Required<Omit<FakeLarkOptions, 'users' | 'chats'>>;
  readonly chats: Map<string, string>;
  /** Messages users sent (known ids a reply may refer to), by id → chat. */
  readonly userMessages = new Map<string, string>();
  /** Emoji replies the bot added to messages (im/v1/messages/:id/reactions), in order. */
  readonly reactions: { messageId: string; chatId: string; emojiType: string; at: number }[] = [];
  #seq = 0;
  #byUuid = new Map<string, FakeMessage>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    options: FakeLarkOptions,
  ) {
    this.users = new Map(Object.entries(options.users ?? {}));
    this.chats = new Map(Object.entries(options.chats ?? {}));
    this.options = { botOpenId: options.botOpenId ?? FAKE_BOT_OPEN_ID, contactPermission: options.contactPermission ?? true, contactDelayMs: options.contactDelayMs ?? 0, ephemeral: options.ephemeral ?? true };
  }

  static async start(options: FakeLarkOptions = {}): Promise<FakeLark> {
    let fake: FakeLark | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void fake?.handle(req, Buffer.concat(chunks), res).catch((error: unknown) => {
          res.writeHead(500).end(String(error));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeLark(server, `http://127.0.0.1:${port}`, options);
    return fake;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Makes the next matching message sends fail. */
  failNext(...failures: FakeFailure[]): void {
    this.failures.push(...failures);
  }

  /** Calls to a path (exact, without the query). */
  callsTo(path: string): FakeCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** Messages delivered to a chat (or a person by open_id). */
  messagesTo(chatOrUser: string): FakeMessage[] {
    return this.messages.filter((m) => m.chat_id === chatOrUser || m.receive_id === chatOrUser);
  }

  /** Polls until `predicate` (sync or async) gives a truthy value; an async one is awaited, never taken as truthy itself. */
  async waitFor<T>(predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return waitFor(predicate, { timeoutMs, message: what });
  }

  // === Event payloads, as Lark sends them (schema 2.0)

  /** An im.message.receive_v1 event; the message id is remembered so the bot may reply to it. */
  messageEvent(input: {
    chatId: string;
    chatType?: 'group' | 'p2p';
    senderOpenId: string;
    text?: string;
    post?: { title?: string; content: Record<string, unknown>[][] };
    /** A file message; its bytes are served as the message's resource. */
    file?: { name: string; data: Buffer };
    /** An image message; its bytes are served as the message's image resource. */
    image?: Buffer;
    mentions?: { key: string; openId: string; name: string }[];
    eventId?: string;
    messageId?: string;
    parentId?: string;
    token?: string;
    appId?: string;
  }): Record<string, unknown> {
    const messageId = input.messageId ?? `om_user_${++this.#seq}`;
    this.userMessages.set(messageId, input.chatId);
    const now = Date.now();
    return {
      schema: '2.0',
      header: {
        event_id: input.eventId ?? `ev_${randomBytes(8).toString('hex')}`,
        event_type: 'im.message.receive_v1',
        create_time: String(now),
        token: input.token ?? '',
        app_id: input.appId ?? FAKE_APP_ID,
        tenant_key: 'tenant_fake',
      },
      event: {
        sender: { sender_id: { open_id: input.senderOpenId, union_id: `on_${input.senderOpenId.slice(3)}`, user_id: '' }, sender_type: 'user', tenant_key: 'tenant_fake' },
        message: {
          message_id: messageId,
          ...(input.parentId ? { parent_id: input.parentId, root_id: input.parentId } : {}),
          create_time: String(now),
          chat_id: input.chatId,
          chat_type: input.chatType ?? 'group',
          message_type: input.file ? 'file' : input.image ? 'image' : input.post ? 'post' : 'text',
          content: JSON.stringify(
            input.file
              ? { file_key: this.#addResource(messageId, input.file.data), file_name: input.file.name }
              : input.image
                ? { image_key: this.addImage(messageId, input.image) }
                : (input.post ?? { text: input.text ?? '' }),
          ),
          mentions: (input.mentions ?? []).map((m) => ({ key: m.key, id: { open_id: m.openId, union_id: `on_${m.openId.slice(3)}`, user_id: '' }, name: m.name, tenant_key: 'tenant_fake' })),
        },
      },
    };
  }

  /** Keeps an image's bytes as a resource of a message (an image message, or an img in a post); returns its image_key. */
  addImage(messageId: string, data: Buffer): string {
    const key = `img_v3_res_${++this.#seq}`;
    this.resources.set(`${messageId}/${key}`, data);
    this.imageKeys.add(key);
    return key;
  }

  /** Keeps a file's bytes as a resource of a message; returns its file_key. */
  #addResource(messageId: string, data: Buffer): string {
    const key = `file_v3_res_${++this.#seq}`;
    this.resources.set(`${messageId}/${key}`, data);
    return key;
  }

  /** A card.action.trigger callback: a button press, or a form submit with `formValue`. */
  cardActionEvent(input: {
    operatorOpenId: string;
    chatId: string;
    messageId: string;
    value: Record<string, unknown>;
    formValue?: Record<string, string>;
    eventId?: string;
    token?: string;
    appId?: string;
  }): Record<string, unknown> {
    return {
      schema: '2.0',
      header: {
        event_id: input.eventId ?? `ev_${randomBytes(8).toString('hex')}`,
        event_type: 'card.action.trigger',
        create_time: String(Date.now() * 1000),
        token: input.token ?? '',
        app_id: input.appId ?? FAKE_APP_ID,
        tenant_key: 'tenant_fake',
      },
      event: {
        operator: { tenant_key: 'tenant_fake', open_id: input.operatorOpenId, union_id: `on_${input.operatorOpenId.slice(3)}` },
        token: `c-${randomBytes(8).toString('hex')}`,
        action: {
          value: input.value,
          tag: 'button',
          ...(input.formValue ? { form_value: input.formValue, name: 'submit' } : {}),
          timezone: 'Asia/Shanghai',
        },
        host: 'im_message',
        context: { open_message_id: input.messageId, open_chat_id: input.chatId },
      },
    };
  }

  // === The open platform

  private async handle(req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const contentType = req.headers['content-type'] ?? '';
    const isMultipart = contentType.startsWith('multipart/form-data');
    const body = isMultipart ? null : parseJson(raw);
    this.calls.push({ method: req.method ?? 'GET', path, query, body, at: Date.now() });
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };

    if (path === '/open-apis/auth/v3/tenant_access_token/internal' || path === '/open-apis/auth/v3/app_access_token/internal') {
      const b = (body ?? {}) as { app_id?: string; app_secret?: string };
      if (b.app_id !== FAKE_APP_ID || b.app_secret !== FAKE_APP_SECRET) return json(400, { code: 10014, msg: 'app secret invalid' });
      return json(200, { code: 0, msg: 'ok', tenant_access_token: FAKE_TENANT_TOKEN, app_access_token: FAKE_TENANT_TOKEN, expire: 7200 });
    }
    if (path === '/callback/ws/endpoint') {
      // The long connection is not faked: answer like a refused app, so the SDK stops trying.
      return json(200, { code: 514, msg: 'fake platform: no long connection here', data: {} });
    }
    if (req.headers.authorization !== `Bearer ${FAKE_TENANT_TOKEN}`) return json(400, { code: 99991663, msg: 'Invalid access token for authorization' });

    if (req.method === 'GET' && path === '/open-apis/bot/v3/info') {
      return json(200, { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: '进度助手', open_id: this.options.botOpenId } });
    }
    const contact = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && contact) {
      if (this.options.contactDelayMs) await new Promise((resolve) => setTimeout(resolve, this.options.contactDelayMs));
      if (!this.options.contactPermission) return json(400, { code: 99991672, msg: 'Access denied. One of the following scopes is required: [contact:user.base:readonly]' });
      const openId = decodeURIComponent(contact[1] ?? '');
      const user = this.users.get(openId);
      if (!user || query.user_id_type !== 'open_id') return json(400, { code: 41050, msg: 'no user authority error' });
      return json(200, { code: 0, msg: 'success', data: { user: { open_id: openId, name: user.name, ...(user.email ? { email: user.email } : {}), ...(user.mobile ? { mobile: user.mobile } : {}) } } });
    }
    const resource = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && resource) {
      const data = this.resources.get(`${decodeURIComponent(resource[1] ?? '')}/${decodeURIComponent(resource[2] ?? '')}`);
      const wanted = this.imageKeys.has(decodeURIComponent(resource[2] ?? '')) ? 'image' : 'file';
      if (!data || query.type !== wanted) return json(400, { code: 234003, msg: 'File not in msg.' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) });
      res.end(data);
      return;
    }
    const chat = /^\/open-apis\/im\/v1\/chats\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && chat) {
      const name = this.chats.get(decodeURIComponent(chat[1] ?? ''));
      if (name === undefined) return json(400, { code: 232011, msg: 'Operator can NOT be out of the chat.' });
      return json(200, { code: 0, msg: 'success', data: { name, chat_mode: 'group', chat_type: 'private', description: '' } });
    }
    if (req.method === 'POST' && (path === '/open-apis/im/v1/files' || path === '/open-apis/im/v1/images')) {
      const parts = parseMultipart(raw, contentType);
      const kind = path.endsWith('files') ? 'file' : 'image';
      const file = parts.find((p) => p.name === kind);
      if (!file || file.data.length === 0) return json(400, { code: 234001, msg: 'Invalid request param.' });
      const field = (name: string) => parts.find((p) => p.name === name)?.data.toString('utf8');
      const fileName = field('file_name');
      const fileType = field('file_type');
      this.uploads.push({ kind, size: file.data.length, ...(fileName ? { fileName } : {}), ...(fileType ? { fileType } : {}) });
      const key = kind === 'file' ? { file_key: `file_v3_${++this.#seq}` } : { image_key: `img_v3_${++this.#seq}` };
      return json(200, { code: 0, msg: 'success', data: key });
    }
    if (req.method === 'POST' && path === '/open-apis/im/v1/messages') {
      const b = (body ?? {}) as { receive_id?: string; msg_type?: string; content?: string; uuid?: string };
      const idType = query.receive_id_type ?? '';
      if (!['open_id', 'chat_id', 'user_id', 'union_id', 'email'].includes(idType)) return json(400, { code: 230001, msg: 'invalid receive_id_type' });
      const receiveId = b.receive_id ?? '';
      const chatId = idType === 'chat_id' ? receiveId : `oc_p2p_${receiveId.slice(3)}`;
      return this.deliver(json, { receive_id: receiveId, receive_id_type: idType, chat_id: chatId, msg_type: b.msg_type ?? '', content: b.content ?? '', ...(b.uuid ? { uuid: b.uuid } : {}) });
    }
    const reaction = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reactions$/.exec(path);
    if (req.method === 'POST' && reaction) {
      const messageId = decodeURIComponent(reaction[1] ?? '');
      const chatId = this.userMessages.get(messageId) ?? this.messages.find((m) => m.message_id === messageId)?.chat_id;
      if (!chatId) return json(400, { code: 231003, msg: 'The message is not found, maybe not exist or deleted.' });
      const emojiType = ((body ?? {}) as { reaction_type?: { emoji_type?: string } }).reaction_type?.emoji_type ?? '';
      if (!LARK_EMOJI_TYPES.has(emojiType)) return json(400, { code: 231001, msg: 'reaction type is invalid.' });
      if (this.limits) {
        const admitted = this.flood.admit([{ key: 'app', rule: { limit: this.limits.perSecond, windowMs: 1000 } }]);
        if (!admitted.ok) return json(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': String(admitted.retryAfterSeconds) });
      }
      this.reactions.push({ messageId, chatId, emojiType, at: Date.now() });
      return json(200, { code: 0, msg: 'success', data: { reaction_id: `r_${++this.#seq}`, reaction_type: { emoji_type: emojiType }, action_time: String(Date.now()) } });
    }
    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    if (req.method === 'POST' && reply) {
      const parentId = decodeURIComponent(reply[1] ?? '');
      const chatId = this.userMessages.get(parentId) ?? this.messages.find((m) => m.message_id === parentId)?.chat_id;
      if (!chatId) return json(400, { code: 230011, msg: 'The message was withdrawn.' });
      const b = (body ?? {}) as { msg_type?: string; content?: string; uuid?: string };
      return this.deliver(json, { receive_id: chatId, receive_id_type: 'chat_id', chat_id: chatId, msg_type: b.msg_type ?? '', content: b.content ?? '', reply_to: parentId, ...(b.uuid ? { uuid: b.uuid } : {}) });
    }
    if (req.method === 'POST' && path === '/open-apis/ephemeral/v1/send') {
      const b = (body ?? {}) as { chat_id?: string; open_id?: string; msg_type?: string; card?: Record<string, unknown> };
      if (!this.options.ephemeral) return json(400, { code: 10002, msg: 'ephemeral card not allowed here' });
      if (!b.chat_id || !b.open_id || b.msg_type !== 'interactive' || !b.card) return json(400, { code: 10002, msg: 'bad request' });
      const message: FakeMessage = { message_id: `om_eph_${++this.#seq}`, chat_id: b.chat_id, receive_id: b.chat_id, receive_id_type: 'chat_id', msg_type: 'interactive', content: b.card, visible_to: b.open_id };
      this.messages.push(message);
      return json(200, { code: 0, msg: 'success', data: { message_id: message.message_id } });
    }
    return json(404, { code: 404, msg: `fake platform: no route ${req.method} ${path}` });
  }

  private deliver(
    json: (status: number, payload: unknown, headers?: Record<string, string>) => void,
    input: Omit<FakeMessage, 'message_id' | 'content'> & { content: string },
  ): void {
    const failureIndex = this.failures.findIndex((f) => !f.to || f.to === input.receive_id || f.to === input.chat_id);
    const failure = failureIndex >= 0 ? this.failures.splice(failureIndex, 1)[0] : undefined;
    if (failure && !failure.deliverFirst) return json(failure.status, { code: failure.code ?? failure.status, msg: failure.msg ?? 'injected failure' }, failure.headers);
    if (this.limits) {
      const admitted = this.flood.admit([
        { key: 'app', rule: { limit: this.limits.perSecond, windowMs: 1000 } },
        { key: `chat:${input.chat_id}`, rule: { limit: this.limits.perChatPerSecond, windowMs: 1000 } },
      ]);
      if (!admitted.ok) return json(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-reset': String(admitted.retryAfterSeconds) });
    }
    // uuid: at most one message per uuid (Lark keeps it for an hour).
    const existing = input.uuid ? this.#byUuid.get(input.uuid) : undefined;
    const content = parseJson(Buffer.from(input.content)) as Record<string, unknown> | null;
    if (!content) return json(400, { code: 230001, msg: 'invalid content' });
    const message = existing ?? { ...input, content, message_id: `om_bot_${++this.#seq}` };
    if (!existing) {
      this.messages.push(message);
      if (input.uuid) this.#byUuid.set(input.uuid, message);
    }
    if (failure) return json(failure.status, { code: failure.code ?? failure.status, msg: failure.msg ?? 'injected failure' }, failure.headers);
    json(200, { code: 0, msg: 'success', data: { message_id: message.message_id, chat_id: message.chat_id, msg_type: message.msg_type, body: { content: input.content } } });
  }
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return null;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
}

function parseMultipart(raw: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return [];
  const delimiter = Buffer.from(`--${marker}`);
  const parts: Part[] = [];
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const chunk = raw.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
      const fileName = /filename="([^"]*)"/.exec(headers)?.[1];
      parts.push({ name, ...(fileName ? { fileName } : {}), data: chunk.subarray(headerEnd + 4) });
    }
    start = next;
  }
  return parts;
}

// === The webhook client: what Lark's servers do

/** base64(iv ‖ AES-256-CBC(sha256(encryptKey), json)), as Lark encrypts an event. */
export function encryptLikeLark(json: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(json, 'utf8'), cipher.final()]).toString('base64');
}

export interface PostOptions {
  /** Encrypt and sign with this key (omit for a plaintext, unsigned post). */
  encryptKey?: string;
  /** Sign with this key instead (a forged signature). */
  signingKey?: string;
  /** Send without the signature headers. */
  unsigned?: boolean;
  /** Sign as of this many seconds ago (a replayed request). */
  signedSecondsAgo?: number;
}

/** Posts a payload to the webhook as Lark does, and reports the answer and how long it took. */
export async function postToWebhook(url: string, payload: unknown, options: PostOptions = {}): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const json = JSON.stringify(payload);
  const body = options.encryptKey ? JSON.stringify({ encrypt: encryptLikeLark(json, options.encryptKey) }) : json;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  const signingKey = options.signingKey ?? options.encryptKey;
  if (signingKey && !options.unsigned) {
    const timestamp = String(Math.floor(Date.now() / 1000) - (options.signedSecondsAgo ?? 0));
    const nonce = randomBytes(8).toString('hex');
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = createHash('sha256').update(timestamp + nonce + signingKey + body).digest('hex');
  }
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed, ms: Date.now() - started };
}
