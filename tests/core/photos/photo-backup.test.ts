// Backups include site photos: the content-addressed files under files/photos/ab/… are copied and
// listed in the manifest, and a restore brings back the file and its ReportPhoto row.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { storePhoto } from '../../../src/core/photos/store-photo.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { createBackup, restoreBackup } from '../../../src/ops/backup.ts';
import { createFileStore } from '../../../src/storage/file-store.ts';
import { createTestDatabase } from '../../support/db.ts';
import { buildWorld } from '../../support/world.ts';
import { jpeg } from './photo-bytes.ts';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

it('backs up and restores site photos with their rows', async () => {
  const source = await createTestDatabase('sqlite');
  try {
    const world = await buildWorld(source.db);
    const project = await source.db.project.findFirstOrThrow({ where: { orgId: world.orgId, code: '1' } });
    const owner = await world.personId('张科长');
    const now = new Date('2026-11-18T02:00:00Z');
    const report = await source.db.report.create({ data: { orgId: world.orgId, projectId: project.id, period: '2026-W47', revision: 1, authorId: owner, firstFiledAt: now, filedAt: now } });
    const dataDir = tempDir('photo-data-');
    const bytes = jpeg({ seed: 'backup' });
    const stored = await storePhoto(createFileStore({ dataDir }), bytes, { timeZone: 'Asia/Shanghai' });
    if (!stored.ok) throw new Error(stored.reason);
    const { photo } = stored;
    await source.db.reportPhoto.create({ data: { orgId: world.orgId, reportId: report.id, projectId: project.id, period: '2026-W47', sha256: photo.sha256, fileKey: photo.fileKey, mime: photo.mime, bytes: photo.bytes, byPersonId: owner } });

    const manifest = await createBackup({ databaseUrl: source.url, dataDir, outDir: tempDir('photo-backups-'), now });
    expect(manifest.files).toContainEqual({ path: photo.fileKey, size: bytes.length, sha256: photo.sha256 });
    expect(readFileSync(join(manifest.dir, 'files', photo.fileKey)).equals(bytes)).toBe(true);

    const restoredDir = tempDir('photo-restored-');
    const target = join(restoredDir, 'restored.db');
    await restoreBackup({ backupDir: manifest.dir, databaseUrl: `file:${target}`, dataDir: join(restoredDir, 'data') });
    expect(existsSync(join(restoredDir, 'data', 'files', photo.fileKey))).toBe(true);
    const restored = await openDatabase(`file:${target}`);
    try {
      expect(await restored.db.reportPhoto.findMany({ select: { sha256: true, fileKey: true } })).toEqual([{ sha256: photo.sha256, fileKey: photo.fileKey }]);
    } finally {
      await restored.close();
    }
  } finally {
    await source.destroy();
  }
});
