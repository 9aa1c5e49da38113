// A probe for one job of the jobs suite against a seeded database kept between runs: seeds
// 10,000 projects × 52 weeks once into EXPORT_PROBE_DIR (default export-memory in the OS temp dir), then runs
// the jobs child on a copy of it with JOBS_ONLY (default export_xlsx) and prints its lines and the
// process's peak RSS. Not a suite: `npx tsx tests/bench/export-probe.ts`. PROBE_TIMELINE=1 prints
// the resident memory second by second; PROBE_PHOTOS=N adds site photos; other PROBE_* variables
// reach the child (JOBS_ONLY=export_phases reads PROBE_MONTH).
import { createHash, randomFillSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { BOT_NODE_FLAGS } from '../../src/node-flags.ts';
import { createFileStore } from '../../src/storage/file-store.ts';
import { jpeg } from '../core/photos/photo-bytes.ts';
import { startBotProcess, stopProcess } from '../support/bot-process.ts';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { waitFor } from '../support/wait.ts';
import { peakRssMb } from './process-memory.ts';
import { seedLargeOrg } from './seed-large.ts';

const dir = process.env.EXPORT_PROBE_DIR ?? join(tmpdir(), 'export-memory');
const seeded = join(dir, 'seeded.db');
mkdirSync(dir, { recursive: true });
if (!existsSync(seeded)) {
  const database = await openDatabase(`file:${join(dir, 'seeding.db')}`);
  await seedLargeOrg(database.db, { projects: 10_000, weeks: 52, owners: 2_000, endWeek: '2026-W46', telegram: true });
  await database.close();
  copyFileSync(join(dir, 'seeding.db'), seeded);
  rmSync(join(dir, 'seeding.db'));
}
const run = join(dir, 'run');
rmSync(run, { recursive: true, force: true });
mkdirSync(run);
copyFileSync(seeded, join(run, 'jobs.db'));
// PROBE_PHOTOS=250: that many site photos of ~100 KB (JPEG) on as many reports of the week, stored
// in the run's file store, so that the export has its 现场照片 appendix (200 embedded: the cap).
const photoCount = Number(process.env.PROBE_PHOTOS ?? 0);
if (photoCount > 0) {
  const database = await openDatabase(`file:${join(run, 'jobs.db')}`);
  const files = createFileStore({ dataDir: run });
  const reports = await database.db.report.findMany({ where: { period: '2026-W46' }, select: { id: true, orgId: true, projectId: true, authorId: true }, take: photoCount, orderBy: { id: 'asc' } });
  for (const [i, report] of reports.entries()) {
    // Random after the header, as a photo's compressed data is: the zip cannot shrink it.
    const bytes = jpeg({ seed: `probe-${i}`, padTo: 100 * 1024 });
    randomFillSync(bytes, 64, bytes.length - 66);
    const stored = await files.write('photos', `probe-${i}.jpg`, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await database.db.reportPhoto.create({ data: { orgId: report.orgId, reportId: report.id, projectId: report.projectId, period: '2026-W46', sha256, fileKey: stored.key, mime: 'image/jpeg', bytes: bytes.length, byPersonId: report.authorId } });
  }
  await database.close();
}
const fake = await FakeTelegram.start();
const resultFile = join(run, 'result.json');
const child = await startBotProcess({
  databaseUrl: `file:${join(run, 'jobs.db')}`,
  telegramApiRoot: fake.url,
  script: join(import.meta.dirname, 'jobs-child.ts'),
  nodeFlags: BOT_NODE_FLAGS,
  nodeArgs: process.env.PROBE_NODE_ARGS ? process.env.PROBE_NODE_ARGS.split(' ') : [],
  env: { DATA_DIR: run, BACKUP_ENABLED: 'false', JOBS_WEEK: '2026-W46', JOBS_MONTH: '2026-11', JOBS_RESULT_FILE: resultFile, JOBS_ONLY: process.env.JOBS_ONLY ?? 'export_xlsx', ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('PROBE_') && e[1] !== undefined)) },
});
const started = Date.now();
const mark = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
child.stdout?.on('data', (d: Buffer) => process.stdout.write(`[${mark()}] ${d.toString()}`));
// The resident memory over time (PROBE_TIMELINE=1): a line per second with the second's highest VmRSS.
const timeline = process.env.PROBE_TIMELINE
  ? (() => {
      let high = 0;
      const sample = setInterval(() => {
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        high = Math.max(high, Number(rss?.[1] ?? 0) / 1024);
      }, 20);
      const print = setInterval(() => {
        console.log(`[${mark()}] rss ${high.toFixed(0)} MB`);
        high = 0;
      }, 1000);
      return () => (clearInterval(sample), clearInterval(print));
    })()
  : () => undefined;
child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
try {
  await waitFor(() => existsSync(resultFile) || child.exitCode !== null || child.signalCode !== null, { timeoutMs: 900_000, intervalMs: 100, message: () => 'the job to finish' });
  console.log(`peak RSS ${peakRssMb(child.pid)?.toFixed(0)} MB`);
  if (existsSync(resultFile)) console.log(readFileSync(resultFile, 'utf8'));
} finally {
  timeline();
  await stopProcess(child, 'SIGTERM');
  await fake.close();
}
