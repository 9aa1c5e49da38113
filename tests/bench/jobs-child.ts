// The jobs suite's bot (tests/bench/jobs.ts): the app as production builds it, Telegram enabled
// against the suite's fake Bot API, run with production's node flags. It runs the scheduled jobs one
// after another on a virtual clock, each through the scheduler and the outbox as in service, writes
// what it measured to JOBS_RESULT_FILE as JSON, prints "done" and waits to be stopped (so the
// suite can read the process's peak resident memory while it still exists).
import { renameSync, writeFileSync } from 'node:fs';
import { createApp } from '../../src/app/create-app.ts';
import { createConfig } from '../../src/config.ts';
import { renderStandingsChart } from '../../src/core/digest/standings-chart.ts';
import { buildGroupStandings } from '../../src/core/digest/build-group-standings.ts';
import { assembleMonthLedger, weeksOfMonth } from '../../src/core/ledger/build-month-ledger.ts';
import { assembleWeekLedger } from '../../src/core/ledger/build-week-ledger.ts';
import { exportLedger } from '../../src/core/ledger/export-ledger.ts';
import { historyRows, loadProblemRows, reportingRates } from '../../src/core/ledger/ledger-sheets.ts';
import { ledgerBook } from '../../src/core/ledger/ledger-table.ts';
import { loadLedgerData } from '../../src/core/ledger/load-ledger-data.ts';
import { translator } from '../../src/core/messages/catalog/index.ts';
import { parseWeekId, shiftWeek, weekStart } from '../../src/core/rules/period.ts';
import { atLocalTime } from '../../src/core/rules/schedule-plan.ts';
import { readOrgSettings } from '../../src/core/settings.ts';
import { renderGroupStandings } from '../../src/core/views/digest-views.ts';
import { timeMs } from './figures.ts';
import { peakRssMb } from './process-memory.ts';

/** One job's measurement. */
export interface JobMeasure {
  job: string;
  ms: number;
  /** Messages the job queued (scheduler jobs). */
  queued?: number;
  /** The process's peak RSS once the job (and its sends) finished, MB. */
  peakRssMb: number | null;
  /** V8's heap in use right after the job, MB. */
  heapUsedMb: number;
}

/** What the child reports. */
export interface JobsResult {
  heapLimitMb: number;
  readyPeakRssMb: number | null;
  jobs: JobMeasure[];
}

const week = parseWeekId(process.env.JOBS_WEEK ?? '');
const month = process.env.JOBS_MONTH ?? '';
const resultFile = process.env.JOBS_RESULT_FILE ?? '';
if (!week || !/^\d{4}-\d{2}$/.test(month) || !resultFile) throw new Error('jobs-child: JOBS_WEEK, JOBS_MONTH and JOBS_RESULT_FILE are required');

let now = new Date();
const app = await createApp(createConfig(process.env), { outboxPollMs: 50, now: () => now });
await app.start({ scheduler: false });
const [org] = await app.deps.db.org.findMany({ orderBy: { createdAt: 'asc' }, take: 1 });
if (!org) throw new Error('jobs-child: no org in the database');
const settings = readOrgSettings(org.settings);
const mb = (bytes: number) => bytes / 2 ** 20;
const { getHeapStatistics } = await import('node:v8');
const result: JobsResult = { heapLimitMb: mb(getHeapStatistics().heap_size_limit), readyPeakRssMb: peakRssMb(process.pid), jobs: [] };
process.stdout.write('ready\n');

/** Runs `work`, waits for the outbox to send what it queued, and records the job. */
/** JOBS_ONLY=digest,monthly runs only those (profiling one job). */
const only = process.env.JOBS_ONLY ? new Set(process.env.JOBS_ONLY.split(',')) : null;

async function measure(job: string, work: () => Promise<number | undefined>): Promise<void> {
  if (only ? !only.has(job) : job === 'export_phases') return;
  process.stdout.write(`start ${job}\n`);
  const { ms, result: queued } = await timeMs(work);
  await app.outbox.drain();
  const measured: JobMeasure = { job, ms, ...(queued !== undefined ? { queued } : {}), peakRssMb: peakRssMb(process.pid), heapUsedMb: mb(process.memoryUsage().heapUsed) };
  result.jobs.push(measured);
  // Progress, for the suite's log: which job was running should the process die.
  process.stdout.write(`job ${JSON.stringify(measured)}\n`);
}

/** The scheduler's sweep over the instant `due` (the job due then, as the minute tick would run it). */
async function sweepAt(job: string, due: Date): Promise<number> {
  now = due;
  const report = await app.scheduler.runDue(new Date(due.getTime() - 1), due);
  const entry = report.entries.find((e) => e.job === job);
  if (entry?.outcome !== 'done') throw new Error(`jobs-child: ${job} at ${due.toISOString()} came to ${entry?.outcome ?? 'nothing'} (${JSON.stringify(report.entries)})`);
  return report.queued;
}

