// The Feishu/Lark adapter, assembled: the SDK client, the platform that sends, the inbound pipeline
// every event goes through (opened by the app with this adapter's parts: sending, file fetching,
// contact lookup), and the connection the config asks for (long connection or webhook).
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Config } from '../../config.ts';
import type { Logger } from '../../core/context.ts';
import type { InboundPipeline, PipelineAdapter } from '../../core/inbound/pipeline.ts';
import type { HttpServer } from '../../http/server.ts';
import { ContactDirectory } from './contacts.ts';
import { createLarkDispatch, type LarkDispatch } from './dispatch.ts';
import { fetchLarkFile } from './files.ts';
import { createLarkClient, larkDomain } from './client.ts';
import { checkBody, toLarkApiError } from './errors.ts';
import { LarkPlatform } from './send.ts';
import { registerLarkWebhook } from './webhook.ts';
import { createLarkEventDispatcher, LarkLongConnection } from './ws.ts';

export { createLarkClient, larkDomain } from './client.ts';
export { LarkPlatform } from './send.ts';
export { LARK_WEBHOOK_PATHS } from './webhook.ts';

/** What the adapter needs from the app. */
export interface LarkAdapterDeps {
  config: Config;
  /** Opens the inbound pipeline over this adapter's parts (the app's core, outbox and metrics). */
  openPipeline: (adapter: PipelineAdapter) => InboundPipeline;
  http: HttpServer;
  log: Logger;
}

/** The running adapter: the platform the outbox sends through, and its lifecycle. */
export interface LarkAdapter {
  platform: LarkPlatform;
  pipeline: InboundPipeline;
  /** The decoded-event path shared by both modes (tests and diagnostics). */
  dispatch: LarkDispatch;
  /** The dispatcher the long connection delivers to (ws mode), or null in webhook mode. */
  eventDispatcher: lark.EventDispatcher | null;
  /** Learns the bot's identity, opens the long connection (ws mode) and processes events left over. */
  start(): Promise<void>;
  /** Closes the connection and waits (up to `timeoutMs`, default 10 s) for events being processed. */
  stop(timeoutMs?: number): Promise<void>;
  /** Long connection: whether it is up. Webhook mode: whether start() finished. */
  isConnected(): boolean;
}

/** Builds the adapter; in webhook mode its routes are registered on `http` right away. */
export function createLarkAdapter(deps: LarkAdapterDeps): LarkAdapter {
  const { config, http, log } = deps;
  const appId = config.LARK_APP_ID ?? '';
  const appSecret = config.LARK_APP_SECRET ?? '';
  const domain = larkDomain(config.LARK_DOMAIN);
  const client = createLarkClient({ appId, appSecret, domain: config.LARK_DOMAIN, log });
  const platform = new LarkPlatform({ client, log, locale: config.LOCALE });
  const contacts = new ContactDirectory({ client, log });
  let botOpenId: string | undefined;
  const pipeline = deps.openPipeline({ platform, fetchFile: (file) => fetchLarkFile(client, file), enrich: (incoming) => contacts.enrich(incoming) });
  const dispatch = createLarkDispatch({ pipeline, platform, log, locale: config.LOCALE, botOpenId: () => botOpenId });

  const eventDispatcher = config.LARK_MODE === 'ws' ? createLarkEventDispatcher(dispatch, { log }) : null;
  const connection = eventDispatcher ? new LarkLongConnection({ appId, appSecret, domain, dispatcher: eventDispatcher, log }) : null;
  if (config.LARK_MODE === 'webhook') {
    registerLarkWebhook(http, {
      dispatch,
      appId,
      log,
      ...(config.LARK_ENCRYPT_KEY ? { encryptKey: config.LARK_ENCRYPT_KEY } : {}),
      ...(config.LARK_VERIFICATION_TOKEN ? { verificationToken: config.LARK_VERIFICATION_TOKEN } : {}),
    });
  }

  let started = false;

  async function learnBotIdentity(): Promise<void> {
    try {
      const body = checkBody('bot.v3.info', await client.request<{ code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' }));
      botOpenId = body.bot?.open_id;
      log.info('lark bot ready', { name: body.bot?.app_name, openId: botOpenId, mode: config.LARK_MODE });
    } catch (error) {
      log.warn('lark: could not read the bot’s identity; a mention at the start of a message is taken as addressing the bot', { error: toLarkApiError('bot.v3.info', error).message });
    }
  }

  return {
    platform,
    pipeline,
    dispatch,
    eventDispatcher,
    async start() {
      await Promise.race([learnBotIdentity(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      if (connection) await connection.start();
      pipeline.resume();
      started = true;
    },
    isConnected() {
      return started && (connection ? connection.isConnected() : true);
    },
    async stop(timeoutMs = 10_000) {
      started = false;
      const deadline = Date.now() + timeoutMs;
      if (connection) await connection.stop();
      await pipeline.close(Math.max(0, deadline - Date.now()));
      await dispatch.idle(Math.min(2_000, Math.max(0, deadline - Date.now())));
    },
  };
}
