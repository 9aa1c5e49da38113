// Backup and restore on both databases: a backup taken while reports are being written restores
// into a fresh database with exactly the rows of the moment the manifest describes, and the week's
// ledger reads the same; a non-empty target, a changed file and retention behave; the CLI's exit codes.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { backupCliCommand, restoreCliCommand } from '../../src/cli/backup.ts';
import { buildWeekLedger } from '../../src/core/ledger/build-week-ledger.ts';
import { ledgerSheet } from '../../src/core/ledger/ledger-table.ts';
import { translator } from '../../src/core/messages/catalog/index.ts';
import { readOrgSettings } from '../../src/core/settings.ts';
import { openDatabase, type Db, type Provider } from '../../src/db/client.ts';
import { BackupError, createBackup, restoreBackup, retainBackups, type CreatedBackup } from '../../src/ops/backup.ts';
import { findExecutable } from '../../src/ops/postgres-tools.ts';
import { buildLedgerWorld, EXPORT_AT } from '../core/ledger/ledger-fixture.ts';
import { testPorts } from '../support/ports.ts';
import { createTestDatabase, describeEachProvider, pgTestUrl, type TestDatabase } from '../support/db.ts';
import { waitFor } from '../support/wait.ts';
import type { World } from '../support/world.ts';

const PG_TOOLS = ['pg_dump', 'pg_restore', 'psql'];
const TABLES = ['org', 'project', 'report', 'reportRevision', 'problem'] as const;

