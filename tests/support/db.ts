// Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL schema on the test server,
// each migrated with the app's own runner. Nothing is shared between test files.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { openDatabase, type Database, type Provider } from '../../src/db/client.ts';

export interface TestDatabase extends Database {
  url: string;
  /** Closes the client and removes the file or schema. */
  destroy(): Promise<void>;
}

/** The PostgreSQL test server's URL, or "" when it is not reachable (see tests/setup/global-setup.ts). */
export function pgTestUrl(): string {
  return inject('pgUrl');
}

/** A fresh, migrated database of the given provider. */
export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'progress-test-'));
    const url = `file:${join(dir, 'test.db')}`;
    const database = await openDatabase(url);
    return { ...database, url, destroy: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const base = pgTestUrl();
  if (!base) throw new Error('PostgreSQL test server not reachable');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
  const database = await openDatabase(url);
  return {
    ...database,
    url,
    destroy: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
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
