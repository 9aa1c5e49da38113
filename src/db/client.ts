// Opens the database named by DATABASE_URL: an embedded SQLite file (default) or PostgreSQL.
// Both go through Prisma's driver adapters (no native engine). Migrations are applied first.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.ts';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { applyMigrations, type MigrationReport } from './migrate.ts';
import { redactUrl } from './redact-url.ts';

/**
 * The Prisma client the app uses. Both providers' clients are generated from one model
 * definition and have the same API for everything this project calls; the SQLite client's type
 * stands for both.
 */
export type Db = SqliteClient;

/** A Prisma transaction client (the `tx` of `db.$transaction(async (tx) => …)`). */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export type Provider = 'sqlite' | 'postgresql';

export interface Database {
  db: Db;
  provider: Provider;
  /** The URL without its password, for logs. */
  safeUrl: string;
  migrations: MigrationReport;
  close(): Promise<void>;
}

export interface DatabaseLocation {
  provider: Provider;
  /** SQLite: absolute file path. PostgreSQL: the connection string without ?schema. */
  target: string;
  /** PostgreSQL schema (from ?schema=…), default "public". */
  schema: string;
}

/** Works out the provider and target from a DATABASE_URL. Throws a readable Error if it is neither. */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseLocation {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/\?.*$/, '');
    if (!path) throw new Error('DATABASE_URL "file:" needs a path, e.g. file:./data/progress.db');
    return { provider: 'sqlite', target: path === ':memory:' ? path : resolve(cwd, path), schema: 'main' };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? 'public';
    parsed.searchParams.delete('schema');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`DATABASE_URL schema "${schema}" is not a plain SQL identifier`);
    return { provider: 'postgresql', target: parsed.toString(), schema };
  }
  throw new Error('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
}

export { redactUrl };

/**
 * Creates the SQLite file empty and private (0600; a new folder 0700) before SQLite does, so that
 * nobody else on the machine can read it; SQLite gives its -wal and -shm files the same mode. An
 * existing file is left as it is.
 */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Opens the database, applies pending migrations and returns the client. */
export async function openDatabase(url: string, options: { migrate?: boolean } = {}): Promise<Database> {
  const location = parseDatabaseUrl(url);
  if (location.provider === 'sqlite' && location.target !== ':memory:') createPrivateFile(location.target);
  const migrations = options.migrate === false ? { applied: [], changed: [] } : await applyMigrations(location);
  const safeUrl = redactUrl(url);

  if (location.provider === 'sqlite') {
    const adapter = new PrismaBetterSQLite3({ url: location.target, timeout: 10_000 });
    const db = new SqliteClient({ adapter });
    // WAL is set once by the migration runner and kept in the file; these are per connection.
    await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    return { db, provider: 'sqlite', safeUrl, migrations, close: () => db.$disconnect() };
  }

  const adapter = new PrismaPg({ connectionString: location.target, max: 10 }, { schema: location.schema });
  const db = new PostgresClient({ adapter }) as unknown as Db;
  return { db, provider: 'postgresql', safeUrl, migrations, close: () => db.$disconnect() };
}
