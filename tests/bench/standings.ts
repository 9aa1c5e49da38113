// How long the weekly standings (红黑榜), every leader's digest and the monthly dispatch take to
// build for 100, 1,000 and 10,000 projects with 1 and 52 weeks of history. The target:
// standings for 1,000 projects under 300 ms, growing linearly in projects and flat in history.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPorts } from '../../src/app/ports.ts';
import { silentLogger, type CoreDeps } from '../../src/core/context.ts';
import { buildGroupStandings } from '../../src/core/digest/build-group-standings.ts';
import { buildLeaderDigest } from '../../src/core/digest/build-leader-digest.ts';
import { buildMonthlyDispatch } from '../../src/core/digest/build-monthly-dispatch.ts';
import { parseWeekId, shiftWeek, weekStart } from '../../src/core/rules/period.ts';
import { openDatabase, type Database, type Provider } from '../../src/db/client.ts';
import { figure, percentile, round, timeMs, type Figure, type Suite } from './figures.ts';
import { seedLargeOrg } from './seed-large.ts';

/** The week summarised: the last week with history (its digest goes out the Monday after). */
const END_WEEK = '2026-W46';
/** The month of END_WEEK, for the monthly dispatch. */
const MONTH = '2026-11';
const PROJECTS = [100, 1_000, 10_000] as const;
const HISTORY = [1, 52] as const;
/** PostgreSQL server for the optional figures (BENCH_PG_URL overrides; BENCH_PG=0 skips). */
const PG_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const TARGET_MS = 300;
/** BENCH_MAX_PROJECTS=1000 leaves the bigger cases out (quick runs while profiling). */
const MAX_PROJECTS = Number(process.env.BENCH_MAX_PROJECTS ?? Infinity);

interface Case {
  provider: Provider;
  projects: number;
  weeks: number;
}

