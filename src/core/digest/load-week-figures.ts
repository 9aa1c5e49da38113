// The week-figures model: for a set of projects, this week's and last week's report, the week's
// 累计完成投资 by the one carry-forward rule, pace and flag, open problems with their age. The
// standings, the leader digests, the monthly and quarterly summaries and the ledger all read their
// figures from here, so that every total in chat equals the ledger's 合计 to the 分.
import type { Org, Person, Problem, Project, Report, Unit } from '../model.ts';
import { findInChunks, IDS_PER_QUERY } from '../../db/chunked.ts';
import type { CoreDeps } from '../context.ts';
import { isPaused } from '../reports/week-status.ts';
import { DateTime } from 'luxon';
import { completionRate, expectedShare, paceFlag, plannedShare, type PaceFlag } from '../rules/pace.ts';
import { deadlineOf, formatWeek, parseWeekId, shiftWeek, weekEnd, weeksBetween, type IsoWeek } from '../rules/period.ts';
import { readOrgSettings, type DigestSettings } from '../settings.ts';
import { monthPlansByProject } from '../projects/month-plans.ts';
import { loadOwedWeeks } from './owed-weeks.ts';

/**
 * How a project stands for the week summarised: 'on_time' | 'late' (补报) | 'missing' | 'paused'
 * (停工 or its owner on leave: not owed) | 'completed' (竣工: not owed, kept with its final figures).
 */
export type DigestState = 'on_time' | 'late' | 'missing' | 'paused' | 'completed';

/** Where a week's 累计完成投资 comes from (see {@link weekCumulative}). */
export type CumulativeSource = 'reported' | 'carried' | 'opening' | 'none';

/** A project's 累计完成投资 for a week, and where it comes from. */
export interface WeekCumulative {
  /** 分; 0 when nothing is known for the year. */
  fen: bigint;
  source: CumulativeSource;
  /** The week ("2026-W46") whose report is carried, when `source` is 'carried'. */
  carriedFrom: string | null;
}

/**
 * THE carry-forward rule, used by every figure in chat and in the ledger (stated once, here):
 * a project's 累计完成投资 for a week is
 * 1. the cumulative of its report of that week, when it gives one ('reported');
 * 2. otherwise the cumulative of its latest earlier report of the same year that gives one, marked
 *    as carried from that week ('carried': 「（沿用第46周）」 in chat, a grey cell in the XLSX);
 * 3. otherwise, in the year of the list's 本年已完成投资, that opening figure ('opening');
 * 4. otherwise 0 ('none').
 * 累计 is year to date, so nothing carries across a year's end.
 */
export function weekCumulative(input: {
  period: string;
  /** The latest report up to and including the week, of the week's year, that gives a cumulative. */
  latest: { period: string; cumulative: bigint } | null;
  project: Pick<Project, 'openingCumulative' | 'openingYear'>;
}): WeekCumulative {
  const { latest, period, project } = input;
  const year = period.slice(0, 4);
  if (latest && latest.period.slice(0, 4) === year && latest.period <= period) {
    return latest.period === period ? { fen: latest.cumulative, source: 'reported', carriedFrom: null } : { fen: latest.cumulative, source: 'carried', carriedFrom: latest.period };
  }
  if (project.openingYear === Number(year) && project.openingCumulative > 0n) return { fen: project.openingCumulative, source: 'opening', carriedFrom: null };
  return { fen: 0n, source: 'none', carriedFrom: null };
}

/**
 * Whether a project is in a week's figures: every project not 竣工, and a 竣工 one while its
 * figures count in the year (it reported that week, or has a cumulative of the year), so that a
 * project finished in June still adds its investment to the year's totals.
 */
export function inWeekFigures(project: Pick<Project, 'status'>, hasReport: boolean, cumulative: WeekCumulative): boolean {
  return project.status !== 'completed' || hasReport || cumulative.fen > 0n;
}

/** Whether a project owed the week's report and so counts in the rates and lists (not paused, on leave or 竣工). */
export function owesReport(state: DigestState): boolean {
  return state !== 'paused' && state !== 'completed';
}

