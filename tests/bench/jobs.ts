// Jobs: the scheduled jobs of an org of 10,000 projects with 52 weeks of history, in a bot process
// started as production starts it (src/node-flags.ts), one after another: the Monday digest (every
// leader's digest, the standings and their chart to the group), the standings alone, the monthly
// dispatch (每月调度) and the week's ledger as XLSX. Measured: the time of each and the process's peak
// resident memory (VmHWM) through all of them, against the issue's 200 MB.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { BOT_NODE_FLAGS } from '../../src/node-flags.ts';
import { startBotProcess, stopProcess } from '../support/bot-process.ts';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { waitFor } from '../support/wait.ts';
import { figure, round, timeMs, type Figure, type Suite } from './figures.ts';
import type { JobsResult } from './jobs-child.ts';
import { peakRssMb } from './process-memory.ts';
import { seedLargeOrg } from './seed-large.ts';

const PROJECTS = 10_000;
const WEEKS = 52;
/** The week summarised by the digest and exported; its month gets the monthly dispatch. */
const WEEK = '2026-W46';
const MONTH = '2026-11';
const RSS_TARGET_MB = 200;
/** BENCH_MAX_OLD_SPACE_MB=160 tries another old-space ceiling than production's (to choose one). */
const FLAGS: readonly string[] = process.env.BENCH_MAX_OLD_SPACE_MB ? BOT_NODE_FLAGS.map((f) => (f.startsWith('--max-old-space-size=') ? `--max-old-space-size=${process.env.BENCH_MAX_OLD_SPACE_MB}` : f)) : BOT_NODE_FLAGS;

export const jobsSuite: Suite = {
  name: 'jobs',
  description: `The digest, standings, monthly dispatch and XLSX export for ${PROJECTS.toLocaleString('en')} projects × ${WEEKS} weeks, in a bot process with production's node flags: time and peak RSS`,
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-jobs-'));
    const url = `file:${join(dir, 'jobs.db')}`;
    const fake = await FakeTelegram.start();
    try {
      const database = await openDatabase(url);
      const seeded = await timeMs(() => seedLargeOrg(database.db, { projects: PROJECTS, weeks: WEEKS, owners: PROJECTS / 5, endWeek: WEEK, telegram: true }));
      await database.close();
      log(`  seeded ${PROJECTS} projects × ${WEEKS} weeks (${seeded.result.reportCount} reports, ${seeded.result.leaders.length} leaders) in ${round(seeded.ms / 1000, 1)} s`);

      const resultFile = join(dir, 'result.json');
      const child = await startBotProcess({
        databaseUrl: url,
        telegramApiRoot: fake.url,
        script: join(import.meta.dirname, 'jobs-child.ts'),
        nodeFlags: FLAGS,
        env: { DATA_DIR: dir, BACKUP_ENABLED: 'false', JOBS_WEEK: WEEK, JOBS_MONTH: MONTH, JOBS_RESULT_FILE: resultFile },
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      let running = '';
      child.stdout?.on('data', (d: Buffer) => {
        for (const line of d.toString().split('\n')) {
          if (line.startsWith('start ')) running = line.slice(6);
          if (process.env.BENCH_VERBOSE && line.trim()) log(`  [child] ${line}`);
        }
      });
      let peak: number | null = null;
      let result: JobsResult;
      try {
        await waitFor(() => existsSync(resultFile) || child.exitCode !== null || child.signalCode !== null, { timeoutMs: 600_000, intervalMs: 100, message: () => 'the jobs to finish' });
        if (!existsSync(resultFile)) throw new Error(`the jobs process exited (${child.exitCode ?? child.signalCode}) during ${running || 'start-up'}: ${stderr.slice(-2000)}`);
        // The process still exists (it waits to be stopped): its peak is readable.
        peak = peakRssMb(child.pid);
        result = JSON.parse(readFileSync(resultFile, 'utf8')) as JobsResult;
      } finally {
        await stopProcess(child, 'SIGTERM');
      }
      log(`  heap limit ${round(result.heapLimitMb, 0)} MB; ready at ${round(result.readyPeakRssMb ?? Number.NaN, 0)} MB peak RSS`);
      for (const j of result.jobs) log(`  ${j.job}: ${round(j.ms, 0)} ms${j.queued !== undefined ? `, ${j.queued} queued` : ''}; peak RSS so far ${round(j.peakRssMb ?? Number.NaN, 0)} MB, heap used after ${round(j.heapUsedMb, 0)} MB`);
      log(`  ${fake.sent.length} messages reached the fake Bot API`);

      const figures: Figure[] = [];
      const what = `${PROJECTS.toLocaleString('en')} projects, ${WEEKS} weeks of history, SQLite`;
      const notes: Record<string, string> = {
        digest: `the Monday digest job through the scheduler: ${seeded.result.leaders.length} leader digests, standings and chart, queued; ${what}`,
        standings: `group standings built, written and charted; ${what}`,
        monthly: `the monthly dispatch job of ${MONTH} through the scheduler; ${what}`,
        export_xlsx: `the ledger of ${WEEK} as an XLSX workbook, the whole org; ${what}`,
      };
      for (const j of result.jobs) figures.push(figure({ name: `jobs.${j.job}.time`, value: j.ms, unit: 'ms', note: notes[j.job] ?? what }));
      if (peak !== null) figures.push(figure({ name: 'memory.jobs.peak_rss', value: peak, unit: 'MB', target: { op: '<=', limit: RSS_TARGET_MB, text: `< ${RSS_TARGET_MB} MB` }, note: `bot process (${FLAGS.join(' ')}) through the four jobs` }));
      return figures;
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
