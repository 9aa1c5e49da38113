// Webhook mode (TELEGRAM_WEBHOOK_URL set): Telegram posts updates to POST /telegram/webhook on the
// bot's own HTTP server (behind an HTTPS reverse proxy). A request without the right
// X-Telegram-Bot-Api-Secret-Token gets 401 before its body is read (the first refusal is logged at
// warn, the rest counted) and changes nothing; otherwise the update is stored
// (a re-delivery is dropped), answered 200, and processed after answering. A store failure answers
// 500, so Telegram delivers the update again later.
import { timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { Logger } from '../../core/context.ts';
import type { InboundPipeline } from '../../core/inbound/pipeline.ts';
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpRequest, HttpResponse, HttpServer } from '../../http/server.ts';
import { LogThrottle } from '../../lib/log-throttle.ts';
import type { BotIdentity } from './decode.ts';
import { takeUpdate } from './intake.ts';
import { isWellFormedUpdate } from './update-shape.ts';

/** Where Telegram posts updates. */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

export interface TelegramWebhookOptions {
  pipeline: InboundPipeline;
  /** The bot's identity from getMe (its username for "/cmd@bot"). */
  identity: () => BotIdentity;
  /** Runs work after the 200 (tracked so a shutdown waits for it). */
  background: (label: string, task: () => Promise<void>) => void;
  /** TELEGRAM_WEBHOOK_SECRET, given to setWebhook as secret_token. */
  secret: string;
  log: Logger;
  /** Answers a button press (stops the client's spinner); `fresh` is false for a re-delivery. */
  answerCallback?: (callbackQueryId: string, fresh: boolean) => Promise<void>;
}

/** Constant-time comparison of the secret header. */
export function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  const value = Array.isArray(given) ? given[0] : given;
  if (value === undefined || secret === '') return false;
  const a = Buffer.from(value);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

const UNAUTHORIZED: HttpResponse = { status: 401, body: { error: 'unauthorized' } };
/** Refusals per logger: the first at warn, then counted. */
const refusalLogs = new WeakMap<Logger, LogThrottle>();

/** 401 unless the secret header is right; checked on the headers alone, before any body is read. */
export function refuseWithoutSecret(headers: IncomingHttpHeaders, options: Pick<TelegramWebhookOptions, 'secret' | 'log'>): HttpResponse | null {
  if (secretMatches(headers['x-telegram-bot-api-secret-token'], options.secret)) return null;
  let throttle = refusalLogs.get(options.log);
  if (!throttle) refusalLogs.set(options.log, (throttle = new LogThrottle(options.log)));
  throttle.warn('telegram-secret', 'telegram webhook: missing or wrong secret token, request refused (further refusals are counted at debug level)');
  return UNAUTHORIZED;
}

/** Registers the webhook route on the bot's HTTP server; the secret is checked before the body is read. */
export function registerTelegramWebhook(http: HttpServer, options: TelegramWebhookOptions): void {
  http.route('POST', TELEGRAM_WEBHOOK_PATH, (request) => handleTelegramWebhook(request, options), { guard: (headers) => refuseWithoutSecret(headers, options) });
}

/** Handles one webhook request. Never waits for the update to be processed. */
export async function handleTelegramWebhook(request: HttpRequest, options: TelegramWebhookOptions): Promise<HttpResponse> {
  const { pipeline } = options;
  const refused = refuseWithoutSecret(request.headers, options);
  if (refused) return refused;
  let update: Update;
  try {
    update = JSON.parse(request.rawBody.toString('utf8')) as Update;
  } catch {
    return { status: 400, body: { error: 'body is not JSON' } };
  }
  if (!isWellFormedUpdate(update)) return { status: 400, body: { error: 'not an update' } };
  const outcome = await takeUpdate(pipeline, update, options.identity(), new Date());
  if (outcome.kind === 'new') {
    if (update.callback_query) {
      const id = update.callback_query.id;
      options.background('callback answer', async () => options.answerCallback?.(id, true));
    }
    pipeline.submit(outcome.incoming);
  } else if (outcome.kind === 'duplicate' && update.callback_query) {
    const id = update.callback_query.id;
    options.background('callback answer', async () => options.answerCallback?.(id, false));
  }
  return { status: 200, body: {} };
}