/** One project's figures for the week. */
export interface ProjectFigures {
  project: Project & { unit: Unit; owner: Person | null; leader: Person | null };
  state: DigestState;
  report: Report | null;
  /** Last week's report, if filed. */
  previous: Report | null;
  progress: number | null;
  previousProgress: number | null;
  /** 累计完成投资 by the carry-forward rule (分). */
  cumulative: bigint;
  cumulativeSource: CumulativeSource;
  /** The week carried from ("2026-W46"), when the cumulative is carried. */
  carriedFrom: string | null;
  completion: number | null;
  /**
   * This project's 序时进度 at the end of the week (0–1): from its 分月计划 of the year when it has
   * one (see {@link projectExpected}), else the org's (linear or the org's plan curve).
   */
  expected: number;
  /** True when `expected` comes from the project's own 分月计划. */
  monthPlanned: boolean;
  /** 'none' for a 竣工 project (nothing left to be behind with). */
  flag: PaceFlag;
}

/** An open problem with its age in whole weeks. */
export interface OpenProblem {
  problem: Problem;
  projectCode: string;
  ageWeeks: number;
}

/** The week's figures. */
export interface WeekFigures {
  org: Org;
  week: IsoWeek;
  /** The digest settings, and the 连续未报 threshold (escalation.standingsAfter, the only one). */
  settings: DigestSettings & { lagMissStreak: number };
  /**
   * Expected share of the annual plan at the end of the week (0–1) over all `projects`: their
   * expected shares weighted by annual plan ({@link expectedOver}); the org's share when no project
   * has a 分月计划 or a plan.
   */
  expected: number;
  projects: ProjectFigures[];
  problems: OpenProblem[];
  /** Reports of the week (any state), for "no reports this week". */
  reportCount: number;
  /** Sums over `projects` (分): the figures every total in chat and the ledger's 合计 show. */
  totals: { plan: bigint; cumulative: bigint; completion: number | null };
}

/** A filter on projects: a leader's (`{ leaderId }`) or a person's scope (`projectScope`). */
export type ProjectFilter = { leaderId?: string; OR?: ({ leaderId: string } | { ownerId: string })[] };

/** Sums plan and cumulative over figures; completion to six decimals. */
export function sumFigures(projects: readonly Pick<ProjectFigures, 'project' | 'cumulative'>[]): { plan: bigint; cumulative: bigint; completion: number | null } {
  let plan = 0n;
  let cumulative = 0n;
  for (const f of projects) {
    plan += f.project.annualPlan;
    cumulative += f.cumulative;
  }
  return { plan, cumulative, completion: plan === 0n ? null : Number((cumulative * 1_000_000n) / plan) / 1_000_000 };
}

/**
 * THE pace rule (序时进度), stated once: a project's expected share of its annual plan at a moment is
 * 1. with a 分月计划 for the year: the plan of the months before the moment's month, plus the
 *    current month's plan pro rata to the share of the month elapsed, over the annual plan;
 * 2. otherwise the org's: the org's plan curve when one is set, else the elapsed share of the year.
 * The flag compares completion with it in points (🟡 10–30 behind, 🔴 beyond; see rules/pace.ts).
 */
export function projectExpected(input: { at: Date; zone: string; orgExpected: number; months: readonly bigint[] | undefined; annualPlan: bigint }): { expected: number; monthPlanned: boolean } {
  const planned = input.months ? plannedShare(input.at, input.zone, input.months, input.annualPlan) : null;
  return planned === null ? { expected: input.orgExpected, monthPlanned: false } : { expected: planned, monthPlanned: true };
}

/**
 * The expected share of a set of projects: each project's expected share weighted by its annual
 * plan, so that a unit's or a leader's 序时进度 is its planned investment to date over its annual
 * plan; `fallback` (the org's) when the set has no plan.
 */
export function expectedOver(projects: readonly Pick<ProjectFigures, 'project' | 'expected'>[], fallback: number): number {
  // Without a 分月计划 every project expects the org's share: keep it exact (no float noise).
  if (projects.every((f) => f.expected === fallback)) return fallback;
  let plan = 0;
  let planned = 0;
  for (const f of projects) {
    const weight = Number(f.project.annualPlan);
    plan += weight;
    planned += f.expected * weight;
  }
  return plan > 0 ? planned / plan : fallback;
}

