// Loads the week's figures for a set of projects: this week's and last week's report, the latest
// cumulative investment, pace and flag, open problems with their age. Shared by the digest use cases.
import type { Org, Person, Problem, Project, Report, Unit } from '../../db/generated/sqlite/client.ts';
import type { CoreDeps } from '../context.ts';
import { isPaused } from '../reports/week-status.ts';
import { completionRate, expectedShare, paceFlag, type PaceFlag } from '../rules/pace.ts';
import { deadlineOf, formatWeek, shiftWeek, weekEnd, type IsoWeek } from '../rules/period.ts';
import { readOrgSettings } from '../settings.ts';
import { readDigestSettings, type DigestSettings } from './digest-settings.ts';

/** 'on_time' | 'late' (补报) | 'missing' | 'paused' for the week summarised. */
export type DigestState = 'on_time' | 'late' | 'missing' | 'paused';

/** One project's figures for the week. */
export interface ProjectFigures {
  project: Project & { unit: Unit; owner: Person | null; leader: Person | null };
  state: DigestState;
  report: Report | null;
  previous: Report | null;
  progress: number | null;
  previousProgress: number | null;
  /** Latest cumulative investment reported up to the week (分), null when never reported. */
  cumulative: bigint | null;
  completion: number | null;
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
  settings: DigestSettings;
  /** Expected share of the annual plan at the end of the week (0–1). */
  expected: number;
  projects: ProjectFigures[];
  problems: OpenProblem[];
  /** Reports of the week (any state), for "no reports this week". */
  reportCount: number;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Ids per `in` list, well under SQLite's bound-parameter limit. */
const ID_CHUNK = 500;

/** Loads the figures of the org's active projects matching `where` (e.g. `{ leaderId }`). */
export async function loadWeekFigures(deps: CoreDeps, input: { org: Org; week: IsoWeek; where?: { leaderId?: string } }): Promise<WeekFigures> {
  const { org, week } = input;
  const settings = readDigestSettings(org.settings);
  const end = weekEnd(week, org.timeZone);
  const period = formatWeek(week);
  const previousPeriod = formatWeek(shiftWeek(week, -1));
  const projectWhere = { orgId: org.id, status: { not: 'completed' }, ...(input.where ?? {}) };
  const projects = await deps.db.project.findMany({
    where: projectWhere,
    include: { unit: true, owner: true, leader: true },
    orderBy: [{ unit: { sortOrder: 'asc' } }, { sortOrder: 'asc' }, { code: 'asc' }],
  });
  // The projects are named by the same filter, not by their ids: a list of a thousand ids or more
  // is more bound parameters than SQLite takes (P2029).
  // Only this week's and last week's reports: the whole history made the digest grow with it.
  const [recent, problems] = await Promise.all([
    deps.db.report.findMany({ where: { orgId: org.id, project: projectWhere, period: { in: [period, previousPeriod] } } }),
    deps.db.problem.findMany({ where: { orgId: org.id, project: projectWhere, status: { in: ['open', 'in_progress'] }, createdAt: { lt: end } }, orderBy: { number: 'asc' } }),
  ]);
  const thisWeek = new Map<string, Report>();
  const lastWeek = new Map<string, Report>();
  for (const r of recent) (r.period === period ? thisWeek : lastWeek).set(r.projectId, r);
  // The latest cumulative up to the week: mostly this week's or last week's; older ones only for
  // the projects without one in those two weeks.
  const recentCumulative = (id: string) => thisWeek.get(id)?.cumulative ?? lastWeek.get(id)?.cumulative ?? null;
  const older = await latestCumulativeBefore(deps, { orgId: org.id, period: previousPeriod, projectIds: projects.filter((p) => recentCumulative(p.id) === null).map((p) => p.id) });
  const expected = expectedShare(new Date(end.getTime() - 1), org.timeZone, settings.planCurve);
  const figures: ProjectFigures[] = projects.map((project) => {
    const report = thisWeek.get(project.id) ?? null;
    const previous = lastWeek.get(project.id) ?? null;
    const cumulative = recentCumulative(project.id) ?? older.get(project.id) ?? null;
    const completion = completionRate(cumulative, project.annualPlan);
    const state: DigestState = report ? (report.late ? 'late' : 'on_time') : isPaused(project, end) ? 'paused' : 'missing';
    return {
      project,
      state,
      report,
      previous,
      progress: report?.progress ?? null,
      previousProgress: previous?.progress ?? null,
      cumulative,
      completion,
      flag: paceFlag(completion, expected, settings.amberPoints),
    };
  });
  const codeOf = new Map(projects.map((p) => [p.id, p.code]));
  return {
    org,
    week,
    settings,
    expected,
    projects: figures,
    problems: problems.map((problem) => ({ problem, projectCode: codeOf.get(problem.projectId) ?? '', ageWeeks: Math.floor((end.getTime() - problem.createdAt.getTime()) / WEEK_MS) })),
    reportCount: figures.filter((f) => f.report).length,
  };
}

/** Per project, the cumulative of its latest report before `period` that has one. */
export async function latestCumulativeBefore(deps: CoreDeps, input: { orgId: string; period: string; projectIds: string[] }): Promise<Map<string, bigint>> {
  const result = new Map<string, bigint>();
  for (let i = 0; i < input.projectIds.length; i += ID_CHUNK) {
    const rows = await deps.db.report.findMany({
      where: { orgId: input.orgId, projectId: { in: input.projectIds.slice(i, i + ID_CHUNK) }, period: { lt: input.period }, cumulative: { not: null } },
      orderBy: { period: 'desc' },
      select: { projectId: true, cumulative: true },
    });
    for (const r of rows) if (r.cumulative !== null && !result.has(r.projectId)) result.set(r.projectId, r.cumulative);
  }
  return result;
}

/** On-time filings over the `weeks` weeks ending with `week`, per project: [on time, due]. */
export async function loadOnTime(deps: CoreDeps, input: { org: Org; week: IsoWeek; weeks: number; projects: Project[] }): Promise<Map<string, { onTime: number; due: number }>> {
  const deadline = readOrgSettings(input.org.settings).deadline;
  const periods = Array.from({ length: input.weeks }, (_, i) => shiftWeek(input.week, -i));
  const ids = input.projects.map((p) => p.id);
  const reports: { projectId: string; period: string; firstFiledAt: Date }[] = [];
  // A few hundred ids per query: SQLite takes a limited number of bound parameters (P2029).
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    reports.push(
      ...(await deps.db.report.findMany({
        where: { orgId: input.org.id, projectId: { in: ids.slice(i, i + ID_CHUNK) }, period: { in: periods.map(formatWeek) } },
        select: { projectId: true, period: true, firstFiledAt: true },
      })),
    );
  }
  const filed = new Map(reports.map((r) => [`${r.projectId}|${r.period}`, r.firstFiledAt]));
  // Once per week, not per project and week: time-zone arithmetic is slow.
  const weekDeadlines = periods.map((w) => ({ period: formatWeek(w), deadline: deadlineOf(w, input.org.timeZone, deadline) }));
  const result = new Map<string, { onTime: number; due: number }>();
  for (const project of input.projects) {
    let onTime = 0;
    let due = 0;
    for (const { period, deadline: dl } of weekDeadlines) {
      due += 1;
      const at = filed.get(`${project.id}|${period}`);
      if (at && at <= dl) onTime += 1;
    }
    result.set(project.id, { onTime, due });
  }
  return result;
}
