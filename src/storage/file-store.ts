// Every file the bot keeps lives under one data directory:
//   <dataDir>/files/imports   project lists sent to the bot (kept; backed up)
//   <dataDir>/files/photos    site photos, content-addressed by sha256: photos/ab/cdef….jpg (kept; backed up)
//   <dataDir>/tmp/exports     ledgers exported for a chat (deleted after EXPORT_RETENTION_DAYS)
//   <dataDir>/tmp/charts      standings charts (deleted after their retention)
//   <dataDir>/tmp/uploads     downloads not yet taken by a command (deleted after a day)
// Directories are 0700 and files 0600: exports hold every project's figures. A reserved place is
// created empty at 0600, so whatever writer fills it keeps the file private. Retention is applied by
// the store itself: writing or reserving a transient file first sweeps old ones (at most hourly).
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { FileArea, FileStore, StoredFile } from '../core/ports.ts';

/** How long transient files are kept, in days. */
export const RETENTION_DAYS: Record<FileArea, number | null> = { imports: null, photos: null, exports: 7, charts: 7, uploads: 1 };

const AREA_DIRS: Record<FileArea, string> = {
  imports: join('files', 'imports'),
  photos: join('files', 'photos'),
  exports: join('tmp', 'exports'),
  charts: join('tmp', 'charts'),
  uploads: join('tmp', 'uploads'),
};

/** A photo's name in its area: "ab/cdef…(62 hex digits).jpg". */
const PHOTO_NAME = /^[0-9a-f]{2}\/[0-9a-f]{62}(\.[a-z0-9]{1,5})?$/;

/** A file name safe on every file system and in a chat: no directories, no reserved characters. */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\\/:*?"<>|\s]+/g, '_')
    .replace(/^\.+/, '');
  return cleaned.slice(-120) || 'file';
}

/** How often writing a transient file also sweeps old ones. */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** The file store on `dataDir` (created on first use). `now` is the clock of the automatic sweep. */
export function createFileStore(options: { dataDir: string; now?: () => Date }): FileStore {
  const root = resolve(options.dataDir);
  const areaDir = (area: FileArea) => join(root, AREA_DIRS[area]);
  const now = options.now ?? (() => new Date());
  const ready = new Set<FileArea>();
  let lastSweep = Number.NEGATIVE_INFINITY;

  /** The area's directory, with it and its parent (files/ or tmp/) private to the bot's user. */
  async function ensureDir(area: FileArea): Promise<string> {
    const dir = areaDir(area);
    if (!ready.has(area)) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dirname(dir), 0o700);
      await chmod(dir, 0o700);
      ready.add(area);
    }
    if (RETENTION_DAYS[area] !== null && now().getTime() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = now().getTime();
      await sweep(now());
    }
    return dir;
  }

  async function sweep(at: Date): Promise<number> {
    let removed = 0;
    for (const [area, days] of Object.entries(RETENTION_DAYS) as [FileArea, number | null][]) {
      if (days === null) continue;
      const dir = areaDir(area);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        const path = join(dir, name);
        const info = await stat(path).catch(() => null);
        if (info?.isFile() && at.getTime() - info.mtimeMs > days * 86_400_000) {
          await rm(path, { force: true });
          removed += 1;
        }
      }
    }
    return removed;
  }

  function stored(area: FileArea, fileName: string, shownName: string): StoredFile {
    const path = join(areaDir(area), fileName);
    return { area, key: `${area}/${fileName}`, path, name: shownName };
  }

  function uniqueName(name: string): string {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    return `${stamp}-${randomBytes(4).toString('hex')}-${safeFileName(name)}`;
  }

  function find(key: string): StoredFile | null {
    const slash = key.indexOf('/');
    const area = key.slice(0, slash) as FileArea;
    const fileName = key.slice(slash + 1);
    // Photos sit one directory down, by the first two hex digits of their sha256.
    if (area === 'photos' && PHOTO_NAME.test(fileName)) return stored(area, fileName, fileName.slice(3));
    if (slash < 0 || !(area in AREA_DIRS) || !fileName || fileName !== basename(fileName) || fileName.startsWith('.')) return null;
    const file = stored(area, fileName, fileName.replace(/^\d{8}T\d{6}-[0-9a-f]{8}-/, ''));
    const inside = relative(root, file.path);
    return inside.startsWith('..') || inside.includes(`..${sep}`) ? null : file;
  }

  return {
    async reserve(area, name) {
      await ensureDir(area);
      const file = stored(area, uniqueName(name), safeFileName(name));
      await writeFile(file.path, '', { mode: 0o600, flag: 'wx' });
      return file;
    },
    async write(area, name, bytes) {
      const dir = await ensureDir(area);
      if (area === 'photos') {
        const hash = createHash('sha256').update(bytes).digest('hex');
        const extension = /\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0]?.toLowerCase() ?? '';
        const fileName = `${hash.slice(0, 2)}/${hash.slice(2)}${extension}`;
        const file = stored(area, fileName, safeFileName(name));
        await mkdir(join(dir, hash.slice(0, 2)), { recursive: true, mode: 0o700 });
        await writeFile(file.path, bytes, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
        return file;
      }
      const file = stored(area, uniqueName(name), safeFileName(name));
      await writeFile(file.path, bytes, { mode: 0o600, flag: 'wx' });
      return file;
    },
    find,
    async read(key) {
      const file = find(key);
      if (!file) throw new Error(`not a stored file: ${key}`);
      return readFile(file.path);
    },
    async delete(key) {
      const file = find(key);
      if (file) await rm(file.path, { force: true });
    },
    sweep,
  };
}
