// Builds the running app from a config: database, core, outbox worker, HTTP server and the
// platform adapters the config enables. main.ts and the end-to-end tests both use it, so tests
// exercise the real wiring.
import type { Config } from '../config.ts';
import type { CoreDeps, Logger } from '../core/context.ts';
import { createInboundPipeline, type DeliverReplies, type InboundPipeline, type PipelineAdapter } from '../core/inbound/pipeline.ts';
import type { ChatPlatform } from '../core/platform.ts';
import type { Database } from '../db/client.ts';
import { OutboxWorker } from '../delivery/outbox-worker.ts';
import { registerOpsRoutes } from '../http/ops-routes.ts';
import { createReadiness, type Readiness, type ReadinessPlatform } from '../http/readiness.ts';
import { createHttpServer, type HttpServer } from '../http/server.ts';
import { createLogger } from '../log.ts';
import { createMetrics, type Metrics } from '../metrics/metrics.ts';
import { Scheduler } from '../schedule/scheduler.ts';
import { llmSettingsFrom } from '../llm/client.ts';
import { JOB_HANDLERS } from './job-handlers.ts';
import { createPorts } from './ports.ts';
import { applyAdmins } from './apply-admins.ts';
import { createReplyDelivery } from './deliver-replies.ts';
import { backupDirOf, createDailyBackup, type DailyBackup } from './daily-backup.ts';
import { openDatabaseWithRetry } from './open-database.ts';
import { jobRunCounter, meteredPlatform, telemetryFrom } from './telemetry.ts';

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
  /** The port /healthz, /readyz and /metrics are served on, once started (PORT, or METRICS_PORT). */
  opsPort: number;
  metrics: Metrics;
  readiness: Readiness;
  /** The daily backup, when enabled. */
  dailyBackup: DailyBackup | null;
  /** The platform as the outbox sends through it: sends timed and counted. */
  meter(platform: ChatPlatform): ChatPlatform;
  /** Starts the HTTP server(s) only (the sandbox serves /metrics and /readyz this way when PORT is set). */
  listen(): Promise<void>;
  start(options?: { scheduler?: boolean }): Promise<void>;
  /**
   * Graceful stop: webhooks answer 503, the scheduler and the platforms stop taking work, events in
   * hand are finished, sends under way finish (the outbox is given what is left of `budgetMs`,
   * default 8 s), then the servers and the database close.
   */
  stop(options?: { budgetMs?: number }): Promise<void>;
}

export interface AppOptions {
  now?: () => Date;
  log?: Logger;
  /** Extra platforms (the sandbox) that share the outbox. */
  extraPlatforms?: ChatPlatform[];
  /** Poll interval of the outbox worker. */
  outboxPollMs?: number;
  databaseUrl?: string;
  /** Whether the daily backup runs when BACKUP_ENABLED is not set (main.ts: yes, except in the demo). Default false. */
  dailyBackupByDefault?: boolean;
  /** Node's default process metrics (default true). */
  defaultMetrics?: boolean;
}

