// What backups and restores share: the manifest, the error type, hashing and copying the stored
// files with owner-only permissions.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provider } from '../db/client.ts';

/** A backup or restore that cannot go on; the message says why and what to do. */
export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'weekly-progress-bot-backup';
export const MANIFEST_VERSION = 1;
/** Backup directories are named `backup-<YYYYMMDD-HHmmss>` (UTC). */
export const BACKUP_PREFIX = 'backup-';
/** The stored files, in the data directory and in a backup. */
export const FILES_DIR = 'files';
export const SQLITE_DUMP = 'database.sqlite';
export const POSTGRES_DUMP = 'database.pgdump';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Tables whose row counts the manifest records (the main ones, and the audit log). */
export const COUNTED_TABLES = ['Org', 'Project', 'Report', 'ReportRevision', 'Problem', 'InboundEvent', 'Outbox', 'AuditLog'] as const;
export type CountedTable = (typeof COUNTED_TABLES)[number];

export interface FileEntry {
  /** Path relative to the backup's files/ directory (the database dump: relative to the backup), "/"-separated. */
  path: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  /** ISO time stamp of the backup. */
  createdAt: string;
  /** package.json version of the app that wrote it. */
  appVersion: string;
  provider: Provider;
  /** PostgreSQL schema that was dumped; null for SQLite. */
  schema: string | null;
  /** The database copy (SQLite file) or dump (pg_dump custom format). */
  database: FileEntry;
  /** Names of the migrations applied in the backed-up database, oldest first. */
  migrations: string[];
  /** Row counts in the backed-up database, read from the same snapshot as the copy. */
  rowCounts: Partial<Record<CountedTable, number>>;
  /** The stored files (a copy of <dataDir>/files/). */
  files: FileEntry[];
}

/** Progress lines for the operator; optional everywhere. */
export interface BackupLog {
  info(message: string): void;
}

export const quietLog: BackupLog = { info() {} };

/** The app's version from package.json. */
export async function appVersion(): Promise<string> {
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  const pkg = JSON.parse(await readFile(path, 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function describeFile(path: string, name: string): Promise<FileEntry> {
  return { path: name, size: (await stat(path)).size, sha256: await sha256File(path) };
}

/** Regular files under `root`, as "/"-separated paths relative to it, sorted. Symlinks and others are skipped. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'));
    }
  }
  await walk(root);
  return out.sort();
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Copies the regular files under `from` to `to` (directories 0700, files 0600) and returns their
 * entries. A missing `from` copies nothing.
 */
export async function copyTree(from: string, to: string): Promise<FileEntry[]> {
  if (!(await exists(from))) return [];
  const entries: FileEntry[] = [];
  await mkdir(to, { recursive: true, mode: DIR_MODE });
  for (const name of await listFiles(from)) {
    const source = join(from, ...name.split('/'));
    const target = join(to, ...name.split('/'));
    await mkdir(dirname(target), { recursive: true, mode: DIR_MODE });
    await copyFile(source, target);
    await chmod(target, FILE_MODE);
    entries.push(await describeFile(target, name));
  }
  return entries;
}

/** Reads and checks the manifest of a backup directory. */
export async function readManifest(backupDir: string): Promise<BackupManifest> {
  const path = join(backupDir, MANIFEST_FILE);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as BackupManifest;
  } catch (error) {
    throw new BackupError(`${path} is missing or unreadable: this is not a complete backup (${(error as Error).message})`, { cause: error });
  }
  if (manifest.format !== MANIFEST_FORMAT) throw new BackupError(`${path} is not a weekly-progress-bot backup manifest`);
  if (manifest.formatVersion !== MANIFEST_VERSION)
    throw new BackupError(`${path} has format version ${manifest.formatVersion}; this version of the app reads version ${MANIFEST_VERSION}`);
  if (manifest.provider !== 'sqlite' && manifest.provider !== 'postgresql') throw new BackupError(`${path}: unknown provider "${String(manifest.provider)}"`);
  if (!manifest.database?.path || !Array.isArray(manifest.files) || !Array.isArray(manifest.migrations)) throw new BackupError(`${path} is incomplete`);
  for (const entry of [manifest.database, ...manifest.files]) {
    if (entry.path.split('/').some((part) => part === '..' || part === '') || entry.path.startsWith('/'))
      throw new BackupError(`${path} names a file outside the backup: ${entry.path}`);
  }
  return manifest;
}

/** Checks each file of the manifest (the database dump and the stored files) against its size and sha256. */
export async function verifyBackup(backupDir: string, manifest: BackupManifest): Promise<void> {
  const checks = [
    { entry: manifest.database, path: join(backupDir, ...manifest.database.path.split('/')) },
    ...manifest.files.map((entry) => ({ entry, path: join(backupDir, FILES_DIR, ...entry.path.split('/')) })),
  ];
  for (const { entry, path } of checks) {
    if (!(await exists(path))) throw new BackupError(`backup file missing: ${path}`);
    const actual = await describeFile(path, entry.path);
    if (actual.size !== entry.size || actual.sha256 !== entry.sha256)
      throw new BackupError(`backup file ${path} does not match the manifest (sha256 ${actual.sha256}, expected ${entry.sha256}): the backup is damaged or was changed`);
  }
}