/** A project as the week's figures show it: with its unit, owner and leader. */
export type FigureProject = ProjectFigures['project'];

/**
 * The org's projects matching `where`, in the order of every list and table (by unit, then the
 * project's own order): the week's figures and the period summaries read them here. Their units and
 * people are read once each and shared, not joined to every project: at 1,000 projects Prisma built
 * a unit and two people per project (2,000 people for a few hundred), a third of the standings' time.
 */
export async function loadFigureProjects(deps: CoreDeps, input: { org: Org; where?: ProjectFilter }): Promise<FigureProject[]> {
  const projects = await deps.db.project.findMany({
    where: { orgId: input.org.id, ...(input.where ?? {}) },
    orderBy: [{ unit: { sortOrder: 'asc' } }, { unit: { name: 'asc' } }, { sortOrder: 'asc' }, { code: 'asc' }],
  });
  const unitIds = [...new Set(projects.map((p) => p.unitId))];
  const personIds = [...new Set(projects.flatMap((p) => [p.ownerId, p.leaderId]).filter((id): id is string => id !== null))];
  const [units, people] = await Promise.all([
    findInChunks(unitIds, (chunk) => deps.db.unit.findMany({ where: { id: { in: chunk } } })),
    findInChunks(personIds, (chunk) => deps.db.person.findMany({ where: { id: { in: chunk } } })),
  ]);
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const personOf = new Map(people.map((p) => [p.id, p]));
  return projects.map((project) => {
    const unit = unitOf.get(project.unitId);
    if (!unit) throw new Error(`project ${project.id} has no unit ${project.unitId}`);
    return { ...project, unit, owner: project.ownerId === null ? null : (personOf.get(project.ownerId) ?? null), leader: project.leaderId === null ? null : (personOf.get(project.leaderId) ?? null) };
  });
}

/** A project's latest cumulative up to a week: the week and the 分. */
type LatestCumulative = { period: string; cumulative: bigint };

/**
 * Each project's latest report up to and including `period` that gives a cumulative, of the
 * period's year (the `latest` of {@link weekCumulative}), from the cumulatives of the week's and the
 * previous week's reports, and for projects without one there, from older reports of the year.
 */
async function latestCumulatives(
  deps: CoreDeps,
  input: { period: string; previousPeriod: string; projectIds: readonly string[]; thisWeek: ReadonlyMap<string, bigint | null>; lastWeek: ReadonlyMap<string, bigint | null> },
): Promise<(projectId: string) => LatestCumulative | null> {
  const { period, previousPeriod } = input;
  // Mostly this week's or last week's; older ones (this year's) only for the projects without one
  // in those two weeks.
  const recent = (id: string): LatestCumulative | null => {
    const own = input.thisWeek.get(id);
    if (own != null) return { period, cumulative: own };
    const last = input.lastWeek.get(id);
    return last != null && previousPeriod.slice(0, 4) === period.slice(0, 4) ? { period: previousPeriod, cumulative: last } : null;
  };
  const older = await latestCumulativeBefore(deps, { period: previousPeriod, year: period.slice(0, 4), projectIds: input.projectIds.filter((id) => recent(id) === null) });
  return (id) => recent(id) ?? older.get(id) ?? null;
}

/** A project's 累计完成投资 for a week, and whether it filed that week's report. */
export interface ProjectWeekCumulative {
  cumulative: WeekCumulative;
  reported: boolean;
}

/**
 * The week's 累计完成投资 of each of `projects` (the org's), by the carry-forward rule, without the
 * rest of the week's figures: the period summaries need only these, at two weeks. Each equals the
 * `cumulative` of the project's {@link ProjectFigures} for the week; `reported` with it decides
 * whether a 竣工 project is in the week's figures ({@link inWeekFigures}).
 */
