import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactUrl } from '../../src/db/client.ts';
import { applyMigrations, loadMigrations } from '../../src/db/migrate.ts';
import { pgTestUrl } from '../support/db.ts';

describe('migrations', () => {
  it('ships the same migrations for both providers', () => {
    const names = (provider: 'sqlite' | 'postgresql') => loadMigrations(provider).map((m) => m.name);
    expect(names('sqlite').length).toBeGreaterThan(0);
    expect(names('postgresql')).toEqual(names('sqlite'));
  });

  it('applies once on SQLite and records them like Prisma does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-'));
    const location = parseDatabaseUrl(`file:${join(dir, 'm.db')}`);
    const first = await applyMigrations(location);
    const second = await applyMigrations(location);
    expect(first.applied).toEqual(loadMigrations('sqlite').map((m) => m.name));
    expect(second.applied).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads database URLs', () => {
    expect(parseDatabaseUrl('file:./data/x.db', '/srv')).toMatchObject({ provider: 'sqlite', target: '/srv/data/x.db' });
    expect(parseDatabaseUrl('postgresql://u:p@h:5432/db?schema=s1')).toMatchObject({ provider: 'postgresql', schema: 's1', target: 'postgresql://u:p@h:5432/db' });
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(/file: .* postgresql/);
    expect(() => parseDatabaseUrl('postgresql://h/db?schema=a;drop')).toThrow(/identifier/);
    expect(redactUrl('postgresql://user:secret@host/db')).toBe('postgresql://user:***@host/db');
  });
});

describe.skipIf(!pgTestUrl())('migrations on PostgreSQL', () => {
  const schema = `m_${Date.now().toString(36)}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: pgTestUrl() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('applies each migration once when several instances start together (advisory lock)', async () => {
    const location = parseDatabaseUrl(`${pgTestUrl()}?schema=${schema}`);
    const runs = await Promise.all([applyMigrations(location), applyMigrations(location), applyMigrations(location)]);
    const applied = runs.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual(loadMigrations('postgresql').map((m) => m.name).sort());
    const client = new pg.Client({ connectionString: pgTestUrl() });
    await client.connect();
    const rows = await client.query(`SELECT count(*)::int AS n FROM "${schema}"."_prisma_migrations"`);
    await client.end();
    expect(rows.rows[0].n).toBe(loadMigrations('postgresql').length);
  });
});