/** A fresh, migrated database: a temp SQLite file or a new PostgreSQL schema. */
async function freshDatabase(provider: Provider): Promise<Database & { destroy(): Promise<void> }> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-standings-'));
    const database = await openDatabase(`file:${join(dir, 'bench.db')}`);
    return { ...database, destroy: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase(`${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`);
  return {
    ...database,
    destroy: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

async function postgresReachable(): Promise<boolean> {
  if (process.env.BENCH_PG === '0') return false;
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Median of `runs` timed runs after one warm-up; fewer runs where one run is long. */
async function medianMs(run: () => Promise<unknown>, runs: number): Promise<{ median: number; all: number[] }> {
  await run();
  const all: number[] = [];
  for (let i = 0; i < runs; i++) all.push((await timeMs(run)).ms);
  return { median: percentile(all, 50), all };
}

/** Measures one case; returns the medians in ms. */
async function measureCase(c: Case, log: (line: string) => void): Promise<{ standings: number; digests: number; monthly: number; leaders: number }> {
  const database = await freshDatabase(c.provider);
  try {
    const seeded = await timeMs(() => seedLargeOrg(database.db, { projects: c.projects, weeks: c.weeks, owners: Math.ceil(c.projects / 3), endWeek: END_WEEK }));
    log(`  seeded ${c.provider} ${c.projects} projects × ${c.weeks} weeks (${seeded.result.reportCount} reports) in ${round(seeded.ms / 1000, 1)} s`);
    const db = database.db;
    const org = await db.org.findUniqueOrThrow({ where: { id: seeded.result.orgId } });
    const week = parseWeekId(END_WEEK);
    if (!week) throw new Error(`bad week ${END_WEEK}`);
    // Monday 09:00 after the week, when the digest job runs.
    const now = new Date(weekStart(shiftWeek(week, 1), org.timeZone).getTime() + 9 * 3_600_000);
    const deps: CoreDeps = { db, now: () => now, admins: [], defaults: { timeZone: org.timeZone, locale: 'zh-CN' }, log: silentLogger, ports: createPorts({ dataDir: tmpdir() }) };
    const leaders = await db.person.findMany({ where: { orgId: org.id, isLeader: true }, orderBy: { name: 'asc' } });
    const runs = c.projects >= 10_000 ? 3 : c.projects >= 1_000 ? 5 : 7;

    const standings = await medianMs(() => buildGroupStandings(deps, { org, week }), runs);
    const digests = await medianMs(async () => {
      for (const leader of leaders) await buildLeaderDigest(deps, { org, leader, week });
    }, runs);
    const monthly = await medianMs(async () => {
      if (!(await buildMonthlyDispatch(deps, { org, month: MONTH }))) throw new Error('no monthly dispatch');
    }, runs);
    const fmt = (m: { median: number; all: number[] }) => `${round(m.median, 1)} ms [${m.all.map((v) => round(v, 0)).join(', ')}]`;
    log(`  ${c.provider} p${c.projects} w${c.weeks}: standings ${fmt(standings)}; ${leaders.length} leader digests ${fmt(digests)}; monthly ${fmt(monthly)}`);
    return { standings: standings.median, digests: digests.median, monthly: monthly.median, leaders: leaders.length };
  } finally {
    await database.destroy();
  }
}

export const standingsSuite: Suite = {
  name: 'standings',
  description: 'Time to build the group standings, every leader digest and the monthly dispatch for 100 / 1,000 / 10,000 projects with 1 and 52 weeks of history.',
  async run(log) {
    const cases: Case[] = PROJECTS.flatMap((projects) => HISTORY.map((weeks) => ({ provider: 'sqlite' as const, projects, weeks })));
    if (await postgresReachable()) {
      // 1,000 projects only: the 50 leader digests of 10,000 projects take about half a minute a run
      // on PostgreSQL (see the report), which would take the suite past its 3 minutes.
      for (const weeks of HISTORY) cases.push({ provider: 'postgresql', projects: 1_000, weeks });
    } else {
      log('  PostgreSQL not reachable (or BENCH_PG=0): SQLite figures only');
    }
    const figures: Figure[] = [];
    const measured = new Map<string, { standings: number; digests: number; monthly: number }>();
    for (const c of cases.filter((c) => c.projects <= MAX_PROJECTS)) {
      const result = await measureCase(c, log);
      const suffix = `${c.provider}.p${c.projects}.w${c.weeks}`;
      measured.set(suffix, result);
      const what = `${c.projects} projects, ${c.weeks} week${c.weeks === 1 ? '' : 's'} of history, ${c.provider}`;
      figures.push(
        figure({
          name: `standings.${suffix}`,
          value: result.standings,
          unit: 'ms',
          ...(c.projects === 1_000 ? { target: { op: '<=', limit: TARGET_MS, text: '< 300 ms for 1,000 projects' } } : {}),
          note: `group standings, ${what}; median after a warm-up`,
        }),
        figure({ name: `digests.${suffix}`, value: result.digests, unit: 'ms', note: `all ${result.leaders} leader digests one after another, ${what}; median` }),
        figure({ name: `monthly.${suffix}`, value: result.monthly, unit: 'ms', note: `monthly dispatch of ${MONTH}, ${what}; median` }),
      );
    }
    for (const provider of new Set(cases.map((c) => c.provider))) {
      for (const kind of ['standings', 'digests'] as const) {
        const at = (projects: number, weeks: number) => measured.get(`${provider}.p${projects}.w${weeks}`)?.[kind];
        const p1k = at(1_000, 52);
        const p10k = at(10_000, 52);
        const w1 = at(10_000, 1);
        if (p1k !== undefined && p10k !== undefined) {
          figures.push(
            figure({
              name: `${kind}.${provider}.growth.projects`,
              value: p10k / p1k,
              unit: 'x',
              target: { op: '<=', limit: 15, text: '≈ 10 × for 10 × the projects (linear)' },
              note: `time(10,000 projects) / time(1,000 projects), 52 weeks of history`,
            }),
          );
        }
        if (p10k !== undefined && w1 !== undefined) {
          figures.push(
            figure({
              name: `${kind}.${provider}.growth.history`,
              value: p10k / w1,
              unit: 'x',
              target: { op: '<=', limit: 1.5, text: '≈ 1 × for 52 weeks of history instead of 1 (flat)' },
              note: `time(52 weeks) / time(1 week), 10,000 projects`,
            }),
          );
        }
      }
    }
    return figures;
  },
};
