// The daily backup: at BACKUP_TIME (the org's local time) a backup of the database and the stored
// files is written under BACKUP_DIR (default <DATA_DIR>/backups), then all but the newest
// BACKUP_KEEP are deleted. Scheduled with node-cron like the scheduler's tick; a failure is logged
// and counted (job "backup", status "failed"), and the next day tries again.
import { join, resolve } from 'node:path';
import { createTask, type ScheduledTask } from 'node-cron';
import type { Config } from '../config.ts';
import type { Logger } from '../core/context.ts';
import { createBackup, retainBackups, type CreatedBackup } from '../ops/backup.ts';

export interface DailyBackupOptions {
  databaseUrl: string;
  dataDir: string;
  /** Where backup-<stamp>/ directories go. */
  outDir: string;
  /** Backups kept after each run. */
  keep: number;
  /** HH:MM in `timeZone`. */
  time: string;
  timeZone: string;
  log: Logger;
  now?: () => Date;
  /** Told how each run ended (the app's job-run metrics). */
  onRun?: (status: 'done' | 'failed') => void;
}

export interface DailyBackup {
  /** The node-cron expression the backup runs on. */
  readonly cron: string;
  readonly outDir: string;
  start(): Promise<void>;
  /** Stops the timer; a backup under way is left to finish (or to be cut off by the exit). */
  stop(): Promise<void>;
  /** Takes a backup now and prunes old ones. Resolves null when it failed (logged). */
  runNow(): Promise<CreatedBackup | null>;
}

/** "03:00" → "0 3 * * *". */
export function dailyCron(time: string): string {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`BACKUP_TIME must be HH:MM (got "${time}")`);
  return `${Number(match[2])} ${Number(match[1])} * * *`;
}

/** The backup directory a config names. */
export function backupDirOf(config: Pick<Config, 'BACKUP_DIR' | 'DATA_DIR'>): string {
  return resolve(config.BACKUP_DIR ?? join(config.DATA_DIR, 'backups'));
}

export function createDailyBackup(options: DailyBackupOptions): DailyBackup {
  const cron = dailyCron(options.time);
  const now = options.now ?? (() => new Date());
  const outDir = resolve(options.outDir);
  let task: ScheduledTask | null = null;
  let running: Promise<CreatedBackup | null> | null = null;

  const run = async (): Promise<CreatedBackup | null> => {
    try {
      const backup = await createBackup({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, outDir, now: now() });
      const deleted = await retainBackups(outDir, options.keep);
      options.log.info('daily backup written', { dir: backup.dir, files: backup.files.length, deleted });
      options.onRun?.('done');
      return backup;
    } catch (error) {
      options.log.error('daily backup failed; the next one is tried tomorrow (npm run cli -- backup to take one now)', { outDir, error: error instanceof Error ? error.message : String(error) });
      options.onRun?.('failed');
      return null;
    }
  };

  return {
    cron,
    outDir,
    async start() {
      if (task) return;
      task = createTask(cron, () => this.runNow().then(() => undefined), { name: 'daily-backup', noOverlap: true, timezone: options.timeZone });
      await task.start();
    },
    async stop() {
      const current = task;
      task = null;
      if (current) {
        await current.stop();
        await current.destroy();
      }
    },
    runNow() {
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
