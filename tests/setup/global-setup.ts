// Runs once before all test files: finds out whether the PostgreSQL test server is reachable.
// In CI it must be (a missing server fails the run); elsewhere its tests skip with a message.
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const DEFAULT_PG_TEST_URL = 'postgresql://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the PostgreSQL test server, or "" when none is reachable. */
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.PG_TEST_URL || DEFAULT_PG_TEST_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    project.provide('pgUrl', url);
  } catch (error) {
    const why = `PostgreSQL test server not reachable at ${url}: ${(error as Error).message}`;
    if (process.env.CI) throw new Error(`${why}. CI runs the PostgreSQL tests: start the server or set PG_TEST_URL.`);
    console.warn(`\n⚠ ${why}\n  PostgreSQL tests are skipped. Set PG_TEST_URL to run them.\n`);
    project.provide('pgUrl', '');
  } finally {
    await client.end().catch(() => undefined);
  }
}
