// Builds the running app from a config: database, core, outbox worker, HTTP server and the
// platform adapters the config enables. main.ts and the end-to-end tests both use it, so tests
// exercise the real wiring.
import type { Config } from '../config.ts';
import type { CoreDeps, Logger } from '../core/context.ts';
import { createInboundPipeline, type DeliverReplies, type InboundPipeline, type PipelineAdapter } from '../core/inbound/pipeline.ts';
import type { ChatPlatform } from '../core/platform.ts';
import type { Database } from '../db/client.ts';
import { OutboxWorker } from '../delivery/outbox-worker.ts';
import { createHttpServer, type HttpServer } from '../http/server.ts';
import { createLogger } from '../log.ts';
import { Scheduler } from '../schedule/scheduler.ts';
import { llmSettingsFrom } from '../llm/client.ts';
import { JOB_HANDLERS } from './job-handlers.ts';
import { createPorts } from './ports.ts';
import { applyAdmins } from './apply-admins.ts';
import { createReplyDelivery } from './deliver-replies.ts';
import { openDatabaseWithRetry } from './open-database.ts';

export interface App {
  config: Config;
  database: Database;
  deps: CoreDeps;
  /** Opens an inbound pipeline over a platform adapter's parts (adapters and the sandbox call it). */
  openPipeline: (adapter: PipelineAdapter) => InboundPipeline;
  outbox: OutboxWorker;
  scheduler: Scheduler;
  http: HttpServer;
  /** Enabled chat platforms (not the sandbox, which main.ts adds when none is). */
  platforms: ChatPlatform[];
  deliver: DeliverReplies;
  /** The port the HTTP server listens on, once started (0 when it has no routes). */
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOptions {
  now?: () => Date;
  log?: Logger;
  /** Extra platforms (the sandbox) that share the outbox. */
  extraPlatforms?: ChatPlatform[];
  /** Poll interval of the outbox worker. */
  outboxPollMs?: number;
  databaseUrl?: string;
}

/** Something started with the app and stopped with it, in reverse order. */
interface Lifecycle {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const database = await openDatabaseWithRetry(options.databaseUrl ?? config.DATABASE_URL, log);
  const deps: CoreDeps = {
    db: database.db,
    now: options.now ?? (() => new Date()),
    admins: config.ADMINS,
    defaults: { timeZone: config.ORG_TIMEZONE, locale: config.LOCALE, ...(config.ORG_NAME ? { orgName: config.ORG_NAME } : {}) },
    log,
    ports: createPorts({ dataDir: config.DATA_DIR, llm: llmSettingsFrom(config) }),
  };
  await applyAdmins(deps);
  const http = createHttpServer(log);
  const platforms: ChatPlatform[] = [];
  const lifecycles: Lifecycle[] = [];
  const outboxPlatforms: ChatPlatform[] = [...(options.extraPlatforms ?? [])];
  const outbox = new OutboxWorker({ db: database.db, platforms: outboxPlatforms, log, now: deps.now, pollMs: options.outboxPollMs });
  const deliver = createReplyDelivery(deps, outbox);
  const openPipeline = (adapter: PipelineAdapter) => createInboundPipeline({ deps, deliver }, adapter);
  const scheduler = new Scheduler({ deps, handlers: JOB_HANDLERS, onQueued: () => outbox.poke() });

  // === Platform adapters (each enabled by its credentials)
  // ADAPTER_WIRING (adapters register themselves below: push to platforms and lifecycles)
  if (config.LARK_APP_ID) {
    // Loaded only when enabled (the SDK is large).
    const { createLarkAdapter } = await import('../adapters/lark/index.ts');
    const lark = createLarkAdapter({ config, openPipeline, http, log });
    platforms.push(lark.platform);
    lifecycles.push(lark);
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramAdapter } = await import('../adapters/telegram/index.ts');
    const telegram = createTelegramAdapter({ config, openPipeline, http, log });
    platforms.push(telegram.platform);
    lifecycles.push(telegram);
  }

  // The worker copies its platform list when built, so adapters created above are added to it here.
  for (const platform of platforms) outbox.addPlatform(platform);
  const app: App = {
    config,
    database,
    deps,
    openPipeline,
    outbox,
    scheduler,
    http,
    platforms,
    deliver,
    port: 0,
    async start(startOptions: { scheduler?: boolean } = {}) {
      if (http.hasRoutes || platforms.length > 0) app.port = await http.listen(config.PORT, config.HOST);
      for (const lifecycle of lifecycles) await lifecycle.start();
      outbox.start();
      if (startOptions.scheduler !== false) await scheduler.start();
    },
    async stop() {
      await scheduler.stop();
      await outbox.stop();
      for (const lifecycle of [...lifecycles].reverse()) await lifecycle.stop().catch((error: unknown) => log.error('stop failed', { error: String(error) }));
      await http.close();
      await database.close();
    },
  };
  return app;
}
