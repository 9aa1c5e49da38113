// Backups of the database and the stored files, taken while the bot runs.
//
// A backup is a directory <outDir>/backup-<YYYYMMDD-HHmmss>/ (UTC) holding
//   database.sqlite   SQLite: a consistent copy from the online backup API (safe under WAL)
//   database.pgdump   PostgreSQL: pg_dump -Fc of the configured schema
//   files/            a copy of <dataDir>/files/ (content-addressed, immutable)
//   manifest.json     provider, migrations, row counts, every file's size and sha256, app version
// It is written under a hidden temporary name and renamed when complete, so a directory named
// backup-* with a manifest is always a whole backup. Everything is owner-only (0700 / 0600).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl, type DatabaseLocation } from '../db/client.ts';
import {
  appVersion,
  BACKUP_PREFIX,
  BackupError,
  copyTree,
  COUNTED_TABLES,
  describeFile,
  DIR_MODE,
  exists,
  FILE_MODE,
  FILES_DIR,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  POSTGRES_DUMP,
  quietLog,
  SQLITE_DUMP,
  type BackupLog,
  type BackupManifest,
  type CountedTable,
} from './backup-common.ts';
import { pgConnection, requireTool, runTool } from './postgres-tools.ts';

export { BackupError, type BackupLog, type BackupManifest, type FileEntry } from './backup-common.ts';
export { restoreBackup, type RestoreOptions, type RestoreResult } from './restore.ts';

export interface BackupOptions {
  databaseUrl: string;
  /** The data directory; its files/ subdirectory is backed up. */
  dataDir: string;
  /** Where backup-<stamp>/ directories are written. */
  outDir: string;
  now: Date;
  log?: BackupLog;
  /** Where to look for pg_dump (default: PATH). */
  searchPath?: string;
}

/** The result of a backup: its manifest and the directory it was written to. */
export type CreatedBackup = BackupManifest & { dir: string };

/** `backup-20261122-020000` for 2026-11-22T02:00:00Z. */
export function backupName(now: Date): string {
  const iso = now.toISOString(); // 2026-11-22T02:00:00.000Z
  return `${BACKUP_PREFIX}${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

interface DatabaseSnapshot {
  migrations: string[];
  rowCounts: Partial<Record<CountedTable, number>>;
}

/** Writes a complete backup directory and returns its manifest. */
export async function createBackup(options: BackupOptions): Promise<CreatedBackup> {
  const log = options.log ?? quietLog;
  const location = parseDatabaseUrl(options.databaseUrl);
  if (location.provider === 'sqlite' && location.target === ':memory:') throw new BackupError('an in-memory SQLite database cannot be backed up');
  const outDir = resolve(options.outDir);
  const name = backupName(options.now);
  const finalDir = join(outDir, name);
  if (await exists(finalDir)) throw new BackupError(`${finalDir} already exists: one backup per second at most`);
  // Fail before writing anything when pg_dump is missing.
  const pgDump = location.provider === 'postgresql' ? requireTool('pg_dump', options.searchPath) : null;

  await mkdir(outDir, { recursive: true, mode: DIR_MODE });
  const tmpDir = join(outDir, `.${name}.partial-${randomBytes(4).toString('hex')}`);
  await mkdir(tmpDir, { mode: DIR_MODE });
  try {
    const dumpName = location.provider === 'sqlite' ? SQLITE_DUMP : POSTGRES_DUMP;
    const dumpPath = join(tmpDir, dumpName);
    log.info(`backing up the ${location.provider} database`);
    const snapshot = pgDump ? await dumpPostgres(location, options.databaseUrl, pgDump, dumpPath) : await copySqlite(location.target, dumpPath);
    await chmod(dumpPath, FILE_MODE);

    log.info('copying the stored files');
    const files = await copyTree(join(resolve(options.dataDir), FILES_DIR), join(tmpDir, FILES_DIR));

    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_VERSION,
      createdAt: options.now.toISOString(),
      appVersion: await appVersion(),
      provider: location.provider,
      schema: location.provider === 'postgresql' ? location.schema : null,
      database: await describeFile(dumpPath, dumpName),
      migrations: snapshot.migrations,
      rowCounts: snapshot.rowCounts,
      files,
    };
    await writeFile(join(tmpDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: FILE_MODE });
    await rename(tmpDir, finalDir);
    log.info(`backup written to ${finalDir}`);
    return { ...manifest, dir: finalDir };
  } catch (error) {
    await rm(tmpDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Copies a live SQLite database with the online backup API (consistent under WAL while the bot
 * writes), turns the copy into a single self-contained file, and reads migrations and counts from
 * the copy itself, so the manifest describes exactly what was saved.
 */
async function copySqlite(path: string, dest: string): Promise<DatabaseSnapshot> {
  if (!(await exists(path))) throw new BackupError(`the SQLite database ${path} does not exist`);
  const source = new BetterSqlite3(path, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    // All pages in one step: a step that meets a concurrent write restarts, so small steps could chase a busy writer forever.
    await source.backup(dest, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const copy = new BetterSqlite3(dest, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`the copy of ${path} fails SQLite's integrity check: ${String(integrity)}`);
    const hasTable = (table: string) => Boolean(copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table));
    const migrations = hasTable('_prisma_migrations')
      ? (copy.prepare('SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL ORDER BY migration_name').all() as { migration_name: string }[]).map((r) => r.migration_name)
      : [];
    const rowCounts: Partial<Record<CountedTable, number>> = {};
    for (const table of COUNTED_TABLES) {
      if (hasTable(table)) rowCounts[table] = (copy.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    }
    return { migrations, rowCounts };
  } finally {
    copy.close();
  }
}

