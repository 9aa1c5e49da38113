// A thin layer over the two drivers for the filing path's hand-written SQL: statements are written
// once with `?` placeholders, prepared once and cached (better-sqlite3 statement objects; named
// statements on each pg connection), and values are written as Prisma writes them, so a row written
// here reads the same through Prisma and the other way round.
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

/** A value bound to a placeholder. Dates, booleans and bigints are encoded per driver. */
export type SqlValue = string | number | bigint | boolean | Date | null;

/** One statement of a transaction; `expect` makes a different number of changed rows a write conflict. */
export interface Step {
  sql: string;
  params: SqlValue[];
  expect?: number;
}

/** A conditional write found the row changed by someone else: the caller's work is retried from the start. */
export class WriteConflictError extends Error {
  readonly code = 'WriteConflict';
  constructor(what: string) {
    super(`write conflict: ${what} was changed concurrently`);
    this.name = 'WriteConflictError';
  }
}

export interface SqlDriver {
  readonly provider: 'sqlite' | 'postgresql';
  /** A table name, quoted (and schema-qualified on PostgreSQL). */
  table(name: string): string;
  all(sql: string, params: SqlValue[]): Promise<Record<string, unknown>[]>;
  /** Runs a write; returns the rows changed. */
  run(sql: string, params: SqlValue[]): Promise<number>;
  /** Runs the steps in one transaction, in order; returns each step's changed rows. */
  transaction(steps: Step[]): Promise<number[]>;
}

/** Prisma's text form of an instant in SQLite. */
const sqliteInstant = (date: Date) => date.toISOString().replace('Z', '+00:00');

/** Serializes whole transactions on one SQLite connection (shared with Prisma's interactive transactions). */
export class AsyncLock {
  #tail: Promise<void> = Promise.resolve();
  /** Resolves with the release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return ready;
  }
}

/**
 * better-sqlite3, on the connection Prisma's adapter uses (one connection: a second one would wait
 * synchronously on the first's lock and stop the process). A transaction runs synchronously between
 * BEGIN IMMEDIATE and COMMIT, so nothing else runs on the connection meanwhile; `lock` keeps it out of
 * a Prisma interactive transaction, which awaits between its statements.
 */
export function sqliteDriver(connection: BetterSqlite3.Database, lock: AsyncLock): SqlDriver {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  const encode = (params: SqlValue[]) => params.map((v) => (v instanceof Date ? sqliteInstant(v) : typeof v === 'boolean' ? (v ? 1 : 0) : v));
  const begin = connection.prepare('BEGIN IMMEDIATE');
  const commit = connection.prepare('COMMIT');
  const rollback = connection.prepare('ROLLBACK');
  return {
    provider: 'sqlite',
    table: (name) => `"${name}"`,
    all: async (sql, params) => prepare(sql).all(...encode(params)) as Record<string, unknown>[],
    run: async (sql, params) => prepare(sql).run(...encode(params)).changes,
    async transaction(steps) {
      const release = await lock.acquire();
      try {
        const prepared = steps.map((step) => ({ step, statement: prepare(step.sql), params: encode(step.params) }));
        begin.run();
        try {
          const changes = prepared.map(({ step, statement, params }) => {
            const changed = statement.run(...params).changes;
            if (step.expect !== undefined && changed !== step.expect) throw new WriteConflictError(step.sql.slice(0, 40));
            return changed;
          });
          commit.run();
          return changes;
        } catch (error) {
          if (connection.inTransaction) rollback.run();
          throw error;
        }
      } finally {
        release();
      }
    },
  };
}

const TIMESTAMP = 1114;
const INT8 = 20;
/** Instants as Prisma writes them (UTC wall time in timestamp(3)); int8 as bigint. */
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMP) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
    if (oid === INT8) return (text: string) => BigInt(text);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** `?` → `$1 …`, and a stable statement name, once per SQL text. */
function pgStatement(cache: Map<string, { name: string; text: string }>, sql: string) {
  let found = cache.get(sql);
  if (!found) {
    let n = 0;
    found = { name: `fs_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    cache.set(sql, found);
  }
  return found;
}

/** pg, on the pool Prisma's adapter shares; each statement is prepared once per connection by name. */
export function postgresDriver(pool: pg.Pool, schema: string): SqlDriver {
  const cache = new Map<string, { name: string; text: string }>();
  const encode = (params: SqlValue[]) => params.map((v) => (v instanceof Date ? v.toISOString().replace('Z', '') : typeof v === 'bigint' ? v.toString() : v));
  const query = (client: pg.Pool | pg.PoolClient, sql: string, params: SqlValue[]) => {
    const { name, text } = pgStatement(cache, sql);
    return client.query({ name, text, values: encode(params), types: pgTypes });
  };
  return {
    provider: 'postgresql',
    table: (name) => `"${schema}"."${name}"`,
    all: async (sql, params) => (await query(pool, sql, params)).rows as Record<string, unknown>[],
    run: async (sql, params) => (await query(pool, sql, params)).rowCount ?? 0,
    async transaction(steps) {
      const client = await pool.connect();
      /** Set when the connection may be broken (ROLLBACK failed): the pool drops it instead of reusing it. */
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const changes: number[] = [];
        for (const step of steps) {
          const changed = (await query(client, step.sql, step.params)).rowCount ?? 0;
          if (step.expect !== undefined && changed !== step.expect) throw new WriteConflictError(step.sql.slice(0, 40));
          changes.push(changed);
        }
        await client.query('COMMIT');
        return changes;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
