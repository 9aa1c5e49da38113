// The per-test databases are copies of the run's migrated template: migrated, equal to the
// template, isolated from each other and removed by destroy.
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterEach, expect, inject, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/client.ts';
import { loadMigrations } from '../../src/db/migrate.ts';
import { createTestDatabase, describeEachProvider, pgTestUrl, type TestDatabase } from './db.ts';

/** Every column of every table in a PostgreSQL schema, as comparable rows. */
async function pgColumns(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: pgTestUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ col: string }>(
      `SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || coalesce(column_default, '') AS col
         FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, column_name`,
      [schema],
    );
    return rows.map((r) => r.col);
  } finally {
    await client.end();
  }
}

async function pgIndexes(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: pgTestUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ def: string }>(`SELECT replace(indexdef, $1, 'S') AS def FROM pg_indexes WHERE schemaname = $2 ORDER BY indexname`, [`"${schema}".`, schema]);
    return rows.map((r) => r.def.replace(`${schema}.`, 'S.'));
  } finally {
    await client.end();
  }
}

async function pgSchemaExists(schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgTestUrl() });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describeEachProvider('test databases', (provider) => {
  const open: TestDatabase[] = [];
  const create = async () => {
    const database = await createTestDatabase(provider);
    open.push(database);
    return database;
  };
  afterEach(async () => {
    for (const database of open.splice(0)) await database.destroy();
  });

  it('hands out a copy that has every migration applied', async () => {
    const { db, url } = await create();
    // Raw SQL does not follow the adapter's schema option, so the table is named with its schema.
    const table = provider === 'sqlite' ? '"_prisma_migrations"' : `"${parseDatabaseUrl(url).schema}"."_prisma_migrations"`;
    const recorded = await db.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM ${table} ORDER BY migration_name`);
    expect(recorded.map((r) => r.migration_name)).toEqual(loadMigrations(provider).map((m) => m.name));
    const org = await db.org.create({ data: { name: '测试县', timeZone: 'Asia/Shanghai' } });
    expect(await db.org.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({ name: '测试县' });
  });

  it('keeps copies apart: a write in one is not seen in another', async () => {
    const a = await create();
    const b = await create();
    expect(a.url).not.toBe(b.url);
    await a.db.org.create({ data: { name: '甲县', timeZone: 'Asia/Shanghai' } });
    expect(await a.db.org.count()).toBe(1);
    expect(await b.db.org.count()).toBe(0);
    await b.db.org.create({ data: { name: '乙县', timeZone: 'Asia/Shanghai' } });
    expect((await a.db.org.findMany()).map((o) => o.name)).toEqual(['甲县']);
  });

  it('starts every copy empty, whatever earlier copies wrote', async () => {
    const first = await create();
    await first.db.org.create({ data: { name: '甲县', timeZone: 'Asia/Shanghai' } });
    const second = await create();
    expect(await second.db.org.count()).toBe(0);
  });

  it('removes the copy on destroy', async () => {
    const database = await createTestDatabase(provider);
    const location = parseDatabaseUrl(database.url);
    await database.destroy();
    if (provider === 'sqlite') expect(existsSync(location.target)).toBe(false);
    else expect(await pgSchemaExists(location.schema)).toBe(false);
  });

  if (provider === 'postgresql') {
    it('copies the template schema exactly: same columns and indexes', async () => {
      const copy = await create();
      const template = inject('pgTemplateSchema');
      const schema = parseDatabaseUrl(copy.url).schema;
      expect(schema.startsWith(inject('pgRunPrefix'))).toBe(true);
      const templateColumns = await pgColumns(template);
      expect(templateColumns.length).toBeGreaterThan(50);
      expect(await pgColumns(schema)).toEqual(templateColumns);
      expect(await pgIndexes(schema)).toEqual(await pgIndexes(template));
    });
  }
});