/** Something started with the app and stopped with it, in reverse order. */
interface Lifecycle {
  start(): Promise<void>;
  /** Stops, waiting at most about `timeoutMs` for work in hand. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Of a stop's budget, what is kept for the outbox's round under way and closing the servers and database. */
const RESERVED_FOR_OUTBOX_MS = 1500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const databaseUrl = options.databaseUrl ?? config.DATABASE_URL;
  const database = await openDatabaseWithRetry(databaseUrl, log);
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? true });
  const deps: CoreDeps = {
    db: database.db,
    now: options.now ?? (() => new Date()),
    admins: config.ADMINS,
    defaults: { timeZone: config.ORG_TIMEZONE, locale: config.LOCALE, ...(config.ORG_NAME ? { orgName: config.ORG_NAME } : {}) },
    log,
    ports: createPorts({ dataDir: config.DATA_DIR, llm: llmSettingsFrom(config) }),
    telemetry: telemetryFrom(metrics),
  };
  await applyAdmins(deps);
  const http = createHttpServer(log);
  // With METRICS_PORT the ops routes get a server of their own, apart from the webhooks.
  const opsHttp = config.METRICS_PORT ? createHttpServer(log) : http;
  const platforms: ChatPlatform[] = [];
  const connections: ReadinessPlatform[] = [];
  const lifecycles: Lifecycle[] = [];
  const meter = (platform: ChatPlatform) => meteredPlatform(platform, metrics);
  const outboxPlatforms: ChatPlatform[] = (options.extraPlatforms ?? []).map(meter);
  const outbox = new OutboxWorker({ db: database.db, platforms: outboxPlatforms, log, now: deps.now, pollMs: options.outboxPollMs });
  const deliver = createReplyDelivery(deps, outbox, { meter });
  // The pipelines opened, so a stop can wait for the events they are processing.
  const pipelines: InboundPipeline[] = [];
  const openPipeline = (adapter: PipelineAdapter) => {
    const pipeline = createInboundPipeline({ deps, deliver }, adapter);
    pipelines.push(pipeline);
    return pipeline;
  };
  const eventsProcessing = () => pipelines.reduce((n, p) => n + p.eventsProcessing, 0);
  const scheduler = new Scheduler({ deps, handlers: JOB_HANDLERS, onQueued: () => outbox.poke() });

  // === Platform adapters (each enabled by its credentials)
  // ADAPTER_WIRING (adapters register themselves below: push to platforms and lifecycles)
  if (config.LARK_APP_ID) {
    // Loaded only when enabled (the SDK is large).
    const { createLarkAdapter } = await import('../adapters/lark/index.ts');
    const lark = createLarkAdapter({ config, openPipeline, http, log });
    platforms.push(lark.platform);
    lifecycles.push(lark);
    connections.push({ name: lark.platform.name, isConnected: () => lark.isConnected() });
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramAdapter } = await import('../adapters/telegram/index.ts');
    const telegram = createTelegramAdapter({ config, openPipeline, http, log });
    platforms.push(telegram.platform);
    lifecycles.push(telegram);
    connections.push({ name: telegram.platform.name, isConnected: () => telegram.isConnected() });
  }

  // The worker copies its platform list when built, so adapters created above are added to it here.
  for (const platform of platforms) outbox.addPlatform(meter(platform));

  // === Health and metrics: migrations are applied by openDatabase (it throws otherwise).
  const readiness = createReadiness({ db: database.db, migrationsApplied: true, platforms: connections, now: deps.now });
  metrics.setCollector(readiness.gauges);
  metrics.countStatements(database.statementsRun);
  metrics.onScrape(jobRunCounter(database.db, metrics, () => scheduler.instanceId, { now: deps.now }));
  registerOpsRoutes(opsHttp, { readiness: () => readiness.check(), metrics, log });

  const backupEnabled = config.BACKUP_ENABLED ?? options.dailyBackupByDefault ?? false;
  const dailyBackup = backupEnabled
    ? createDailyBackup({
        databaseUrl,
        dataDir: config.DATA_DIR,
        outDir: backupDirOf(config),
        keep: config.BACKUP_KEEP,
        time: config.BACKUP_TIME,
        timeZone: config.ORG_TIMEZONE,
        log,
        now: deps.now,
        onRun: (status) => metrics.jobRun('backup', status),
      })
    : null;

  let listening = false;
  const listen = async () => {
    if (listening) return;
    listening = true;
    app.port = await http.listen(config.PORT, config.HOST);
    app.opsPort = opsHttp === http ? app.port : await opsHttp.listen(config.METRICS_PORT ?? 0, config.HOST);
  };

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
    opsPort: 0,
    metrics,
    readiness,
    dailyBackup,
    meter,
    listen,
    async start(startOptions: { scheduler?: boolean } = {}) {
      if (http.hasRoutes || platforms.length > 0 || opsHttp !== http) await listen();
      for (const lifecycle of lifecycles) await lifecycle.start();
      outbox.start();
      if (startOptions.scheduler !== false) await scheduler.start();
      await dailyBackup?.start();
    },
    async stop(stopOptions: { budgetMs?: number } = {}) {
      const began = Date.now();
      const deadline = began + (stopOptions.budgetMs ?? 8000);
      const left = () => Math.max(0, deadline - Date.now());
      const warn = (what: string) => (error: unknown) => log.error(`${what} failed while stopping`, { error: String(error) });
      const step = async (what: string, work: () => Promise<unknown>) => {
        const at = Date.now();
        await work().catch(warn(what));
        log.debug('stopped', { what, ms: Date.now() - at });
      };
      // Intake first: webhooks answer 503 (the platform delivers again later), no new job runs.
      http.setDraining(true);
      if (opsHttp !== http) opsHttp.setDraining(true);
      await step('the daily backup', async () => dailyBackup?.stop());
      await step('the scheduler', () => scheduler.stop());
      // Each adapter stops polling / its connection and finishes the events in hand (their direct replies included).
      // What is not finished in time stays 'received' and is processed after the next start.
      for (const lifecycle of [...lifecycles].reverse()) await step('a platform', () => lifecycle.stop(Math.max(500, left() - RESERVED_FOR_OUTBOX_MS)));
      let drained = true;
      await step('the events in hand', async () => {
        const wait = Math.max(0, left() - RESERVED_FOR_OUTBOX_MS);
        await Promise.all(pipelines.map((pipeline) => pipeline.idle(wait)));
        drained = eventsProcessing() === 0;
      });
      // The outbox finishes the round under way; what it cannot send in time stays queued for the next start.
      let finished = false;
      await step('the outbox', () =>
        Promise.race([
          outbox.stop().then(() => {
            finished = true;
          }),
          sleep(left()),
        ]),
      );
      if (!finished) log.warn('the outbox did not finish its round in time; what is left is sent after the next start');
      await step('the HTTP server', () => http.close());
      if (opsHttp !== http) await step('the ops HTTP server', () => opsHttp.close());
      // Closing the database under events still running would fail them: they are left to the exit
      // instead (their transactions roll back; the events stay 'received' for the next start).
      if (drained) await step('the database', () => Promise.race([database.close(), sleep(left())]));
      else log.warn('events still being processed when the time ran out; they are finished after the next start', { events: eventsProcessing() });
    },
  };
  return app;
}
