// Webhook mode (TELEGRAM_WEBHOOK_URL set): Telegram posts updates to POST /telegram/webhook on the
// bot's own HTTP server (behind an HTTPS reverse proxy). A request without the right
// X-Telegram-Bot-Api-Secret-Token gets 401 and changes nothing; otherwise the update is stored
// (a re-delivery is dropped), answered 200, and processed after answering. A store failure answers
// 500, so Telegram delivers the update again later.
import { timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { Logger } from '../../core/context.ts';
import type { InboundPipeline } from '../../core/inbound/pipeline.ts';
import type { HttpRequest, HttpResponse, HttpServer } from '../../http/server.ts';
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

/** Registers the webhook route on the bot's HTTP server. */
export function registerTelegramWebhook(http: HttpServer, options: TelegramWebhookOptions): void {
  http.route('POST', TELEGRAM_WEBHOOK_PATH, (request) => handleTelegramWebhook(request, options));
}

/** Handles one webhook request. Never waits for the update to be processed. */
export async function handleTelegramWebhook(request: HttpRequest, options: TelegramWebhookOptions): Promise<HttpResponse> {
  const { pipeline, log } = options;
  if (!secretMatches(request.headers['x-telegram-bot-api-secret-token'], options.secret)) {
    log.warn('telegram webhook: missing or wrong secret token, request refused');
    return { status: 401, body: { error: 'unauthorized' } };
  }
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
