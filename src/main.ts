// Composition root: config → database → core → adapters; clean shutdown on SIGINT/SIGTERM.
// With no platform credentials configured, it opens the local sandbox chat in the terminal.
import { parseArgs } from 'node:util';
import { SandboxChat } from './adapters/sandbox/sandbox.ts';
import { applyAdmins } from './app/apply-admins.ts';
import { openDatabaseWithRetry } from './app/open-database.ts';
import { createSandboxHost } from './app/sandbox-host.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { CoreDeps } from './core/context.ts';
import { createInboundHandler } from './core/inbound/inbound-handler.ts';
import { VirtualClock, systemClock } from './lib/clock.ts';
import { parseLocalTime } from './adapters/sandbox/sandbox.ts';
import { createLogger } from './log.ts';
import { DEMO_DATABASE_URL, resetDemoDatabase, seedDemo } from './demo/seed-demo.ts';

const USAGE = `Usage: npm start [-- --demo] [-- --clock 2026-11-19T16:00] [-- --org <name>]
  --demo          load a demo county health bureau (in data/demo.db unless DATABASE_URL is set)
  --clock <time>  start the sandbox's virtual clock at this local time (scripted sessions)
  --org <name>    the org the sandbox group belongs to, when there are several`;

async function main(): Promise<number> {
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
  let config;
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
  const log = createLogger(config.LOG_LEVEL);
  const demo = args.values.demo === true;
  const databaseUrl = demo && !process.env.DATABASE_URL ? DEMO_DATABASE_URL : config.DATABASE_URL;
  // The demo gets a fresh database of its own each time, so it never mixes with real data.
  if (databaseUrl === DEMO_DATABASE_URL) resetDemoDatabase();

  let clock: VirtualClock | null = null;
  if (args.values.clock) {
    const start = parseLocalTime(args.values.clock, config.ORG_TIMEZONE);
    if (!start) {
      console.error(`--clock: cannot read "${args.values.clock}"; write it like 2026-11-19T16:00 (${config.ORG_TIMEZONE} time).`);
      return 2;
    }
    clock = new VirtualClock(start);
  }

  const database = await openDatabaseWithRetry(databaseUrl, log);
  if (database.migrations.applied.length) log.info('migrations applied', { applied: database.migrations.applied });
  for (const name of database.migrations.changed) log.warn('an applied migration was changed on disk since; it is not applied again', { migration: name });

  const now = clock ? () => clock.now() : systemClock.now;
  const orgName = args.values.org ?? config.ORG_NAME;
  const deps: CoreDeps = {
    db: database.db,
    now,
    admins: config.ADMINS,
    defaults: { timeZone: config.ORG_TIMEZONE, locale: config.LOCALE, ...(orgName ? { orgName } : {}) },
    log,
  };
  if (demo) {
    const { orgName: demoOrg, coordinator } = await seedDemo(deps);
    deps.defaults.orgName = demoOrg;
    if (!deps.admins.some((a) => a.platform === 'sandbox' && a.userId === coordinator)) deps.admins = [...deps.admins, { platform: 'sandbox', userId: coordinator }];
  }
  await applyAdmins(deps);

  const handler = createInboundHandler(deps);
  const sandboxClock = clock ?? (demo ? new VirtualClock(new Date()) : null);
  const host = createSandboxHost(deps, { orgName: deps.defaults.orgName, locale: config.LOCALE, flush: async () => {} });
  await host.ensureGroup();
  const sandbox = new SandboxChat({
    handler,
    host,
    clock: sandboxClock,
    timeZone: config.ORG_TIMEZONE,
    locale: config.LOCALE,
    echo: !process.stdin.isTTY,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await sandbox.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await sandbox.start();
  await sandbox.run();
  await database.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
