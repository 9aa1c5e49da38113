// `npm run cli -- backup` and `npm run cli -- restore`: a consistent copy of the database and the
// stored files while the bot runs, and putting one back (with the bot stopped).
import { join, resolve } from 'node:path';
import { redactUrl } from '../db/client.ts';
import { BackupError, createBackup, restoreBackup, retainBackups } from '../ops/backup.ts';

export const BACKUP_USAGE = `Usage: npm run cli -- backup [--out <dir>] [--keep <n>]
       npm run cli -- restore <backup-dir> [--force]

  backup            writes <dir>/backup-<YYYYMMDD-HHmmss>/ (UTC): the database (SQLite: an online
                    copy; PostgreSQL: pg_dump of the configured schema), the stored files and
                    manifest.json with row counts and checksums. Safe while the bot runs.
    --out <dir>     where to write (default: <DATA_DIR>/backups)
    --keep <n>      afterwards delete all but the newest n backups in <dir>
  restore           checks the backup's checksums and restores the database named by DATABASE_URL
                    and the stored files in DATA_DIR. Stop the bot first. PostgreSQL needs
                    pg_dump / pg_restore / psql (apt-get install postgresql-client).
    --force         replace a database that already holds data (default: refuse)`;

export interface BackupCliDeps {
  databaseUrl: string;
  dataDir: string;
  /** Prints one line for the operator. */
  out: (line: string) => void;
  now: () => Date;
}

type Parsed = { flags: Map<string, string | true>; positional: string[] };

/** Splits argv into --flags (with a value where `valued` says so) and positional arguments; a string is a usage error. */
function parse(argv: readonly string[], valued: readonly string[], bare: readonly string[]): Parsed | string {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (valued.includes(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      flags.set(flag, value);
    } else if (bare.includes(flag) && eq < 0) flags.set(flag, true);
    else return `unknown option ${arg}`;
  }
  return { flags, positional };
}

function usageError(deps: BackupCliDeps, message: string): number {
  deps.out(`${message}\n\n${BACKUP_USAGE}`);
  return 2;
}

async function failures(deps: BackupCliDeps, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    // A BackupError says what to do; anything else is shown as it came.
    deps.out(error instanceof BackupError ? error.message : `Failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

export async function backupCliCommand(argv: readonly string[], deps: BackupCliDeps): Promise<number> {
  const parsed = parse(argv, ['--out', '--keep'], []);
  if (typeof parsed === 'string') return usageError(deps, parsed);
  if (parsed.positional.length) return usageError(deps, `unexpected argument ${parsed.positional[0]}`);
  const keepArg = parsed.flags.get('--keep');
  const keep = typeof keepArg === 'string' ? Number(keepArg) : undefined;
  if (keep !== undefined && (!/^\d+$/.test(String(keepArg)) || keep < 1)) return usageError(deps, '--keep needs a whole number of at least 1');
  const outArg = parsed.flags.get('--out');
  const outDir = resolve(typeof outArg === 'string' ? outArg : join(deps.dataDir, 'backups'));

  return failures(deps, async () => {
    const manifest = await createBackup({ databaseUrl: deps.databaseUrl, dataDir: deps.dataDir, outDir, now: deps.now() });
    deps.out(`Backup written: ${manifest.dir}`);
    deps.out(`  ${manifest.provider}${manifest.schema ? ` (schema ${manifest.schema})` : ''}, ${manifest.migrations.length} migrations, ${manifest.files.length} stored files`);
    for (const [table, count] of Object.entries(manifest.rowCounts)) deps.out(`  ${table.padEnd(15)} ${count}`);
    if (keep !== undefined) {
      const deleted = await retainBackups(outDir, keep);
      if (deleted.length) deps.out(`Deleted ${deleted.length} older backup(s): ${deleted.join(', ')}`);
    }
    return 0;
  });
}

export async function restoreCliCommand(argv: readonly string[], deps: BackupCliDeps): Promise<number> {
  const parsed = parse(argv, [], ['--force']);
  if (typeof parsed === 'string') return usageError(deps, parsed);
  if (parsed.positional.length !== 1) return usageError(deps, 'restore needs one backup directory');
  const backupDir = resolve(parsed.positional[0] ?? '');

  return failures(deps, async () => {
    const result = await restoreBackup({ backupDir, databaseUrl: deps.databaseUrl, dataDir: deps.dataDir, force: parsed.flags.has('--force') });
    deps.out(`Restored ${backupDir} (taken ${result.manifest.createdAt}, app ${result.manifest.appVersion}) into ${redactUrl(deps.databaseUrl)}`);
    if (result.migrationsApplied.length) deps.out(`  migrations applied since: ${result.migrationsApplied.join(', ')}`);
    deps.out(`  ${result.files} stored files copied to ${join(resolve(deps.dataDir), 'files')}`);
    for (const [table, count] of Object.entries(result.rowCounts)) deps.out(`  ${table.padEnd(15)} ${count}`);
    return 0;
  });
}
