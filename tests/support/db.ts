// Real databases for tests: a copy of the run's migrated template (tests/setup/global-setup.ts),
// as a new SQLite file or a new PostgreSQL schema on the test server. Copying instead of running
// the migrations for every test is what keeps database-heavy files fast. Nothing is shared
// between tests: each copy has its own unique name and is removed by `destroy`.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { openDatabase, type Database, type Provider } from '../../src/db/client.ts';
import { loadMigrations } from '../../src/db/migrate.ts';

export interface TestDatabase extends Database {
  url: string;
  /** Closes the client and removes the file or schema. */
  destroy(): Promise<void>;
}

/** The PostgreSQL test server's URL, or "" when it is not reachable (see tests/setup/global-setup.ts). */
export function pgTestUrl(): string {
  return inject('pgUrl');
}

function withSchema(base: string, schema: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
}

/** A copy of the run's migrated SQLite template in a directory of its own. */
function copySqliteTemplate(): { dir: string; url: string } {
  const template = inject('sqliteTemplate');
  if (!template || !existsSync(template)) throw new Error(`SQLite template database missing (${template || 'not provided'}): run tests through vitest.config.ts, whose globalSetup migrates it`);
  const dir = mkdtempSync(join(tmpdir(), 'progress-test-'));
  const path = join(dir, 'test.db');
  copyFileSync(template, path);
  return { dir, url: `file:${path}` };
}

let pgCloneScript: string | undefined;

/**
 * One transaction that builds a schema equal to the run's template: the migration scripts (as the
 * runner applied them to the template) and the template's migration records. Measured against
 * `CREATE DATABASE … TEMPLATE` and against migrating with the runner, this was the fastest
 * (see tests/support/db.test.ts for the proof that copy and template match).
 */
function cloneScript(template: string): string {
  pgCloneScript ??= loadMigrations('postgresql').map((m) => `${m.sql}\n;`).join('\n');
  return pgCloneScript + `\nCREATE TABLE "_prisma_migrations" (LIKE "${template}"."_prisma_migrations" INCLUDING ALL);\nINSERT INTO "_prisma_migrations" SELECT * FROM "${template}"."_prisma_migrations";`;
}

/** A new schema on the PostgreSQL test server, copied from the run's migrated template schema. */
async function clonePgTemplate(base: string): Promise<string> {
  const template = inject('pgTemplateSchema');
  if (!template) throw new Error('PostgreSQL template schema missing: run tests through vitest.config.ts, whose globalSetup migrates it');
  const schema = `${inject('pgRunPrefix')}${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    // A throwaway schema needs no durable commit; skipping the flush saves a disk wait per test.
    await client.query(`BEGIN; SET LOCAL synchronous_commit TO off; CREATE SCHEMA "${schema}"; SET LOCAL search_path TO "${schema}";\n${cloneScript(template)}\nCOMMIT;`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`could not copy PostgreSQL template schema ${template}: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end();
  }
  return schema;
}

async function dropPgSchema(base: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`SET synchronous_commit TO off; DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of the given provider (a copy of the run's template). */
export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const { dir, url } = copySqliteTemplate();
    const database = await openDatabase(url, { migrate: false });
    return { ...database, url, destroy: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const base = pgTestUrl();
  if (!base) throw new Error('PostgreSQL test server not reachable');
  const schema = await clonePgTemplate(base);
  const url = withSchema(base, schema);
  const database = await openDatabase(url, { migrate: false });
  return {
    ...database,
    url,
    destroy: async () => {
      await database.close();
      await dropPgSchema(base, schema);
    },
  };
}

/** The providers to run integration suites on: SQLite always, PostgreSQL when reachable. */
export function testProviders(): Provider[] {
  return pgTestUrl() ? ['sqlite', 'postgresql'] : ['sqlite'];
}

/**
 * Declares a suite once per provider. Where PostgreSQL is not reachable its suite is declared
 * skipped, so the run says so instead of passing silently.
 */
export function describeEachProvider(name: string, body: (provider: Provider) => void): void {
  for (const provider of ['sqlite', 'postgresql'] as const) {
    const run = provider === 'sqlite' || pgTestUrl() ? describe : describe.skip;
    run(`${name} [${provider}]`, () => body(provider));
  }
}
