// Admin commands for coordinators and operators: `npm run cli -- <command> …`.
import { cleanText } from '../core/rules/clean-text.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { existsSync } from 'node:fs';
import { demoDatabaseUrl, describeDatabase } from '../app/demo-database.ts';
import { openDatabaseWithRetry } from '../app/open-database.ts';
import { createLogger } from '../log.ts';
import { createPorts } from '../app/ports.ts';
import { llmSettingsFrom } from '../llm/client.ts';
import { backupCliCommand, restoreCliCommand } from './backup.ts';
import { digestCliCommand } from './digest.ts';
import { eventsCliCommand } from './events.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { settingsCliCommand } from './settings.ts';

/** Every line the CLI prints: stored names and texts never carry control or bidi characters to the terminal. */
const print = (line: string): void => console.log(cleanText(line));

const USAGE = `Usage: npm run cli -- [--demo] <command> [options]

  --demo                                     work on the demo's database (the one \`npm start -- --demo\` uses)

Commands:
  import <file> [--dry-run] [--org <name>]   import or update the project list (CSV or XLSX)
  export [--week 2026-W47 | --month 2026-11] [--out <file>] [--csv] [--org <name>] [--projects]
                                             the progress ledger (进度台账) as XLSX or CSV
  digest [--week 2026-W47] [--send] [--org <name>]
                                             each leader's digest and the group standings (--send queues them)
  settings [--org <name>] [set <key> <value> | reset <key>]
                                             show or change the schedule and rules (as /settings in chat)
  migrate                                    apply database migrations (start-up does this too)
  backup [--out <dir>] [--keep <n>]          back up the database and stored files (safe while the bot runs;
                                             default <DATA_DIR>/backups; --keep: delete all but the newest n)
  restore <backup-dir> [--force]             restore a backup (stop the bot first; --force replaces existing data)
  events --failed | --retry <id|all>         list the inbound events that failed, or have the bot process them again
  help                                       this text`;

async function main(args: string[]): Promise<number> {
  const demo = args[0] === '--demo';
  const [command, ...rest] = demo ? args.slice(1) : args;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const databaseUrl = demo ? demoDatabaseUrl() : config.DATABASE_URL;
  if (demo && databaseUrl.startsWith('file:') && !existsSync(describeDatabase(databaseUrl))) {
    console.error(`There is no demo database yet (${describeDatabase(databaseUrl)}): start the demo first with \`npm start -- --demo\`.`);
    return 1;
  }
  // backup and restore open the database themselves (restore replaces it, so nothing may hold it open).
  const backupDeps = { databaseUrl, dataDir: config.DATA_DIR, out: print, now: () => new Date() };
  switch (command) {
    case 'backup':
      return backupCliCommand(rest, backupDeps);
    case 'restore':
      return restoreCliCommand(rest, backupDeps);
  }
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const database = await openDatabaseWithRetry(databaseUrl, log, { attempts: 3 });
  const ports = createPorts({ dataDir: config.DATA_DIR, llm: llmSettingsFrom(config) });
  try {
    switch (command) {
      case 'migrate':
        console.log(database.migrations.applied.length ? `Applied: ${database.migrations.applied.join(', ')}` : 'The database is up to date.');
        return 0;
      case 'digest':
        return await digestCliCommand(rest, { db: database.db, out: print, locale: config.LOCALE, now: () => new Date(), ports });
      case 'export':
        return await exportCommand(rest, { db: database.db, out: print, locale: config.LOCALE, now: () => new Date(), ports });
      case 'settings':
        return await settingsCliCommand(rest, {
          db: database.db,
          now: () => new Date(),
          admins: [],
          defaults: { timeZone: config.ORG_TIMEZONE, locale: config.LOCALE },
          log,
          ports,
          out: print,
          locale: config.LOCALE,
        });
      case 'events':
        return await eventsCliCommand(rest, { db: database.db, out: print });
      case 'import':
        return await importCommand(rest, { db: database.db, ports, out: print, locale: config.LOCALE, timeZone: config.ORG_TIMEZONE, ...(config.ORG_NAME ? { orgName: config.ORG_NAME } : {}) });
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
