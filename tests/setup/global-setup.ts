// Runs once before all test files: finds out whether the PostgreSQL test server is reachable and
// migrates one template database per provider for the run, which tests/support/db.ts copies for
// each test instead of migrating again. In CI the PostgreSQL server must be reachable (a missing
// server fails the run); elsewhere its tests skip with a message.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { parseDatabaseUrl } from '../../src/db/client.ts';
import { applyMigrations } from '../../src/db/migrate.ts';

export const DEFAULT_PG_TEST_URL = 'postgresql://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the PostgreSQL test server, or "" when none is reachable. */
    pgUrl: string;
    /** Path of this run's migrated SQLite template file. */
    sqliteTemplate: string;
    /** This run's migrated PostgreSQL template schema on the test server ("" when none is reachable). */
    pgTemplateSchema: string;
    /** Prefix of every PostgreSQL schema this run creates; the teardown drops whatever is left. */
    pgRunPrefix: string;
  }
}

/** Schemas of one run share a prefix unique to the run, so concurrent runs never touch each other's. */
function runPrefix(): string {
  return `t${randomBytes(4).toString('hex')}_`;
}

async function reachablePg(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    const why = `PostgreSQL test server not reachable at ${url}: ${(error as Error).message}`;
    if (process.env.CI) throw new Error(`${why}. CI runs the PostgreSQL tests: start the server or set PG_TEST_URL.`);
    console.warn(`\n⚠ ${why}\n  PostgreSQL tests are skipped. Set PG_TEST_URL to run them.\n`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops every schema whose name starts with the prefix (this run's template and leftovers). */
async function dropRunSchemas(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`,
      [prefix],
    );
    for (const { name } of rows) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const templateDir = mkdtempSync(join(tmpdir(), 'progress-template-'));
  const sqliteTemplate = join(templateDir, 'template.db');
  // The runner closes the file when done, so the template has no WAL beside it and copies whole.
  await applyMigrations(parseDatabaseUrl(`file:${sqliteTemplate}`));
  project.provide('sqliteTemplate', sqliteTemplate);

  const url = process.env.PG_TEST_URL || DEFAULT_PG_TEST_URL;
  const prefix = runPrefix();
  const pgUp = await reachablePg(url);
  project.provide('pgUrl', pgUp ? url : '');
  project.provide('pgRunPrefix', prefix);
  project.provide('pgTemplateSchema', '');
  if (pgUp) {
    const schema = `${prefix}template`;
    await applyMigrations(parseDatabaseUrl(`${url}${url.includes('?') ? '&' : '?'}schema=${schema}`));
    project.provide('pgTemplateSchema', schema);
  }

  return async () => {
    rmSync(templateDir, { recursive: true, force: true });
    if (pgUp) await dropRunSchemas(url, prefix);
  };
}
