// Composition root: config → database → core → adapters; graceful shutdown on SIGINT/SIGTERM
// (intake stops, events in hand and sends under way finish, the database closes; exit within 10 s).
// With no platform credentials configured, it opens the local sandbox chat in the terminal.
import { parseArgs } from 'node:util';
import { parseLocalTime, SandboxChat } from './adapters/sandbox/sandbox.ts';
import { applyAdmins } from './app/apply-admins.ts';
import { createApp, type App } from './app/create-app.ts';
import { demoDatabaseUrl, describeDatabase } from './app/demo-database.ts';
import { createSandboxHost } from './app/sandbox-host.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DEMO_DATABASE_URL, resetDemoDatabase, seedDemo } from './demo/seed-demo.ts';
import { VirtualClock } from './lib/clock.ts';
import { createLogger } from './log.ts';
import { translator, type MessageKey } from './core/messages/catalog/index.ts';
import { localDateTime } from './core/rules/period.ts';
import type { SweepReport } from './schedule/scheduler.ts';

const USAGE = `Usage: npm start [-- --demo] [-- --clock 2026-11-19T16:00] [-- --org <name>]
  --demo          load a demo county health bureau (in data/demo.db unless DATABASE_URL is set;
                  \`npm run cli -- --demo <command>\` works on it)
  --clock <time>  start the sandbox's virtual clock at this local time (scripted sessions)
  --org <name>    the org the sandbox group belongs to, when there are several`;

/** What a graceful stop may take before the outbox's round is cut off, and before the process exits regardless. */
const STOP_BUDGET_MS = 7000;
const HARD_EXIT_MS = 9500;

interface StartOptions {
  demo: boolean;
  clock: VirtualClock | null;
  org?: string;
}

function readOptions(config: Config): StartOptions | number {
  let args;
  try {
    args = parseArgs({ options: { demo: { type: 'boolean' }, clock: { type: 'string' }, org: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  let clock: VirtualClock | null = null;
  if (args.values.clock) {
    const start = parseLocalTime(args.values.clock, config.ORG_TIMEZONE);
    if (!start) {
      console.error(`--clock: cannot read "${args.values.clock}"; write it like 2026-11-19T16:00 (${config.ORG_TIMEZONE} time).`);
      return 2;
    }
    clock = new VirtualClock(start);
  }
  return { demo: args.values.demo === true, clock, ...(args.values.org ? { org: args.values.org } : {}) };
}

/** Runs the sandbox chat until :quit or the end of piped input. */
async function runSandbox(app: App, config: Config, options: StartOptions): Promise<void> {
  const clock = options.clock ?? (options.demo ? new VirtualClock(new Date()) : null);
  const host = createSandboxHost(app.deps, {
    orgName: app.deps.defaults.orgName,
    locale: config.LOCALE,
    flush: async () => {
      await app.outbox.drain();
    },
  });
  await host.ensureGroup();
  const sandbox = new SandboxChat({ openPipeline: app.openPipeline, host, clock, timeZone: config.ORG_TIMEZONE, locale: config.LOCALE, echo: !process.stdin.isTTY });
  app.outbox.addPlatform(app.meter(sandbox));
  await sandbox.start();
  // PORT set: /healthz, /readyz and /metrics are served while the sandbox runs.
  if (process.env.PORT) {
    await app.listen();
    sandbox.note(`/healthz, /readyz, /metrics: http://localhost:${app.opsPort}`);
  }
  if (clock) {
    // Virtual time: jobs fall due when :clock moves the clock; each run and what it queued is printed.
    const t = translator(config.LOCALE);
    const show = (report: SweepReport) => {
      for (const entry of report.entries) {
        if (entry.outcome === 'taken') continue;
        const key = entry.outcome === 'done' ? 'sandbox.job.done' : entry.outcome === 'skipped' ? 'sandbox.job.skipped' : 'sandbox.job.failed';
        const job = t(`schedule.job.${entry.job}` as MessageKey);
        sandbox.note(t(key, { time: localDateTime(entry.dueAt, config.ORG_TIMEZONE), job, period: entry.period, queued: entry.queued, detail: entry.skip ?? entry.outcome }));
      }
    };
    clock.onMove(async (from, to) => show(await app.scheduler.runDue(from, to)));
    show(await app.scheduler.catchUp(clock.now()));
    await app.outbox.drain();
  } else {
    // Real time: the scheduler ticks every minute and the outbox worker prints as messages come.
    await app.start();
  }
  await sandbox.run();
}

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      console.error('See .env.example for every setting and its format.');
      return 1;
    }
    throw error;
  }
  const options = readOptions(config);
  if (typeof options === 'number') return options;
  const log = createLogger(config.LOG_LEVEL);

  const databaseUrl = options.demo ? demoDatabaseUrl() : config.DATABASE_URL;
  // The demo gets a fresh database of its own each time, so it never mixes with real data.
  if (databaseUrl === DEMO_DATABASE_URL) resetDemoDatabase();
  if (options.demo) {
    console.log(`Demo database: ${describeDatabase(databaseUrl)}`);
    console.log(`  the CLI reaches it with: npm run cli -- --demo <command>   (or DATABASE_URL=${databaseUrl.startsWith('file:') ? `file:${describeDatabase(databaseUrl)}` : '<the same URL>'})`);
  }
  const clock = options.clock;
  // The daily backup runs by default when the bot runs for real (BACKUP_ENABLED overrides).
  const app = await createApp(config, { log, databaseUrl, dailyBackupByDefault: !options.demo, ...(clock ? { now: () => clock.now() } : {}) });
  if (options.org) app.deps.defaults.orgName = options.org;
  for (const name of app.database.migrations.changed) log.warn('an applied migration was changed on disk since; it is not applied again', { migration: name });
  if (options.demo) {
    const { orgName, coordinator } = await seedDemo(app.deps);
    app.deps.defaults.orgName = orgName;
    app.deps.admins = [...app.deps.admins, { platform: 'sandbox', userId: coordinator }];
    await applyAdmins(app.deps);
  }

  let stopping: Promise<void> | null = null;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      // A signal is worth a line in the log; the sandbox's :quit is not.
      const note = signal.startsWith('SIG') ? log.info.bind(log) : log.debug.bind(log);
      note('shutting down', { signal });
      const started = Date.now();
      await app.stop({ budgetMs: STOP_BUDGET_MS });
      note('stopped', { ms: Date.now() - started });
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the operator does not want to wait.
      log.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    // Whatever happens, the process is gone within 10 s (systemd's default TimeoutStopSec is 90 s).
    setTimeout(() => {
      log.error('shutdown took too long; exiting', { signal });
      process.exit(1);
    }, HARD_EXIT_MS).unref();
    void stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (app.platforms.length === 0) {
    await runSandbox(app, config, options);
    await stop('end of sandbox');
    return 0;
  }
  await app.start();
  log.info('running', { platforms: app.platforms.map((p) => p.name), database: app.database.safeUrl, http: app.port || 'off', ops: app.opsPort || 'off', dailyBackup: app.dailyBackup ? `${config.BACKUP_TIME} → ${app.dailyBackup.outDir}` : 'off' });
  await new Promise(() => {}); // until a signal
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