export async function loadWeekCumulatives(deps: CoreDeps, input: { org: Org; week: IsoWeek; projects: readonly FigureProject[] }): Promise<Map<string, ProjectWeekCumulative>> {
  const period = formatWeek(input.week);
  const previousPeriod = formatWeek(shiftWeek(input.week, -1));
  const rows = await deps.db.report.findMany({ where: { orgId: input.org.id, period: { in: [period, previousPeriod] } }, select: { projectId: true, period: true, cumulative: true } });
  const thisWeek = new Map<string, bigint | null>();
  const lastWeek = new Map<string, bigint | null>();
  for (const r of rows) (r.period === period ? thisWeek : lastWeek).set(r.projectId, r.cumulative);
  const latest = await latestCumulatives(deps, { period, previousPeriod, projectIds: input.projects.map((p) => p.id), thisWeek, lastWeek });
  return new Map(input.projects.map((project) => [project.id, { cumulative: weekCumulative({ period, latest: latest(project.id), project }), reported: thisWeek.has(project.id) }]));
}

/** Loads the figures of the org's projects matching `where` (e.g. `{ leaderId }`) for `week`. */
export async function loadWeekFigures(deps: CoreDeps, input: { org: Org; week: IsoWeek; where?: ProjectFilter }): Promise<WeekFigures> {
  const { org, week } = input;
  const stored = readOrgSettings(org.settings);
  const settings = { ...stored.digest, lagMissStreak: stored.escalation.standingsAfter };
  const end = weekEnd(week, org.timeZone);
  const period = formatWeek(week);
  const previousPeriod = formatWeek(shiftWeek(week, -1));
  const projectWhere = { orgId: org.id, ...(input.where ?? {}) };
  const projects = await loadFigureProjects(deps, input);
  // The projects are named by the same filter, not by their ids: a list of a thousand ids or more
  // is more bound parameters than SQLite takes (P2029).
  // Only this week's and last week's reports: the whole history made the digest grow with it.
  // A leader's projects (a few hundred at most) are read by id, the whole org by the filter, so a
  // leader's digest does not read every report of the org's two weeks. By id without orgId (the ids
  // are the org's): SQLite then takes the (projectId, period) index, not (orgId, period).
  const ids = projects.map((p) => p.id);
  const subset = input.where !== undefined;
  const openProblem = { status: { in: ['open', 'in_progress'] }, raisedPeriod: { lte: period } };
  const [recent, problems] = await Promise.all([
    subset
      ? findInChunks(ids, (chunk) => deps.db.report.findMany({ where: { projectId: { in: chunk }, period: { in: [period, previousPeriod] } } }))
      : deps.db.report.findMany({ where: { orgId: org.id, project: projectWhere, period: { in: [period, previousPeriod] } } }),
    subset
      ? findInChunks(ids, (chunk) => deps.db.problem.findMany({ where: { orgId: org.id, projectId: { in: chunk }, ...openProblem } })).then((rows) => rows.sort((a, b) => a.number - b.number))
      : deps.db.problem.findMany({ where: { orgId: org.id, project: projectWhere, ...openProblem }, orderBy: { number: 'asc' } }),
  ]);
  const thisWeek = new Map<string, Report>();
  const lastWeek = new Map<string, Report>();
  for (const r of recent) (r.period === period ? thisWeek : lastWeek).set(r.projectId, r);
  const cumulativeOf = (reports: Map<string, Report>) => new Map([...reports].map(([id, r]) => [id, r.cumulative]));
  // The change in 形象进度 is against the latest earlier report that gave one, however many weeks
  // were missed in between (not against 0).
  const [latest, olderProgress] = await Promise.all([
    latestCumulatives(deps, { period, previousPeriod, projectIds: ids, thisWeek: cumulativeOf(thisWeek), lastWeek: cumulativeOf(lastWeek) }),
    latestProgressBefore(deps, { period: previousPeriod, projectIds: projects.filter((p) => (lastWeek.get(p.id)?.progress ?? null) === null).map((p) => p.id) }),
  ]);
  const at = new Date(end.getTime() - 1);
  const orgExpected = expectedShare(at, org.timeZone, settings.planCurve);
  // 分月计划 of the calendar year the week ends in (few rows: twelve per planned project).
  const planYear = DateTime.fromJSDate(at, { zone: org.timeZone }).year;
  const monthPlans = monthPlansByProject(
    subset
      ? await findInChunks(ids, (chunk) => deps.db.projectMonthPlan.findMany({ where: { projectId: { in: chunk }, year: planYear }, select: { projectId: true, month: true, amount: true } }))
      : await deps.db.projectMonthPlan.findMany({ where: { orgId: org.id, year: planYear, project: projectWhere }, select: { projectId: true, month: true, amount: true } }),
  );
  const figures: ProjectFigures[] = [];
  for (const project of projects) {
    const report = thisWeek.get(project.id) ?? null;
    const previous = lastWeek.get(project.id) ?? null;
    const cumulative = weekCumulative({ period, latest: latest(project.id), project });
    if (!inWeekFigures(project, report !== null, cumulative)) continue;
    const completion = completionRate(cumulative.fen, project.annualPlan);
    const pace = projectExpected({ at, zone: org.timeZone, orgExpected, months: monthPlans.get(project.id), annualPlan: project.annualPlan });
    const state: DigestState = project.status === 'completed' ? 'completed' : report ? (report.late ? 'late' : 'on_time') : isPaused(project, end) ? 'paused' : 'missing';
    figures.push({
      project,
      state,
      report,
      previous,
      progress: report?.progress ?? null,
      previousProgress: previous?.progress ?? olderProgress.get(project.id) ?? null,
      cumulative: cumulative.fen,
      cumulativeSource: cumulative.source,
      carriedFrom: cumulative.carriedFrom,
      completion,
      expected: pace.expected,
      monthPlanned: pace.monthPlanned,
      flag: state === 'completed' ? 'none' : paceFlag(completion, pace.expected, settings),
    });
  }
  const codeOf = new Map(figures.map((f) => [f.project.id, f.project.code]));
  return {
    org,
    week,
    settings,
    expected: expectedOver(figures, orgExpected),
    projects: figures,
    problems: problems.filter((p) => codeOf.has(p.projectId)).map((problem) => ({ problem, projectCode: codeOf.get(problem.projectId) ?? '', ageWeeks: problemAgeWeeks(problem.raisedPeriod, week) })),
    reportCount: figures.filter((f) => f.report).length,
    totals: sumFigures(figures),
  };
}

