// The Telegram adapter, assembled: grammY's Bot and Api pointed at TELEGRAM_API_ROOT, the platform
// that sends, the inbound pipeline every update goes through (opened by the app with this
// adapter's parts), and the connection the config asks for (long polling by default, the webhook
// when TELEGRAM_WEBHOOK_URL is set).
import { Bot, GrammyError } from 'grammy';
import type { Config } from '../../config.ts';
import type { Logger } from '../../core/context.ts';
import type { InboundPipeline, PipelineAdapter } from '../../core/inbound/pipeline.ts';
import { translator } from '../../core/messages/catalog/index.ts';
import type { HttpServer } from '../../http/server.ts';
import { createBackgroundTasks } from '../../lib/background-tasks.ts';
import { setCommandsMenu } from './commands-menu.ts';
import { fetchTelegramFile, type BotIdentity } from './decode.ts';
import { fixHint } from './errors.ts';
import { createPolling } from './polling.ts';
import { TelegramPlatform } from './send.ts';
import { registerTelegramWebhook, TELEGRAM_WEBHOOK_PATH } from './webhook.ts';

export { TelegramPlatform } from './send.ts';
export { TELEGRAM_WEBHOOK_PATH } from './webhook.ts';

/** What the adapter needs from the app. */
export interface TelegramAdapterDeps {
  config: Config;
  /** Opens the inbound pipeline over this adapter's parts (the app's core, outbox and metrics). */
  openPipeline: (adapter: PipelineAdapter) => InboundPipeline;
  http: HttpServer;
  log: Logger;
  /** getUpdates long-poll timeout in seconds (default 30). */
  pollTimeoutSeconds?: number;
}

/** The running adapter: the platform the outbox sends through, and its lifecycle. */
export interface TelegramAdapter {
  platform: TelegramPlatform;
  pipeline: InboundPipeline;
  /** The bot's identity once getMe answered. */
  readonly botInfo: BotIdentity;
  /**
   * Learns the bot's username (getMe), sets the command menu, processes updates left over from the
   * last run, then starts polling (deleting any webhook) or sets the webhook. Throws on a wrong token.
   */
  start(): Promise<void>;
  /** Stops polling and waits (up to `timeoutMs`, default 10 s) for updates being processed. The webhook stays set. */
  stop(timeoutMs?: number): Promise<void>;
  /** Polling: whether the runner is fetching updates. Webhook mode: whether start() finished. */
  isConnected(): boolean;
}

/** Builds the adapter; in webhook mode its route is registered on `http` right away. */
export function createTelegramAdapter(deps: TelegramAdapterDeps): TelegramAdapter {
  const { config, http, log } = deps;
  const token = config.TELEGRAM_BOT_TOKEN ?? '';
  const apiRoot = config.TELEGRAM_API_ROOT.replace(/\/+$/, '');
  // getUpdates holds a request up to its timeout; the client's own timeout must be longer.
  const bot = new Bot(token, { client: { apiRoot, timeoutSeconds: (deps.pollTimeoutSeconds ?? 30) + 30 } });
  const platform = new TelegramPlatform({ api: bot.api, log, locale: config.LOCALE, maxPerSecond: config.TELEGRAM_MAX_PER_SECOND, requestTimeoutMs: config.TELEGRAM_SEND_TIMEOUT_SECONDS * 1000 });
  let identity: BotIdentity = {};
  const files = { getFile: (fileId: string) => bot.api.getFile(fileId), apiRoot, token };
  const pipeline = deps.openPipeline({
    platform,
    fetchFile: (file) => fetchTelegramFile(file.ref, files),
    botUsername: () => identity.username,
  });
  const tasks = createBackgroundTasks(log, 'telegram');
  const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
  const answerCallback = async (id: string, fresh: boolean) => {
    await bot.api
      .answerCallbackQuery(id, { text: translator(config.LOCALE)(fresh ? 'telegram.toast.received' : 'telegram.toast.duplicate') })
      .catch((error: unknown) => log.warn('telegram: answerCallbackQuery failed', { error: String(error) }));
  };
  if (webhookUrl) {
    registerTelegramWebhook(http, { pipeline, identity: () => identity, background: (label, task) => void tasks.run(label, task), secret: config.TELEGRAM_WEBHOOK_SECRET ?? '', log, answerCallback });
  }
  const polling = webhookUrl
    ? null
    : createPolling({ bot, pipeline, identity: () => identity, log, locale: config.LOCALE, ...(deps.pollTimeoutSeconds !== undefined ? { timeoutSeconds: deps.pollTimeoutSeconds } : {}) });

  let runner: ReturnType<NonNullable<typeof polling>['start']> | null = null;
  let started = false;

  async function learnIdentity(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await bot.init();
        identity = { id: bot.botInfo.id, username: bot.botInfo.username };
        log.info('telegram bot ready', { username: bot.botInfo.username, id: bot.botInfo.id, mode: webhookUrl ? 'webhook' : 'polling', privacyMode: !bot.botInfo.can_read_all_group_messages });
        return;
      } catch (error) {
        const hint = fixHint(error);
        if (error instanceof GrammyError && error.error_code === 401) {
          log.error('telegram: getMe refused the token', { error: error.description, hint });
          throw error;
        }
        const waitMs = Math.min(1000 * 2 ** attempt, 30_000);
        log.warn('telegram: getMe failed; retrying', { error: String(error), retryInMs: waitMs });
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  return {
    platform,
    pipeline,
    get botInfo() {
      return identity;
    },
    async start() {
      await learnIdentity();
      await setCommandsMenu(bot.api, { locale: config.LOCALE, log });
      pipeline.resume();
      if (webhookUrl) {
        const url = webhookUrl;
        await bot.api.setWebhook(url, { secret_token: config.TELEGRAM_WEBHOOK_SECRET ?? '', allowed_updates: ['message', 'callback_query'] }).catch((error: unknown) => {
          log.error('telegram: setWebhook failed; updates will not arrive until it succeeds', { url, error: String(error), path: TELEGRAM_WEBHOOK_PATH });
        });
      } else {
        // A webhook left set would make every getUpdates fail with 409; pending updates are kept.
        await bot.api.deleteWebhook({ drop_pending_updates: false }).catch((error: unknown) => log.warn('telegram: deleteWebhook failed', { error: String(error) }));
        runner = polling?.start() ?? null;
      }
      started = true;
    },
    isConnected() {
      return started && (polling ? runner?.isRunning() === true : true);
    },
    async stop(timeoutMs = 10_000) {
      started = false;
      const deadline = Date.now() + timeoutMs;
      // The runner waits for the updates it handed out; past the deadline they are left 'received' for the next start.
      await Promise.race([polling?.stop(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      await pipeline.close(Math.max(0, deadline - Date.now()));
      await tasks.idle(Math.min(2_000, Math.max(0, deadline - Date.now())));
    },
  };
}
