// Issue #16 findings 5 and 9: a document from someone who may not import is never downloaded; every
// file lives under DATA_DIR, private (files 0600, folders 0700, the SQLite file 0600); exports and
// charts are deleted after their retention without anyone calling sweep.
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingFile } from '../../src/core/platform.ts';
import { handleIncoming } from '../../src/core/router.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createFileStore, RETENTION_DAYS } from '../../src/storage/file-store.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { buildWorld, type World } from '../support/world.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
const DAY = 86_400_000;

describe('the file store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'files-sec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps files under DATA_DIR, private: a reserved export is 0600, its folders 0700', async () => {
    mkdirSync(join(dir, 'tmp'), { mode: 0o755 });
    chmodSync(join(dir, 'tmp'), 0o755);
    const store = createFileStore({ dataDir: dir });
    const file = await store.reserve('exports', '台账.xlsx');
    expect(file.path.startsWith(join(dir, 'tmp', 'exports'))).toBe(true);
    expect(mode(file.path)).toBe(0o600);
    expect(mode(join(dir, 'tmp', 'exports'))).toBe(0o700);
    expect(mode(join(dir, 'tmp'))).toBe(0o700);
    // A writer that fills the reserved place keeps it private.
    writeFileSync(file.path, 'figures');
    expect(mode(file.path)).toBe(0o600);
    const chart = await store.write('charts', 'standings.png', new Uint8Array([1, 2, 3]));
    expect(mode(chart.path)).toBe(0o600);
    expect(mode(join(dir, 'tmp', 'charts'))).toBe(0o700);
  });

  it('deletes old exports and charts by itself when new ones are written', async () => {
    let now = new Date('2026-11-18T02:00:00Z');
    const store = createFileStore({ dataDir: dir, now: () => now });
    const oldExport = await store.reserve('exports', 'old.xlsx');
    const oldChart = await store.write('charts', 'old.png', new Uint8Array([1]));
    const kept = await store.write('imports', 'list.xlsx', new Uint8Array([1]));
    const past = new Date(now.getTime() - (Math.max(RETENTION_DAYS.exports ?? 0, RETENTION_DAYS.charts ?? 0) + 1) * DAY);
    for (const path of [oldExport.path, oldChart.path, kept.path]) utimesSync(path, past, past);
    now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
    const fresh = await store.write('charts', 'new.png', new Uint8Array([2]));
    expect(existsSync(oldExport.path)).toBe(false);
    expect(existsSync(oldChart.path)).toBe(false);
    expect(existsSync(fresh.path)).toBe(true);
    expect(existsSync(kept.path)).toBe(true); // imported lists are kept
  });

  it('creates a new SQLite file 0600', async () => {
    const path = join(dir, 'db', 'progress.db');
    const database = await openDatabase(`file:${path}`);
    try {
      expect(mode(path)).toBe(0o600);
      expect(mode(join(dir, 'db'))).toBe(0o700);
    } finally {
      await database.close();
    }
  });
});

describe('attached documents', () => {
  let database: TestDatabase;
  let world: World;
  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    world = await buildWorld(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  async function sendDocument(name: string, senderId: string): Promise<IncomingFile[]> {
    const fetched: IncomingFile[] = [];
    await handleIncoming(
      world.deps,
      { platform: 'sandbox', eventId: `e-${senderId}-${Math.random()}`, chat: { id: senderId, kind: 'private' }, sender: { id: senderId, displayName: name }, text: '/import', file: { name: '项目清单.xlsx', ref: 'file-ref' }, receivedAt: world.deps.now() },
      { fetchFile: async (file) => { fetched.push(file); throw new Error('not a real file'); } },
    );
    return fetched;
  }

  it('are never downloaded for a stranger or an owner, only for a coordinator', async () => {
    expect(await sendDocument('stranger', 'nobody-1')).toEqual([]);
    expect(await sendDocument('张科长', '张科长')).toEqual([]);
    expect(await sendDocument('王主任', '王主任')).toHaveLength(1);
  });
});
