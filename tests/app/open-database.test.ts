// An unreachable database at start-up: a clear message and retries with backoff, not a crash loop.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabaseWithRetry } from '../../src/app/open-database.ts';
import type { Logger } from '../../src/core/context.ts';
import { pgTestUrl } from '../support/db.ts';

function recordingLogger(lines: string[]): Logger {
  const add = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error') };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('opening the database at start-up', () => {
  it('retries an unreachable PostgreSQL with backoff, then fails with a clear message and no password', async () => {
    const url = `postgresql://bot:s3cret@127.0.0.1:${await closedPort()}/progress`;
    const lines: string[] = [];
    const started = Date.now();
    const error = await openDatabaseWithRetry(url, recordingLogger(lines), { attempts: 3, firstDelayMs: 50 }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Cannot open the database at postgresql:\/\/bot:\*\*\*@127\.0\.0\.1:\d+\/progress: .*\(ECONNREFUSED\)$/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error Database not reachable at postgresql:\/\/bot:\*\*\*@.*Retrying in 0 s \(attempt 1\)\.$/);
    expect(lines.join('\n')).not.toContain('s3cret');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150); // 50 ms, then 100 ms
  });

  it('does not retry what waiting cannot fix', async () => {
    const lines: string[] = [];
    const error = await openDatabaseWithRetry('file:/etc/hostname/progress.db', recordingLogger(lines), { attempts: 5, firstDelayMs: 10 }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/^Cannot open the database at file:\/etc\/hostname\/progress\.db: .*mkdir '\/etc\/hostname'/);
    expect(lines).toEqual([]);
  });
});

const pgRun = pgTestUrl() ? describe : describe.skip;
pgRun('a PostgreSQL database that does not exist yet (fresh server)', () => {
  it('is created, migrated and opened, with a warning saying so', { timeout: 120_000 }, async () => {
    const name = `progress_fresh_${randomBytes(4).toString('hex')}`;
    const url = new URL(pgTestUrl());
    url.pathname = `/${name}`;
    url.search = '';
    const lines: string[] = [];
    const admin = new pg.Client({ connectionString: pgTestUrl() });
    await admin.connect();
    try {
      const database = await openDatabaseWithRetry(url.toString(), recordingLogger(lines), { attempts: 1 });
      try {
        expect(await database.db.org.count()).toBe(0);
        expect(database.migrations.applied.length).toBeGreaterThan(0);
      } finally {
        await database.close();
      }
      expect(lines).toEqual([`warn Created the PostgreSQL database "${name}" (it did not exist).`]);
      // Opened again: it exists now, nothing to create.
      const again = await openDatabaseWithRetry(url.toString(), recordingLogger(lines), { attempts: 1 });
      await again.close();
      expect(lines).toHaveLength(1);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