/**
 * Dumps the configured schema with pg_dump. Migrations and counts are read in a repeatable-read
 * transaction whose snapshot pg_dump imports (--snapshot), so they describe exactly the dump.
 */
async function dumpPostgres(location: DatabaseLocation, url: string, pgDump: string, dest: string): Promise<DatabaseSnapshot> {
  const client = new pg.Client({ connectionString: location.target });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshotId = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]?.id;
    if (!snapshotId) throw new BackupError('PostgreSQL did not export a snapshot');
    const schema = `"${location.schema}"`;
    const hasTable = async (table: string) => (await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${schema}."${table}"`])).rows[0]?.t != null;
    if (!(await hasTable('Org'))) throw new BackupError(`schema ${location.schema} holds no bot tables: check DATABASE_URL's ?schema=`);
    const migrations = (await hasTable('_prisma_migrations'))
      ? (await client.query<{ migration_name: string }>(`SELECT migration_name FROM ${schema}."_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL ORDER BY migration_name`)).rows.map((r) => r.migration_name)
      : [];
    const rowCounts: Partial<Record<CountedTable, number>> = {};
    for (const table of COUNTED_TABLES) {
      if (await hasTable(table)) rowCounts[table] = Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema}."${table}"`)).rows[0]?.n ?? 0);
    }
    const connection = pgConnection(url);
    // The schema pattern is quoted so that upper-case names keep their case.
    await runTool(pgDump, ['--format=custom', '--no-owner', `--schema="${location.schema}"`, `--snapshot=${snapshotId}`, `--file=${dest}`, `--dbname=${connection.url}`], connection.env);
    await client.query('COMMIT');
    return { migrations, rowCounts };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Deletes all but the newest `keep` complete backups in `outDir` (directories named backup-* that
 * hold a manifest; anything else is left alone). Returns the names deleted.
 */
export async function retainBackups(outDir: string, keep: number): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1) throw new BackupError(`keep must be a whole number of at least 1 (got ${keep})`);
  const dir = resolve(outDir);
  if (!(await exists(dir))) return [];
  const complete: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith(BACKUP_PREFIX) && (await exists(join(dir, entry.name, MANIFEST_FILE)))) complete.push(entry.name);
  }
  // The names carry a sortable UTC time stamp: newest last.
  const doomed = complete.sort().slice(0, Math.max(0, complete.length - keep));
  for (const name of doomed) await rm(join(dir, name), { recursive: true, force: true });
  return doomed;
}