/** Whole weeks a problem has been open at `week`, counted from the week it was raised (not when its row was written). */
export function problemAgeWeeks(raisedPeriod: string, week: IsoWeek): number {
  const raised = parseWeekId(raisedPeriod);
  return raised ? Math.max(0, weeksBetween(raised, week)) : 0;
}

/**
 * Per project, the cumulative of its latest report before `period` that has one, in `year` only:
 * 累计完成投资 is year to date, so last year's never carries into January. `projectIds` are one
 * org's (see {@link latestRows}).
 */
export async function latestCumulativeBefore(deps: CoreDeps, input: { period: string; year: string; projectIds: string[] }): Promise<Map<string, { period: string; cumulative: bigint }>> {
  const rows = await latestRows(deps, { projectIds: input.projectIds, before: input.period, from: `${input.year}-W01`, has: 'cumulative' });
  const result = new Map<string, { period: string; cumulative: bigint }>();
  for (const r of rows) if (r.cumulative !== null) result.set(r.projectId, { period: r.period, cumulative: r.cumulative });
  return result;
}

/**
 * Per project, the 形象进度 of its latest report before `period` that has one (any year: progress
 * is over the project's life). `projectIds` are one org's (see {@link latestRows}).
 */
export async function latestProgressBefore(deps: CoreDeps, input: { period: string; projectIds: string[] }): Promise<Map<string, number>> {
  const rows = await latestRows(deps, { projectIds: input.projectIds, before: input.period, has: 'progress' });
  const result = new Map<string, number>();
  for (const r of rows) if (r.progress !== null) result.set(r.projectId, r.progress);
  return result;
}

/** Weeks before the week asked about in which {@link latestRows} looks first: most projects report most weeks. */
export const RECENT_WEEKS = 4;

