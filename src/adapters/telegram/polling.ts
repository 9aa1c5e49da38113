// Long polling with @grammyjs/runner, updates of one chat handled in order (sequentialize).
//
// What the runner guarantees, read from its source (@grammyjs/runner 2.0.3, runner.js
// createUpdateFetcher): it sets `offset = last update_id + 1` as soon as a getUpdates call returns,
// and the next getUpdates (issued at once, while the batch is still being handled by the concurrent
// sink) carries that offset, which is what confirms the batch to Telegram. So the runner does NOT
// wait for an update's middleware before confirming it: recording inside the middleware would leave
// a window in which a crash loses a confirmed, unrecorded update.
//
// Therefore the recording happens in an API transformer on getUpdates itself: the runner receives a
// batch only after every update in it is stored (or found to be a duplicate). If storing fails, the
// transformer throws, the runner retries getUpdates with the old offset, and the batch is fetched
// again. The guarantee: an update is confirmed only after it is recorded. Processing happens
// afterwards, in the middleware; a crash between the two leaves the event "received", and the next
// start processes it (the pipeline's resume). A duplicate delivery is recorded once and processed once.
import { sequentialize, run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../core/context.ts';
import type { InboundPipeline } from '../../core/inbound/pipeline.ts';
import { translator } from '../../core/messages/catalog/index.ts';
import type { Locale } from '../../core/model.ts';
import type { Incoming } from '../../core/platform.ts';
import type { BotIdentity } from './decode.ts';
import { fixHint, TELEGRAM_FIX_HINTS } from './errors.ts';
import { takeUpdate } from './intake.ts';

/**
 * Updates processed at once (the runner's default is 500). The work is database-bound on one
 * thread: more at once only queues them inside the process, holding their memory, and makes every
 * answer later. Chats beyond this wait in Telegram's queue, where they cost nothing.
 */
const UPDATES_AT_ONCE = 16;

export interface PollingOptions {
  bot: Bot;
  pipeline: InboundPipeline;
  /** The bot's identity from getMe (its username for "/cmd@bot"). */
  identity: () => BotIdentity;
  log: Logger;
  /** Language of toasts when the presser's app language is unknown. */
  locale: Locale;
  /** getUpdates long-poll timeout in seconds (default 30; tests use less). */
  timeoutSeconds?: number;
}

/** The chat an update belongs to (the sequentialize constraint). */
export function chatOf(ctx: Context): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

/**
 * Installs the recording transformer and the middleware on `bot`, and returns a starter. Updates
 * accepted by the transformer wait in `accepted` until their middleware runs.
 */
export function createPolling(options: PollingOptions): { start(): RunnerHandle; stop(): Promise<void> } {
  const { bot, pipeline, log, locale } = options;
  const accepted = new Map<number, Incoming>();
  let handle: RunnerHandle | null = null;

  bot.api.config.use(async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    let response;
    try {
      response = await prev(method, payload, signal);
    } catch (error) {
      if (!signal?.aborted) log.warn('telegram: getUpdates failed; retrying', { error: String(error) });
      throw error;
    }
    if (!response.ok) {
      const hint = TELEGRAM_FIX_HINTS[response.error_code];
      log.error('telegram: getUpdates refused', { code: response.error_code, description: response.description, ...(hint ? { hint } : {}) });
      return response;
    }
    for (const update of response.result as Update[]) {
      if (accepted.has(update.update_id)) continue; // fetched again after a failed store: already accepted
      const outcome = await takeUpdate(pipeline, update, options.identity(), new Date());
      if (outcome.kind === 'new') accepted.set(update.update_id, outcome.incoming);
    }
    return response;
  });

  // Button presses are answered first, outside the per-chat queue, so the spinner stops at once.
  bot.on('callback_query', async (ctx, next) => {
    const fresh = accepted.has(ctx.update.update_id);
    const lang = ctx.from.language_code?.startsWith('en') ? 'en' : ctx.from.language_code?.startsWith('zh') ? 'zh-CN' : locale;
    await ctx
      .answerCallbackQuery(ctx.callbackQuery.data ? { text: translator(lang)(fresh ? 'telegram.toast.received' : 'telegram.toast.duplicate') } : {})
      .catch((error: unknown) => log.warn('telegram: answerCallbackQuery failed', { error: String(error) }));
    await next();
  });
  bot.use(sequentialize(chatOf));
  bot.use(async (ctx) => {
    const incoming = accepted.get(ctx.update.update_id);
    if (!incoming) return; // ignored, or a duplicate delivery
    accepted.delete(ctx.update.update_id);
    await pipeline.process(incoming);
  });
  bot.catch((error) => log.error('telegram middleware failed', { error: error.error instanceof Error ? (error.error.stack ?? error.error.message) : String(error.error) }));

  return {
    start() {
      handle = run(bot, { sink: { concurrency: UPDATES_AT_ONCE }, runner: { fetch: { timeout: options.timeoutSeconds ?? 30, allowed_updates: ['message', 'callback_query'] }, silent: true, retryInterval: 'exponential', maxRetryTime: Number.MAX_SAFE_INTEGER } });
      void handle.task()?.catch((error: unknown) => {
        // 401 and 409 stop the runner (nothing to retry); everything else it retries itself.
        log.error('telegram polling stopped', { error: String(error), ...(fixHint(error) ? { hint: fixHint(error) } : {}) });
      });
      return handle;
    },
    async stop() {
      if (handle?.isRunning()) await handle.stop();
      handle = null;
    },
  };
}
