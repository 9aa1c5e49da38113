// The daily backup job: it writes a complete backup (database and stored files) under the backup
// directory, deletes all but the newest BACKUP_KEEP, runs at BACKUP_TIME, and is on by default only
// when main.ts asks for it (BACKUP_ENABLED overrides).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.ts';
import { backupDirOf, createDailyBackup, dailyCron } from '../../src/app/daily-backup.ts';
import { createConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/context.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { buildWorld } from '../support/world.ts';

describe('the daily backup', () => {
  let database: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    await buildWorld(database.db, { orgName: '示例县卫健局' });
    dir = mkdtempSync(join(tmpdir(), 'progress-daily-backup-'));
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a backup with the stored files and keeps only the newest BACKUP_KEEP', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(join(dataDir, 'files', 'photos'), { recursive: true });
    writeFileSync(join(dataDir, 'files', 'photos', 'site.jpg'), 'photo bytes');
    const outDir = join(dataDir, 'backups');
    // Three older complete backups, one incomplete (no manifest: left alone), and an unrelated file.
    for (const name of ['backup-20261101-030000', 'backup-20261102-030000', 'backup-20261103-030000']) {
      mkdirSync(join(outDir, name), { recursive: true });
      writeFileSync(join(outDir, name, 'manifest.json'), '{}');
    }
    mkdirSync(join(outDir, 'backup-20261104-030000'));
    writeFileSync(join(outDir, 'README.txt'), 'mine');

    const runs: string[] = [];
    const job = createDailyBackup({ databaseUrl: database.url, dataDir, outDir, keep: 2, time: '03:00', timeZone: 'Asia/Shanghai', log: silentLogger, now: () => new Date('2026-11-22T19:00:00Z'), onRun: (s) => runs.push(s) });
    const backup = await job.runNow();
    expect(backup?.dir).toBe(join(outDir, 'backup-20261122-190000'));
    expect(backup?.files.map((f) => f.path)).toEqual(['photos/site.jpg']);
    expect(backup?.rowCounts.Org).toBe(1);
    expect(readdirSync(outDir).sort()).toEqual(['README.txt', 'backup-20261103-030000', 'backup-20261104-030000', 'backup-20261122-190000']);
    expect(runs).toEqual(['done']);
  });

  it('logs and counts a failure', async () => {
    const outDir = join(dir, 'backups');
    const errors: string[] = [];
    const runs: string[] = [];
    const job = createDailyBackup({
      databaseUrl: 'postgresql://nobody@127.0.0.1:1/none',
      dataDir: dir,
      outDir,
      keep: 1,
      time: '03:00',
      timeZone: 'Asia/Shanghai',
      log: { ...silentLogger, error: (m) => errors.push(m) },
      onRun: (s) => runs.push(s),
    });
    expect(await job.runNow()).toBeNull();
    expect(runs).toEqual(['failed']);
    expect(errors[0]).toContain('daily backup failed');
  });

  it('runs at BACKUP_TIME and is on only where asked', async () => {
    expect(dailyCron('03:00')).toBe('0 3 * * *');
    expect(dailyCron('23:45')).toBe('45 23 * * *');
    expect(backupDirOf({ DATA_DIR: '/srv/progress', BACKUP_DIR: undefined })).toBe('/srv/progress/backups');
    expect(() => createConfig({ BACKUP_TIME: '3 am' })).toThrow(/BACKUP_TIME: expected HH:MM/);

    const base = { DATABASE_URL: database.url, DATA_DIR: dir, PORT: '1' };
    const off = await createApp(createConfig(base), { log: silentLogger, defaultMetrics: false });
    expect(off.dailyBackup).toBeNull();
    await off.stop();
    const byDefault = await createApp(createConfig(base), { log: silentLogger, defaultMetrics: false, dailyBackupByDefault: true });
    expect(byDefault.dailyBackup?.cron).toBe('0 3 * * *');
    expect(byDefault.dailyBackup?.outDir).toBe(join(dir, 'backups'));
    await byDefault.stop();
    const disabled = await createApp(createConfig({ ...base, BACKUP_ENABLED: 'false' }), { log: silentLogger, defaultMetrics: false, dailyBackupByDefault: true });
    expect(disabled.dailyBackup).toBeNull();
    await disabled.stop();
    const custom = await createApp(createConfig({ ...base, BACKUP_ENABLED: 'true', BACKUP_TIME: '01:30', BACKUP_DIR: join(dir, 'elsewhere') }), { log: silentLogger, defaultMetrics: false });
    expect(custom.dailyBackup?.cron).toBe('30 1 * * *');
    expect(custom.dailyBackup?.outDir).toBe(join(dir, 'elsewhere'));
    await custom.stop();
  });
});