// Monday 09:00 local after the week: the digest job (every leader's digest, the standings and their chart to the group).
const digestAt = new Date(weekStart(shiftWeek(week, 1), org.timeZone).getTime() + 9 * 3_600_000);
await measure('digest', () => sweepAt('digest', digestAt));

// The standings alone (built, written, charted), as /standings asks for them.
await measure('standings', async () => {
  const standings = await buildGroupStandings(app.deps, { org, week });
  renderGroupStandings(translator('zh-CN'), standings);
  await renderStandingsChart(app.deps, { standings, locale: 'zh-CN' });
  return undefined;
});

// The monthly dispatch: 09:00 local on the first of the next month (a working day in the suite's month).
const [year, monthNumber] = month.split('-').map(Number) as [number, number];
const monthlyAt = atLocalTime(`${monthNumber === 12 ? year + 1 : year}-${String((monthNumber % 12) + 1).padStart(2, '0')}-01`, settings.jobs.monthly.time, org.timeZone);
await measure('monthly', () => sweepAt('monthly', monthlyAt));

// The week's ledger as an XLSX workbook (what /export and the CLI write), the whole org.
await measure('export_xlsx', async () => {
  const exported = await exportLedger(app.deps, { org, settings, period: { kind: 'week', week }, scope: null, format: 'xlsx', target: 'store', t: translator('zh-CN') });
  if (exported.kind !== 'written') throw new Error('jobs-child: the export came out empty');
  return undefined;
});

// JOBS_ONLY=export_phases: the export's steps one by one (PROBE_MONTH=1: the month's), each with its own peak RSS (VmHWM reset
// through /proc/self/clear_refs before it) and the heap in use after it, printed as `phase` lines.
await measure('export_phases', async () => {
  const { writeFileSync: write } = await import('node:fs');
  const phase = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const before = process.memoryUsage().rss;
    try {
      write('/proc/self/clear_refs', '5');
    } catch {
      // not Linux: the peak stays the process's
    }
    // The heap's high-water mark, sampled whenever the phase lets the event loop turn.
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
    const { ms, result: value } = await timeMs(async () => work()).finally(() => clearInterval(sampler));
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const peak = peakRssMb(process.pid);
    // Under --expose-gc (PROBE_NODE_ARGS=--expose-gc), the heap the phase's result keeps.
    (globalThis as { gc?: () => void }).gc?.();
    process.stdout.write(`phase ${JSON.stringify({ phase: name, ms: Math.round(ms), rssBeforeMb: Math.round(mb(before)), peakRssMb: Math.round(peak ?? Number.NaN), peakHeapMb: Math.round(mb(peakHeap)), rssAfterMb: Math.round(mb(process.memoryUsage().rss)), heapUsedMb: Math.round(mb(process.memoryUsage().heapUsed)) })}\n`);
    return value;
  };
  const t = translator('zh-CN');
  // As exportLedger: the loaded data is let go before the file is written (it lives in this inner
  // function only); the ledger is kept (the export's result).
  // PROBE_MONTH=1: the month's ledger (JOBS_MONTH) instead of the week's.
  const weeks = process.env.PROBE_MONTH ? weeksOfMonth(year, monthNumber) : [week];
  const { book } = await (async () => {
    const data = await phase('load', () => loadLedgerData(app.deps, { org, settings, weeks, scope: null }));
    const ledger = await phase('assemble', () => (process.env.PROBE_MONTH ? assembleMonthLedger(data, year, monthNumber) : assembleWeekLedger(data, week)));
    const problems = await phase('problems', () => loadProblemRows(app.deps, data));
    return { ledger, book: await phase('book', () => ledgerBook(t, { ledger, history: historyRows(data), problems, rates: reportingRates(data) })) };
  })();
  const path = (await app.deps.ports.files.reserve('exports', 'phases.xlsx')).path;
  await phase('write', () => app.deps.ports.spreadsheets.writeLedgerXlsx(book, path, { creator: org.name, created: app.deps.now(), readImage: (key) => app.deps.ports.files.read(key) }));
  return undefined;
});

// Written whole, then renamed: the suite reads it as soon as it appears.
writeFileSync(`${resultFile}.part`, `${JSON.stringify(result)}\n`);
renameSync(`${resultFile}.part`, resultFile);
process.stdout.write('done\n');
// Nothing is measured after this: the suite's SIGTERM ends the process (Node's default), with no stop to wait for.