/**
 * Each project's latest report before the week `before` (and from the week `from`, if given) whose
 * `has` is set: the latest period per project found by the database (one row per project), then
 * those reports read. Reading every matching report and keeping the first per project held a year
 * of history in memory (520,000 rows at 10,000 projects).
 * First within the {@link RECENT_WEEKS} weeks before `before`, then, for the projects without one
 * there, over the whole range: so that the time stays flat in history for projects that report.
 * By project id and period only, never with orgId (the ids are the org's): with orgId in the where,
 * SQLite walks the (orgId, period) index over the whole org's history once per chunk of 500 ids
 * (1.9 s a chunk at 10,000 projects × 52 weeks, the monthly dispatch's 60 s); without it, it
 * searches (projectId, period) per id (18 ms a chunk).
 */
async function latestRows(deps: CoreDeps, input: { projectIds: readonly string[]; before: string; from?: string; has: 'cumulative' | 'progress' }) {
  const { before, from, has } = input;
  const beforeWeek = parseWeekId(before);
  const window = beforeWeek ? formatWeek(shiftWeek(beforeWeek, -RECENT_WEEKS)) : undefined;
  const recentFrom = window !== undefined && (from === undefined || window > from) ? window : from;
  const latestIn = (ids: readonly string[], gte: string | undefined) =>
    findInChunks(ids, (chunk) => deps.db.report.groupBy({ by: ['projectId'], where: { projectId: { in: chunk }, period: { lt: before, ...(gte !== undefined ? { gte } : {}) }, [has]: { not: null } }, _max: { period: true } }));
  const periodOf = new Map<string, string>();
  const add = (groups: { projectId: string; _max: { period: string | null } }[]) => {
    for (const g of groups) if (g._max.period) periodOf.set(g.projectId, g._max.period);
  };
  add(await latestIn(input.projectIds, recentFrom));
  if (recentFrom !== from) add(await latestIn(input.projectIds.filter((id) => !periodOf.has(id)), from));
  const periods = [...new Set(periodOf.values())];
  if (periods.length === 0) return [];
  const rows = await findInChunks([...periodOf.keys()], (chunk) => deps.db.report.findMany({ where: { projectId: { in: chunk }, period: { in: periods } }, select: { projectId: true, period: true, cumulative: true, progress: true } }));
  return rows.filter((r) => periodOf.get(r.projectId) === r.period);
}

/**
 * On-time filings over the `weeks` weeks ending with `week`, per project: [on time, due]. Only
 * owed weeks are due (not paused ones, nor those before the project was on the list).
 */
export async function loadOnTime(deps: CoreDeps, input: { org: Org; week: IsoWeek; weeks: number; projects: (Project & { owner?: Person | null })[] }): Promise<Map<string, { onTime: number; due: number }>> {
  const deadline = readOrgSettings(input.org.settings).deadline;
  const periods = Array.from({ length: input.weeks }, (_, i) => shiftWeek(input.week, -i));
  const select = { projectId: true, period: true, firstFiledAt: true } as const;
  const [reports, owed] = await Promise.all([
    // Many projects: the org's reports of those weeks in one read (a list of ids per query made
    // SQLite walk the (orgId, period) index once per chunk: 1.3 s at 10,000 projects and a year of history).
    input.projects.length > IDS_PER_QUERY
      ? deps.db.report.findMany({ where: { orgId: input.org.id, period: { in: periods.map(formatWeek) } }, select })
      : deps.db.report.findMany({ where: { projectId: { in: input.projects.map((p) => p.id) }, period: { in: periods.map(formatWeek) } }, select }),
    loadOwedWeeks(deps, { orgId: input.org.id, periods: periods.map(formatWeek) }),
  ]);
  const filed = new Map(reports.map((r) => [`${r.projectId}|${r.period}`, r.firstFiledAt]));
  // Once per week, not per project and week: time-zone arithmetic is slow.
  const weekDeadlines = periods.map((w) => ({ period: formatWeek(w), deadline: deadlineOf(w, input.org.timeZone, deadline) }));
  const result = new Map<string, { onTime: number; due: number }>();
  for (const project of input.projects) {
    let onTime = 0;
    let due = 0;
    for (const { period, deadline: dl } of weekDeadlines) {
      const at = filed.get(`${project.id}|${period}`);
      if (!owed(project, period, dl, at !== undefined)) continue;
      due += 1;
      if (at && at <= dl) onTime += 1;
    }
    result.set(project.id, { onTime, due });
  }
  return result;
}
