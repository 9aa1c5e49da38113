// Ingest: reports from many owners through the whole Telegram path (fake Bot API on 127.0.0.1 →
// grammY → core → database → reply), the bot in a process of its own with 10,000 projects and 52
// weeks of history loaded, on SQLite and on PostgreSQL; against an echo bot on the same fake.
//
// Two phases per bot. Paced: 200 owners send one report each, 100 ms apart (10 a second: 36,000 an
// hour, far above any real Friday, and below saturation so that no report waits behind another),
// and each report's processing time is measured at the fake, from the getUpdates answer that handed
// it out to the bot's reply. Burst: 2,000 owners send at once; throughput is
// reports answered per second from the first handed out to the last answer. The bot-wide send rate
// is raised to 1,000 a second (TELEGRAM_MAX_PER_SECOND, Telegram's paid-broadcast ceiling) so that
// the bot's processing is measured, not Telegram's 30 a second; the echo bot has no limiter at all.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/client.ts';
import { startBotProcess, stopProcess, type BotProcess } from '../support/bot-process.ts';
import { FakeTelegram } from '../support/fake-telegram.ts';
import { figure, percentile, round, type Figure, type Suite } from './figures.ts';
import { peakRssMb } from './process-memory.ts';
import { seedLargeOrg, type LargeOrg } from './seed-large.ts';

const PROJECTS = 10_000;
const OWNERS = 2_000;
const WEEKS = 52;
const PACED = 200;
const PACED_GAP_MS = 100;
const BURST = 2_000;
/** Wednesday 10:00 in Shanghai, 2026-W48: history runs to W47, this week is open and on time. */
const CLOCK = Date.parse('2026-11-25T02:00:00Z');
const PG_BASE = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

interface Sender {
  userId: number;
  code: string;
}

interface Phases {
  latencies: number[];
  throughput: number;
  /** Answers that were receipts ("已收到"): the report was stored. */
  stored: number;
  /** Peak resident memory of the bot process, MB. */
  peakRssMb: number | null;
  /** SQL statements per paced report, counted by the bot (background polls over the phase included); null for the echo bot. */
  statementsPerReport: number | null;
}

function reportText(code: string, n: number): string {
  return `/report ${code}\n形象进度：99%\n本周完成投资：${10 + (n % 40)}万\n本周进展：压测第${n}条，主体施工按计划推进\n下周计划：继续推进`;
}

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** SQL statements the bot has run so far (its /metrics), or null when it does not say (the echo bot). */
async function statementsRun(port: number): Promise<number | null> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => (r.ok ? r.text() : ''), () => '');
  const match = /^progress_bot_db_statements_total (\d+)/m.exec(text);
  return match ? Number(match[1]) : null;
}

/** Runs both phases against a bot already polling `fake`. */
async function drive(fake: FakeTelegram, child: BotProcess, paced: Sender[], burst: Sender[]): Promise<Phases> {
  const repliesTo = new Map<string, number[]>();
  let seen = 0;
  const collect = () => {
    for (; seen < fake.sent.length; seen++) {
      const m = fake.sent[seen];
      if (m) repliesTo.set(m.chat_id, [...(repliesTo.get(m.chat_id) ?? []), m.at]);
    }
  };
  // Paced: one report every PACED_GAP_MS.
  const statementsBefore = await statementsRun(child.port);
  const pacedIds: { id: number; chat: string }[] = [];
  for (const [n, s] of paced.entries()) {
    pacedIds.push({ id: fake.push(fake.message({ chatId: s.userId, from: { id: s.userId, first_name: `负责人${n}` }, text: reportText(s.code, n) })), chat: String(s.userId) });
    await new Promise((resolve) => setTimeout(resolve, PACED_GAP_MS));
  }
  await until(() => (collect(), pacedIds.every((p) => repliesTo.has(p.chat))), 60_000, () => `paced replies (${pacedIds.filter((p) => repliesTo.has(p.chat)).length}/${PACED})`);
  const latencies = pacedIds.map((p) => (repliesTo.get(p.chat)?.[0] ?? Number.NaN) - (fake.handedOutAt.get(p.id) ?? Number.NaN));
  const statementsAfter = await statementsRun(child.port);

  // Burst: everything at once.
  const before = new Map([...repliesTo].map(([chat, times]) => [chat, times.length]));
  const burstIds = burst.map((s, n) => ({ id: fake.push(fake.message({ chatId: s.userId, from: { id: s.userId, first_name: `负责人${n}` }, text: reportText(s.code, PACED + n) })), chat: String(s.userId) }));
  const answered = (p: { chat: string }) => (repliesTo.get(p.chat)?.length ?? 0) > (before.get(p.chat) ?? 0);
  await until(() => (collect(), burstIds.every(answered)), 300_000, () => `burst replies (${burstIds.filter(answered).length}/${BURST})`);
  const first = Math.min(...burstIds.map((p) => fake.handedOutAt.get(p.id) ?? Number.POSITIVE_INFINITY));
  const last = Math.max(...burstIds.map((p) => repliesTo.get(p.chat)?.at(-1) ?? 0));
  return {
    latencies,
    throughput: BURST / ((last - first) / 1000),
    stored: fake.sent.filter((m) => m.text.includes('已收到')).length,
    peakRssMb: peakRssMb(child.pid),
    statementsPerReport: statementsBefore === null || statementsAfter === null ? null : (statementsAfter - statementsBefore) / PACED,
  };
}

