// Restores a backup written by createBackup: checks the manifest and every file's sha256, refuses a
// database that already holds an org unless forced, puts the database back (SQLite: the copy moved
// into place; PostgreSQL: pg_restore into the configured schema), copies the stored files back,
// then opens the database once so migrations of a newer app version are applied.
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openDatabase, parseDatabaseUrl, type Db, type DatabaseLocation } from '../db/client.ts';
import { loadMigrations } from '../db/migrate.ts';
import {
  BackupError,
  copyTree,
  COUNTED_TABLES,
  DIR_MODE,
  exists,
  FILE_MODE,
  FILES_DIR,
  quietLog,
  readManifest,
  verifyBackup,
  type BackupLog,
  type BackupManifest,
  type CountedTable,
} from './backup-common.ts';
import { pgConnection, requireTool, restoreIntoOtherSchema, runTool } from './postgres-tools.ts';

export interface RestoreOptions {
  backupDir: string;
  databaseUrl: string;
  dataDir: string;
  /** Restore over a database that already holds data. */
  force?: boolean;
  log?: BackupLog;
  /** Where to look for pg_restore and psql (default: PATH). */
  searchPath?: string;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Migrations applied after the restore (the backup came from an older version). */
  migrationsApplied: string[];
  /** Row counts of the restored database. */
  rowCounts: Record<CountedTable, number>;
  /** Stored files copied back. */
  files: number;
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? quietLog;
  const backupDir = resolve(options.backupDir);
  const manifest = await readManifest(backupDir);
  const location = parseDatabaseUrl(options.databaseUrl);
  if (manifest.provider !== location.provider)
    throw new BackupError(`the backup holds a ${manifest.provider} database and DATABASE_URL names ${location.provider}: restore it into a ${manifest.provider} database`);
  if (location.provider === 'sqlite' && location.target === ':memory:') throw new BackupError('cannot restore into an in-memory SQLite database');
  const known = new Set(loadMigrations(location.provider).map((m) => m.name));
  const unknown = manifest.migrations.filter((name) => !known.has(name));
  if (unknown.length) throw new BackupError(`the backup comes from a newer version of the app (migrations ${unknown.join(', ')} are unknown here): update the app first`);

  log.info('checking the backup files');
  await verifyBackup(backupDir, manifest);

  const tools =
    location.provider === 'postgresql'
      ? { pgRestore: requireTool('pg_restore', options.searchPath), psql: manifest.schema === location.schema ? null : requireTool('psql', options.searchPath) }
      : null;

  const orgs = await countOrgs(location);
  if (orgs > 0 && !options.force)
    throw new BackupError(`the target database already holds data (${orgs} org${orgs === 1 ? '' : 's'}); restore into an empty database, or pass --force to replace it`);

  const dump = join(backupDir, ...manifest.database.path.split('/'));
  log.info(`restoring the ${location.provider} database`);
  if (location.provider === 'sqlite') await restoreSqlite(dump, location.target);
  else if (tools) await restorePostgres(dump, manifest, location, options.databaseUrl, tools);

  log.info('copying the stored files back');
  const files = await copyTree(join(backupDir, FILES_DIR), join(resolve(options.dataDir), FILES_DIR));

  const database = await openDatabase(options.databaseUrl);
  try {
    return { manifest, migrationsApplied: database.migrations.applied, rowCounts: await countRows(database.db), files: files.length };
  } finally {
    await database.close();
  }
}

/** Orgs in the target database; 0 when it or its tables do not exist yet. */
async function countOrgs(location: DatabaseLocation): Promise<number> {
  if (location.provider === 'sqlite') {
    if (!(await exists(location.target))) return 0;
    const db = new BetterSqlite3(location.target, { fileMustExist: true, timeout: 10_000 });
    try {
      if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Org'").get()) return 0;
      return (db.prepare('SELECT COUNT(*) AS n FROM "Org"').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location.target });
  await client.connect();
  try {
    const table = `"${location.schema}"."Org"`;
    if ((await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [table])).rows[0]?.t == null) return 0;
    return Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Moves the backup copy into place. The bot must not be running. Stale -wal/-shm files belong to
 * the database being replaced and would be replayed into the restored one, so they go first.
 */
async function restoreSqlite(dump: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true, mode: DIR_MODE });
  const tmp = `${target}.restore-${randomBytes(4).toString('hex')}`;
  try {
    await copyFile(dump, tmp);
    await chmod(tmp, FILE_MODE);
    for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${target}${suffix}`, { force: true });
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * pg_restore into the configured schema (created when missing). A dump of another schema name is
 * moved into it on the way (pg_restore's SQL, rewritten, run by psql in one transaction).
 */
async function restorePostgres(dump: string, manifest: BackupManifest, location: DatabaseLocation, url: string, tools: { pgRestore: string; psql: string | null }): Promise<void> {
  const client = new pg.Client({ connectionString: location.target });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${location.schema}"`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const connection = pgConnection(url);
  const source = manifest.schema ?? 'public';
  if (source === location.schema || !tools.psql) {
    await runTool(
      tools.pgRestore,
      ['--clean', '--if-exists', '--no-owner', '--exit-on-error', '--single-transaction', `--schema=${location.schema}`, `--dbname=${connection.url}`, dump],
      connection.env,
    );
  } else {
    await restoreIntoOtherSchema({ pgRestore: tools.pgRestore, psql: tools.psql, dumpFile: dump, fromSchema: source, toSchema: location.schema, connection });
  }
}

async function countRows(db: Db): Promise<Record<CountedTable, number>> {
  const counters: Record<CountedTable, () => Promise<number>> = {
    Org: () => db.org.count(),
    Project: () => db.project.count(),
    Report: () => db.report.count(),
    ReportRevision: () => db.reportRevision.count(),
    Problem: () => db.problem.count(),
    InboundEvent: () => db.inboundEvent.count(),
    Outbox: () => db.outbox.count(),
    AuditLog: () => db.auditLog.count(),
  };
  const counts = {} as Record<CountedTable, number>;
  for (const table of COUNTED_TABLES) counts[table] = await counters[table]();
  return counts;
}