/** A database URL nobody uses yet: a new SQLite file, or a new PostgreSQL schema. Dropped by `cleanup`. */
function freshTarget(provider: Provider, dir: string): { url: string; cleanup: () => Promise<void> } {
  if (provider === 'sqlite') return { url: `file:${join(dir, `restored-${randomBytes(3).toString('hex')}`, 'progress.db')}`, cleanup: async () => {} };
  const base = pgTestUrl();
  const schema = `r_${randomBytes(6).toString('hex')}`;
  return {
    url: `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** Every row of the compared tables, by id. */
async function snapshotRows(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await (db[table] as unknown as { findMany(args: object): Promise<unknown[]> }).findMany({ orderBy: { id: 'asc' } });
  return out;
}

/** The week's ledger table (2026-W47) as the export writes it, for the org. */
async function ledgerTable(db: Db, orgId: string): Promise<unknown> {
  const org = await db.org.findUniqueOrThrow({ where: { id: orgId } });
  const deps = { db, now: () => new Date(EXPORT_AT), admins: [], defaults: { timeZone: 'Asia/Shanghai', locale: 'zh-CN' as const }, log: { debug() {}, info() {}, warn() {}, error() {} }, ports: testPorts() };
  const ledger = await buildWeekLedger(deps, { org, settings: readOrgSettings(org.settings), week: { year: 2026, week: 47 }, scope: null });
  return ledgerSheet(translator('zh-CN'), ledger);
}


/**
 * Writes reports one transaction at a time until stopped: each round adds a project, its W47 report
 * and revision and an audit row, so a consistent snapshot holds a whole number of rounds.
 */
function startWriter(world: World, db: Db) {
  const state = { rounds: 0, stop: false, error: null as unknown };
  const done = (async () => {
    const unit = await db.unit.findFirstOrThrow({ where: { orgId: world.orgId } });
    const author = await world.personId('张科长');
    while (!state.stop) {
      const i = state.rounds;
      await db.$transaction(async (tx) => {
        const project = await tx.project.create({ data: { orgId: world.orgId, code: `W${i}`, name: `写入测试项目${i}`, unitId: unit.id, totalInvestment: 1_000_000n * BigInt(i + 1), annualPlan: 500_000n, sortOrder: 100 + i } });
        const filedAt = new Date('2026-11-19T03:00:00Z');
        const report = await tx.report.create({
          data: { orgId: world.orgId, projectId: project.id, period: '2026-W47', revision: 1, authorId: author, progress: i % 100, investedThisWeek: 10_000n * BigInt(i), cumulative: 20_000n * BigInt(i), done: `第${i}轮`, firstFiledAt: filedAt, filedAt },
        });
        await tx.reportRevision.create({ data: { reportId: report.id, revision: 1, authorId: author, progress: i % 100, done: `第${i}轮`, sourceText: `/report W${i}`, platform: 'sandbox', filedAt } });
        await tx.auditLog.create({ data: { orgId: world.orgId, action: 'report.filed', entity: 'Report', entityId: report.id } });
      });
      state.rounds += 1;
      // SQLite's driver is synchronous: without a turn of the event loop the writer would starve the backup.
      await new Promise((r) => setImmediate(r));
    }
  })().catch((error: unknown) => {
    state.error = error;
  });
  return { state, done };
}

describeEachProvider('backup and restore', (provider) => {
  const missingTools = provider === 'postgresql' ? PG_TOOLS.filter((tool) => !findExecutable(tool)) : [];
  if (missingTools.length) {
    const why = `${missingTools.join(', ')} not found on PATH (apt-get install postgresql-client)`;
    if (process.env.CI) it('needs the PostgreSQL client tools', () => expect.fail(`${why}: CI runs the PostgreSQL backup tests`));
    else {
      console.warn(`\n⚠ ${why}: the PostgreSQL backup tests are skipped.\n`);
      it.skip(`needs the PostgreSQL client tools (${why})`, () => {});
    }
    return;
  }

  let source: TestDatabase;
  let world: World;
  let dir: string;
  let dataDir: string;
  let outDir: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    source = await createTestDatabase(provider);
    world = await buildLedgerWorld(source.db);
    dir = mkdtempSync(join(tmpdir(), 'backup-test-'));
    dataDir = join(dir, 'data');
    outDir = join(dir, 'backups');
    mkdirSync(join(dataDir, 'files', 'ab'), { recursive: true });
    writeFileSync(join(dataDir, 'files', 'ab', 'abcdef.jpg'), randomBytes(5000));
    writeFileSync(join(dataDir, 'files', 'list.csv'), '序号,项目名称\n1,县医院城东院区感染防控中心工程\n');
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function restoreTarget(): Promise<string> {
    const target = freshTarget(provider, dir);
    cleanups.push(target.cleanup);
    return target.url;
  }

  it('backs up while reports are written and restores exactly the rows and ledger of that moment', async () => {
    const before = await source.db.project.count();
    const beforeAudit = await source.db.auditLog.count();
    const writer = startWriter(world, source.db);
    let manifest: CreatedBackup;
    try {
      await waitFor(() => writer.state.rounds >= 5 || writer.state.error != null, { timeoutMs: 20_000, intervalMs: 5, message: 'the writer to get going' });
      manifest = await createBackup({ databaseUrl: source.url, dataDir, outDir, now: new Date('2026-11-22T02:00:00Z') });
      const roundsAtEnd = writer.state.rounds;
      // Writes went on during and after the backup.
      await waitFor(() => writer.state.rounds > roundsAtEnd + 2 || writer.state.error != null, { timeoutMs: 20_000, intervalMs: 5, message: 'writes after the backup' });
    } finally {
      writer.state.stop = true;
      await writer.done;
    }
    expect(writer.state.error).toBeNull();

    // The backup holds a whole number of rounds, a prefix of what was written.
    const rounds = (manifest.rowCounts.Project ?? 0) - before;
    expect(rounds).toBeGreaterThanOrEqual(5);
    expect(rounds).toBeLessThan(writer.state.rounds);
    expect(manifest.rowCounts.AuditLog).toBe(beforeAudit + rounds);
    expect(manifest).toMatchObject({ provider, formatVersion: 1, appVersion: expect.any(String), migrations: expect.arrayContaining(['20261122115137_init']) });
    expect(manifest.files.map((f) => f.path)).toEqual(['ab/abcdef.jpg', 'list.csv']);

    // The backup directory: complete, owner-only.
    expect(readdirSync(outDir)).toEqual(['backup-20261122-020000']);
    const backupDir = join(outDir, 'backup-20261122-020000');
    expect(statSync(backupDir).mode & 0o777).toBe(0o700);
    for (const name of ['manifest.json', manifest.database.path, 'files/list.csv']) expect(statSync(join(backupDir, name)).mode & 0o777).toBe(0o600);
    const { dir: written, ...stored } = manifest;
    expect(written).toBe(backupDir);
    expect(JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'))).toEqual(stored);

    // The source as it was when the backup was taken: drop the rounds written after it.
    await source.db.project.deleteMany({ where: { orgId: world.orgId, code: { in: Array.from({ length: writer.state.rounds - rounds }, (_, k) => `W${rounds + k}`) } } });
    const expectedRows = await snapshotRows(source.db);
    const expectedLedger = await ledgerTable(source.db, world.orgId);
    expect(expectedRows.project).toHaveLength(manifest.rowCounts.Project!);

    const url = await restoreTarget();
    const restoredDataDir = join(dir, 'restored-data');
    const result = await restoreBackup({ backupDir, databaseUrl: url, dataDir: restoredDataDir });
    expect(result.rowCounts).toEqual(manifest.rowCounts);
    expect(result.files).toBe(2);
    expect(readFileSync(join(restoredDataDir, 'files', 'list.csv'), 'utf8')).toBe(readFileSync(join(dataDir, 'files', 'list.csv'), 'utf8'));
    expect(readFileSync(join(restoredDataDir, 'files', 'ab', 'abcdef.jpg'))).toEqual(readFileSync(join(dataDir, 'files', 'ab', 'abcdef.jpg')));

    // The source is untouched (on PostgreSQL the dump was moved to another schema on the way).
    expect(await snapshotRows(source.db)).toEqual(expectedRows);
    const restored = await openDatabase(url);
    try {
      expect(restored.migrations.applied).toEqual([]);
      expect(await snapshotRows(restored.db)).toEqual(expectedRows);
      const table = await ledgerTable(restored.db, world.orgId);
      expect(table).toEqual(expectedLedger);
      expect(JSON.stringify(table, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toContain(`写入测试项目${rounds - 1}`);
    } finally {
      await restored.close();
    }
  });

  it('refuses a database that holds data unless forced, and replaces it when forced', async () => {
    const manifest = await createBackup({ databaseUrl: source.url, dataDir, outDir, now: new Date('2026-11-22T02:00:00Z') });
    await expect(restoreBackup({ backupDir: manifest.dir, databaseUrl: source.url, dataDir })).rejects.toThrow(/already holds data \(1 org\).*--force/);

    const url = await restoreTarget();
    await restoreBackup({ backupDir: manifest.dir, databaseUrl: url, dataDir: join(dir, 'd1') });
    // Now the target holds the org: refused again, then replaced with --force after a change.
    await expect(restoreBackup({ backupDir: manifest.dir, databaseUrl: url, dataDir: join(dir, 'd1') })).rejects.toBeInstanceOf(BackupError);
    const changed = await openDatabase(url);
    await changed.db.org.create({ data: { name: '后来加的单位' } });
    await changed.close();
    const result = await restoreBackup({ backupDir: manifest.dir, databaseUrl: url, dataDir: join(dir, 'd1'), force: true });
    expect(result.rowCounts).toEqual(manifest.rowCounts);
    const check = await openDatabase(url);
    try {
      expect(await check.db.org.findMany({ select: { name: true } })).toEqual([{ name: (await source.db.org.findUniqueOrThrow({ where: { id: world.orgId } })).name }]);
    } finally {
      await check.close();
    }
  });

  it('refuses a backup whose files do not match their sha256', async () => {
    const manifest = await createBackup({ databaseUrl: source.url, dataDir, outDir, now: new Date('2026-11-22T02:00:00Z') });
    const file = join(manifest.dir, 'files', 'list.csv');
    const original = readFileSync(file);
    writeFileSync(file, Buffer.from(original.toString('utf8').replace('1,', '2,')));
    const url = await restoreTarget();
    await expect(restoreBackup({ backupDir: manifest.dir, databaseUrl: url, dataDir: join(dir, 'd2') })).rejects.toThrow(/list\.csv does not match the manifest/);

    writeFileSync(file, original);
    const dump = join(manifest.dir, manifest.database.path);
    const bytes = readFileSync(dump);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    writeFileSync(dump, bytes);
    await expect(restoreBackup({ backupDir: manifest.dir, databaseUrl: url, dataDir: join(dir, 'd2') })).rejects.toThrow(/does not match the manifest/);
    // Nothing was restored.
    expect(readdirSync(dir)).not.toContain('d2');
  });

  it('keeps the newest N complete backups and leaves everything else alone', async () => {
    for (const day of [18, 19, 20, 21]) await createBackup({ databaseUrl: source.url, dataDir, outDir, now: new Date(`2026-11-${day}T02:00:00Z`) });
    mkdirSync(join(outDir, 'backup-20261122-020000')); // no manifest: half-written or foreign
    mkdirSync(join(outDir, '.backup-20261123-020000.partial-0000'));
    mkdirSync(join(outDir, 'other'));
    expect(await retainBackups(outDir, 2)).toEqual(['backup-20261118-020000', 'backup-20261119-020000']);
    expect(readdirSync(outDir).sort()).toEqual(['.backup-20261123-020000.partial-0000', 'backup-20261120-020000', 'backup-20261121-020000', 'backup-20261122-020000', 'other']);
    await expect(retainBackups(outDir, 0)).rejects.toBeInstanceOf(BackupError);
  });

  it('the CLI exits 0 when done, 1 when refused, 2 on bad usage', async () => {
    const lines: string[] = [];
    const deps = { databaseUrl: source.url, dataDir, out: (line: string) => lines.push(line), now: () => new Date('2026-11-22T02:00:00Z') };
    expect(await backupCliCommand(['--bogus'], deps)).toBe(2);
    expect(await backupCliCommand(['--keep', 'none'], deps)).toBe(2);
    expect(await backupCliCommand(['--out', outDir, '--keep', '3'], deps)).toBe(0);
    const backupDir = join(outDir, 'backup-20261122-020000');
    expect(lines.join('\n')).toContain(backupDir);
    // The same second again: refused, with the reason.
    lines.length = 0;
    expect(await backupCliCommand(['--out', outDir], deps)).toBe(1);
    expect(lines.join('\n')).toContain('already exists');
    // Default out: <dataDir>/backups.
    expect(await backupCliCommand([], { ...deps, now: () => new Date('2026-11-22T03:00:00Z') })).toBe(0);
    expect(readdirSync(join(dataDir, 'backups'))).toEqual(['backup-20261122-030000']);

    expect(await restoreCliCommand([], deps)).toBe(2);
    expect(await restoreCliCommand([backupDir, '--bogus'], deps)).toBe(2);
    lines.length = 0;
    expect(await restoreCliCommand([backupDir], deps)).toBe(1);
    expect(lines.join('\n')).toContain('--force');
    const url = await restoreTarget();
    lines.length = 0;
    expect(await restoreCliCommand([backupDir], { ...deps, databaseUrl: url, dataDir: join(dir, 'd3') })).toBe(0);
    expect(lines.join('\n')).toMatch(/Project\s+4/);
    expect(await restoreCliCommand([backupDir, '--force'], { ...deps, databaseUrl: url, dataDir: join(dir, 'd3') })).toBe(0);
  });

  if (provider === 'postgresql') {
    it('says pg_dump is needed, and how to install it, when it is not on PATH', async () => {
      await expect(createBackup({ databaseUrl: source.url, dataDir, outDir, now: new Date(), searchPath: '' })).rejects.toThrow(/pg_dump is needed.*apt-get install postgresql-client/);
      expect(readdirSync(dir)).not.toContain('backups');
    });

    it('restores into the schema the dump came from with pg_restore', async () => {
      const manifest = await createBackup({ databaseUrl: source.url, dataDir, outDir, now: new Date('2026-11-22T02:00:00Z') });
      const expected = await snapshotRows(source.db);
      // The same schema, lost: drop it and restore.
      const base = pgTestUrl();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA "${manifest.schema}" CASCADE`);
      await client.end();
      await restoreBackup({ backupDir: manifest.dir, databaseUrl: source.url, dataDir });
      const restored = await openDatabase(source.url);
      try {
        expect(await snapshotRows(restored.db)).toEqual(expected);
      } finally {
        await restored.close();
      }
    });
  }
});
