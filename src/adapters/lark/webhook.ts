// LARK_MODE=webhook: events and card callbacks over HTTP on the bot's own server. The SDK's adapters
// answer 200 to a bad signature and never check the verification token, so the checks are done
// here, in order: signature and its freshness (401), decryption, url_verification, verification
// token (401) and app id (403); then the event is stored and answered at once, and processed after
// answering.
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../../core/context.ts';
import type { HttpRequest, HttpResponse, HttpServer } from '../../http/server.ts';
import type { LarkDispatch } from './dispatch.ts';
import { metaOf, type LarkCardActionEvent, type LarkEnvelope, type LarkMessageEvent } from './events.ts';
import { LogThrottle } from '../../lib/log-throttle.ts';
import { decryptLarkBody, verifyLarkSignature } from './webhook-crypto.ts';

/** Where Lark posts: events (im.message.receive_v1) and card callbacks (card.action.trigger). Either path takes both. */
export const LARK_WEBHOOK_PATHS = { events: '/lark/events', card: '/lark/card' } as const;

/**
 * A signed request whose X-Lark-Request-Timestamp is further than this from the server's clock is
 * refused: a recorded request replayed later fails here even though its signature is valid (an
 * event replayed within the window is still dropped as a duplicate by its event id).
 */
export const MAX_REQUEST_AGE_SECONDS = 300;

export interface LarkWebhookOptions {
  dispatch: LarkDispatch;
  /** LARK_APP_ID: events for another app are refused (403). */
  appId: string;
  /** LARK_ENCRYPT_KEY: when set, requests must be signed with it, and are decrypted with it. */
  encryptKey?: string;
  /** LARK_VERIFICATION_TOKEN: when set, events must carry it (401). */
  verificationToken?: string;
  log: Logger;
  now?: () => Date;
  /** Wall-clock milliseconds for the freshness check (default Date.now; never the app's virtual clock). */
  wallClock?: () => number;
}

/** Registers the webhook routes on the bot's HTTP server. */
export function registerLarkWebhook(http: HttpServer, options: LarkWebhookOptions): void {
  const handle = (request: HttpRequest) => handleLarkRequest(request, options);
  http.route('POST', LARK_WEBHOOK_PATHS.events, handle);
  http.route('POST', LARK_WEBHOOK_PATHS.card, handle);
}

function reject(status: number, error: string): HttpResponse {
  return { status, body: { error } };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Refusals per logger: the first of each kind at warn, the rest counted (forged requests do not flood the log). */
const refusalLogs = new WeakMap<Logger, LogThrottle>();
function refusals(log: Logger): LogThrottle {
  let throttle = refusalLogs.get(log);
  if (!throttle) refusalLogs.set(log, (throttle = new LogThrottle(log)));
  return throttle;
}

/** Handles one request to a webhook path. Never waits for the event to be processed. */
export async function handleLarkRequest(request: HttpRequest, options: LarkWebhookOptions): Promise<HttpResponse> {
  const { encryptKey, verificationToken } = options;
  const log = options.log;
  const refused = refusals(log);
  let outer: unknown;
  try {
    outer = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return reject(400, 'body is not JSON');
  }
  if (typeof outer !== 'object' || outer === null) return reject(400, 'body is not a JSON object');

  // 1. Signature, over the exact bytes received.
  const signature = header(request.headers, 'x-lark-signature');
  let signed = false;
  if (encryptKey && signature !== undefined) {
    const timestamp = header(request.headers, 'x-lark-request-timestamp') ?? '';
    const nonce = header(request.headers, 'x-lark-request-nonce') ?? '';
    if (!verifyLarkSignature(signature, timestamp, nonce, encryptKey, request.rawBody)) {
      refused.warn('bad-signature', 'lark webhook: bad signature, request refused', { path: request.path });
      return reject(401, 'bad signature');
    }
    const ageSeconds = Math.abs((options.wallClock ?? Date.now)() / 1000 - Number(timestamp));
    if (!/^\d+$/.test(timestamp) || !(ageSeconds <= MAX_REQUEST_AGE_SECONDS)) {
      refused.warn('stale', 'lark webhook: signed request too old or from the future, refused (a replay, or this server\'s clock is wrong)', { path: request.path, timestamp });
      return reject(401, 'stale request');
    }
    signed = true;
  }

  // 2. Decryption.
  let payload: LarkEnvelope;
  const encrypted = (outer as { encrypt?: unknown }).encrypt;
  if (typeof encrypted === 'string') {
    if (!encryptKey) {
      log.warn('lark webhook: encrypted event but LARK_ENCRYPT_KEY is not set; copy the Encrypt Key from the console (事件与回调 → 加密策略)');
      return reject(400, 'encrypted body, no encrypt key configured');
    }
    try {
      payload = JSON.parse(decryptLarkBody(encrypted, encryptKey)) as LarkEnvelope;
    } catch {
      refused.warn('undecryptable', 'lark webhook: body could not be decrypted; check LARK_ENCRYPT_KEY', { path: request.path });
      return reject(401, 'cannot decrypt');
    }
  } else {
    payload = outer as LarkEnvelope;
  }

  // 3. URL verification (the console's "save" of the request URL): not signed, but token-checked.
  if (payload.type === 'url_verification') {
    if (verificationToken && payload.token !== verificationToken) return reject(401, 'bad verification token');
    return { status: 200, body: { challenge: payload.challenge ?? '' } };
  }
  if (encryptKey && !signed) {
    refused.warn('unsigned', 'lark webhook: unsigned request refused (LARK_ENCRYPT_KEY is set)', { path: request.path });
    return reject(401, 'missing signature');
  }

  // 4. Verification token and app id.
  const isV2 = payload.schema === '2.0';
  const token = isV2 ? payload.header?.token : payload.token;
  if (verificationToken && token !== verificationToken) {
    refused.warn('bad-token', 'lark webhook: wrong verification token, event refused', { path: request.path });
    return reject(401, 'bad verification token');
  }
  if (!isV2) {
    log.warn('lark webhook: only schema 2.0 events and the new card callback (card.action.trigger) are handled; old-style callbacks are ignored', { path: request.path });
    return { status: 200, body: {} };
  }
  if (payload.header?.app_id !== options.appId) {
    refused.warn('other-app', 'lark webhook: event for another app refused', { appId: payload.header?.app_id });
    return reject(403, 'wrong app');
  }

  // 5. Store and answer; processing happens after the answer.
  const meta = metaOf(payload.header, options.now?.() ?? new Date());
  switch (meta.eventType) {
    case 'im.message.receive_v1':
      await options.dispatch.onMessage((payload.event ?? {}) as LarkMessageEvent, meta);
      return { status: 200, body: {} };
    case 'card.action.trigger':
      return { status: 200, body: await options.dispatch.onCardAction((payload.event ?? {}) as LarkCardActionEvent, meta) };
    default:
      log.debug('lark webhook: event type not handled', { type: meta.eventType });
      return { status: 200, body: {} };
  }
}
