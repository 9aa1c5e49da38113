// Applies prisma/migrations/<provider>/*/migration.sql in order, each in a transaction, recorded
// in a table compatible with Prisma's _prisma_migrations. On PostgreSQL the whole run holds an
// advisory lock, so several instances can start at once. We run this ourselves because Prisma's
// `migrate deploy` cannot read a live PostgreSQL through the driver adapter.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseLocation, Provider } from './client.ts';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  /** Migrations applied by this run. */
  applied: string[];
  /** Applied earlier but changed on disk since: worth a warning, never re-applied. */
  changed: string[];
}

const migrationsRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'migrations');

/** An arbitrary constant that names this app's migration lock among PostgreSQL advisory locks. */
const ADVISORY_LOCK_KEY = 7_726_114_031;

/** The migrations shipped for a provider, oldest first. */
export function loadMigrations(provider: Provider, root = migrationsRoot): Migration[] {
  const dir = join(root, provider);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Applies every migration not yet recorded in the database. */
export async function applyMigrations(location: DatabaseLocation, migrations = loadMigrations(location.provider)): Promise<MigrationReport> {
  return location.provider === 'sqlite' ? applySqlite(location.target, migrations) : applyPostgres(location, migrations);
}

function compare(migrations: Migration[], recorded: Map<string, string>): { todo: Migration[]; changed: string[] } {
  const todo = migrations.filter((m) => !recorded.has(m.name));
  const changed = migrations.filter((m) => recorded.has(m.name) && recorded.get(m.name) !== m.checksum).map((m) => m.name);
  return { todo, changed };
}

function applySqlite(path: string, migrations: Migration[]): MigrationReport {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    // Table redefinitions in Prisma's SQLite scripts need foreign keys off (a no-op inside a
    // transaction), so they are off for the run and checked before each commit.
    db.pragma('foreign_keys = OFF');
    const applied: string[] = [];
    const recordedNow = () =>
      new Map(
        (db.prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL').all() as { migration_name: string; checksum: string }[]).map(
          (r) => [r.migration_name, r.checksum],
        ),
      );
    const { changed } = compare(migrations, recordedNow());
    for (const migration of migrations) {
      // BEGIN IMMEDIATE takes the write lock, so two processes starting together apply each migration once.
      db.exec('BEGIN IMMEDIATE');
      try {
        if (recordedNow().has(migration.name)) {
          db.exec('COMMIT');
          continue;
        }
        db.exec(migration.sql);
        const violations = db.prepare('PRAGMA foreign_key_check').all();
        if (violations.length > 0) throw new Error(`migration ${migration.name} leaves ${violations.length} foreign-key violations`);
        db.prepare(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)',
        ).run(randomUUID(), migration.checksum, migration.name);
        db.exec('COMMIT');
        applied.push(migration.name);
      } catch (error) {
        db.exec('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return { applied, changed };
  } finally {
    db.close();
  }
}

async function applyPostgres(location: DatabaseLocation, migrations: Migration[]): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: location.target });
  await client.connect();
  const schema = `"${location.schema}"`;
  try {
    await client.query(`SELECT pg_advisory_lock(${ADVISORY_LOCK_KEY})`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const rows = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const { todo, changed } = compare(migrations, new Map(rows.rows.map((r) => [r.migration_name, r.checksum])));
    const applied: string[] = [];
    for (const migration of todo) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)',
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
        applied.push(migration.name);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return { applied, changed };
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_KEY})`).catch(() => undefined);
    await client.end();
  }
}
