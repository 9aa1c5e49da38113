// Opens the database named by DATABASE_URL: an embedded SQLite file (default) or PostgreSQL.
// Both go through Prisma's driver adapters (no native engine). Migrations are applied first.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.ts';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import pg from 'pg';
import type BetterSqlite3 from 'better-sqlite3';
import { applyMigrations, type MigrationReport } from './migrate.ts';
import { attachFilingStore, createFilingStore } from './filing-store/filing-store.ts';
import { AsyncLock, postgresDriver, sqliteDriver } from './filing-store/sql-driver.ts';
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
  /** SQL statements run on this client so far, Prisma's and the filing path's (BEGIN and COMMIT included). */
  statementsRun(): number;
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

  let statements = 0;
  const statementsRun = () => statements;

  if (location.provider === 'sqlite') {
    const adapter = new SharedSqliteAdapter(new PrismaBetterSQLite3({ url: location.target, timeout: 10_000, verbose: () => void (statements += 1) }));
    const db = new SqliteClient({ adapter });
    // WAL is set once by the migration runner and kept in the file; these are per connection.
    await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    attachFilingStore(db, createFilingStore(sqliteDriver(adapter.connection(), adapter.lock)));
    return { db, provider: 'sqlite', safeUrl, migrations, statementsRun, close: () => db.$disconnect() };
  }

  // One pool for Prisma and the filing path's own statements.
  const pool = new pg.Pool({ connectionString: location.target, max: 10 });
  pool.on('connect', (client) => countQueries(client, () => void (statements += 1)));
  const adapter = new PrismaPg(pool, { schema: location.schema, disposeExternalPool: true });
  const db = new PostgresClient({ adapter }) as unknown as Db;
  attachFilingStore(db, createFilingStore(postgresDriver(pool, location.schema)));
  return { db, provider: 'postgresql', safeUrl, migrations, statementsRun, close: () => db.$disconnect() };
}

/** Counts every query a pooled pg connection runs. */
function countQueries(client: pg.PoolClient, count: () => void): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    count();
    return query(...args);
  };
}

type SqliteFactory = InstanceType<typeof PrismaBetterSQLite3>;
type SqliteAdapter = Awaited<ReturnType<SqliteFactory['connect']>>;

/**
 * Prisma's better-sqlite3 adapter, with its connection shared with the filing path: an interactive
 * transaction takes `lock` first, so the filing path's transactions (which take it too) never run
 * inside one. The connection is opened at once, so the filing path has it before Prisma's first query.
 */
class SharedSqliteAdapter {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  readonly lock = new AsyncLock();
  #inner: SqliteFactory;
  #adapter: Promise<SqliteAdapter>;
  #connection: BetterSqlite3.Database | null = null;

  constructor(inner: SqliteFactory) {
    this.#inner = inner;
    this.adapterName = inner.adapterName;
    this.#adapter = inner.connect().then((adapter) => {
      this.#connection = (adapter as unknown as { client: BetterSqlite3.Database }).client;
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        const release = await this.lock.acquire();
        try {
          const tx = await start(isolationLevel);
          const commit = tx.commit.bind(tx);
          const rollback = tx.rollback.bind(tx);
          tx.commit = async () => {
            try {
              await commit();
            } finally {
              release();
            }
          };
          tx.rollback = async () => {
            try {
              await rollback();
            } finally {
              release();
            }
          };
          return tx;
        } catch (error) {
          release();
          throw error;
        }
      };
      return adapter;
    });
  }

  connect(): Promise<SqliteAdapter> {
    return this.#adapter;
  }

  connectToShadowDb(): Promise<SqliteAdapter> {
    return this.#inner.connectToShadowDb();
  }

  /** The better-sqlite3 connection (opened by the constructor; read after the first await). */
  connection(): BetterSqlite3.Database {
    if (!this.#connection) throw new Error('the SQLite connection is not open yet');
    return this.#connection;
  }
}