/** The senders: the first project of owners 0…199 (paced), the second project of all 2,000 (burst). */
function senders(org: LargeOrg | null): { paced: Sender[]; burst: Sender[] } {
  const owners = org?.owners ?? Array.from({ length: OWNERS }, (_, i) => ({ telegramUserId: String(9_000_000_000 + i), projectCodes: [`E${i}a`, `E${i}b`] }));
  const sender = (i: number, k: number): Sender => ({ userId: Number(owners[i]?.telegramUserId), code: owners[i]?.projectCodes[k] ?? '' });
  return { paced: Array.from({ length: PACED }, (_, i) => sender(i, 0)), burst: Array.from({ length: BURST }, (_, i) => sender(i, 1)) };
}

async function runBot(url: string, org: LargeOrg | null, script?: string): Promise<Phases> {
  const fake = await FakeTelegram.start();
  let child: BotProcess | null = null;
  try {
    child = await startBotProcess({ databaseUrl: url, telegramApiRoot: fake.url, clockOffsetMs: CLOCK - Date.now(), env: { TELEGRAM_MAX_PER_SECOND: '1000', OUTBOX_POLL_MS: '500' }, ...(process.env.BENCH_PROFILE_DIR && !script ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] } : {}), ...(script ? { script } : {}) });
    const { paced, burst } = senders(org);
    return await drive(fake, child, paced, burst);
  } finally {
    if (child) await stopProcess(child, 'SIGTERM');
    await fake.close();
  }
}

async function withDatabase<T>(provider: 'sqlite' | 'postgresql', log: (line: string) => void, use: (url: string, org: LargeOrg) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const url = provider === 'sqlite' ? `file:${join(dir, 'ingest.db')}` : `${PG_BASE}?schema=${schema}`;
  try {
    const database = await openDatabase(url);
    const started = Date.now();
    const org = await seedLargeOrg(database.db, { projects: PROJECTS, weeks: WEEKS, owners: OWNERS, endWeek: '2026-W47', telegram: true });
    await database.close();
    log(`  ${provider}: seeded ${org.projectCount} projects, ${org.reportCount} reports in ${round((Date.now() - started) / 1000, 1)} s`);
    return await use(url, org);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (provider === 'postgresql') {
      const client = new pg.Client({ connectionString: PG_BASE });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
}

export const ingestSuite: Suite = {
  name: 'ingest',
  description: 'reports through fake Telegram → grammY → core → database → reply, against an echo bot',
  async run(log) {
    log('  echo bot…');
    const echo = await runBot('file:/dev/null', null, join(import.meta.dirname, 'echo-bot.ts'));
    log(`  echo bot: ${round(echo.throughput)} msg/s, p50 ${round(percentile(echo.latencies, 50), 1)} ms, p99 ${round(percentile(echo.latencies, 99), 1)} ms`);
    const figures: Figure[] = [
      figure({ name: 'ingest.echo.throughput', value: echo.throughput, unit: 'msg/s', note: `${BURST} messages at once, grammY echo bot` }),
      figure({ name: 'ingest.echo.p50', value: percentile(echo.latencies, 50), unit: 'ms' }),
      figure({ name: 'ingest.echo.p99', value: percentile(echo.latencies, 99), unit: 'ms' }),
    ];
    let peak: number | null = null;
    for (const provider of (process.env.BENCH_PROVIDERS?.split(',') ?? ['sqlite', 'postgresql']) as ('sqlite' | 'postgresql')[]) {
      const result = await withDatabase(provider, log, (url, org) => runBot(url, org));
      log(`  ${provider}: ${round(result.throughput)} msg/s, p50 ${round(percentile(result.latencies, 50), 1)} ms, p99 ${round(percentile(result.latencies, 99), 1)} ms, ${result.stored} stored, peak RSS ${round(result.peakRssMb ?? 0)} MB`);
      peak = Math.max(peak ?? 0, result.peakRssMb ?? 0);
      figures.push(
        figure({
          name: `ingest.${provider}.throughput`,
          value: result.throughput,
          unit: 'msg/s',
          baseline: { name: 'echo bot', value: echo.throughput, unit: 'msg/s' },
          target: { op: '>=', limit: 0.6, text: '≥ 0.6 × the echo bot' },
          compareRatio: true,
          note: `${BURST} reports at once; ${PROJECTS} projects, ${WEEKS} weeks of history`,
        }),
        figure({ name: `ingest.${provider}.statements_per_report`, value: result.statementsPerReport ?? Number.NaN, unit: 'statements', target: { op: '<=', limit: 15, text: '≤ 15 (counted by the bot over the paced phase)' } }),
        figure({ name: `ingest.${provider}.p50`, value: percentile(result.latencies, 50), unit: 'ms', note: `${PACED} reports at ${1000 / PACED_GAP_MS}/s` }),
        figure({ name: `ingest.${provider}.p99`, value: percentile(result.latencies, 99), unit: 'ms', target: { op: '<=', limit: 50, text: '< 50 ms' } }),
        figure({ name: `ingest.${provider}.stored`, value: result.stored, unit: 'reports', target: { op: '>=', limit: PACED + BURST, text: 'every report stored' } }),
      );
    }
    if (peak !== null) figures.push(figure({ name: 'memory.bot.peak_rss', value: peak, unit: 'MB', target: { op: '<=', limit: 200, text: '< 200 MB' }, note: `bot process, ${PROJECTS} projects loaded, through the ingest runs` }));
    return figures;
  },
};
