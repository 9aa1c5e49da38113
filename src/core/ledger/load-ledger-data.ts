// Everything a ledger export reads, in one pass: the projects in a person's scope, their reports of
// the covered weeks with every revision, and the names of the people who filed them.
import type { Org, Person, Project, Report, ReportRevision, Unit } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { deadlineOf, formatWeek, weekStart, type IsoWeek } from '../rules/period.ts';
import { projectScope } from '../rules/permissions.ts';
import { isPaused } from '../reports/week-status.ts';
import type { OrgSettings } from '../settings.ts';
import { weekMark, type WeekMark } from './ledger-model.ts';

export type LedgerProject = Project & { unit: Unit; leader: Person | null; owner: Person | null };
export type LedgerReport = Report & { revisions: ReportRevision[] };

/** What the ledger builders work from. Pure data: the builders do no I/O. */
export interface LedgerData {
  org: Org;
  settings: OrgSettings;
  /** The person whose scope limits the data, or null for the whole org. */
  scope: Person | null;
  weeks: IsoWeek[];
  now: Date;
  /** Projects in scope, in ledger order (unit, then project order, then code). Completed ones only if they reported. */
  projects: LedgerProject[];
  /** Reports of those projects for the weeks, each with its revisions in order. */
  reports: LedgerReport[];
  /** Person id → name, for authors. */
  names: Map<string, string>;
}

/** Loads the projects in scope and their reports for `weeks`. `scope` null means the whole org. */
export async function loadLedgerData(deps: CoreDeps, input: { org: Org; settings: OrgSettings; weeks: IsoWeek[]; scope: Person | null }): Promise<LedgerData> {
  const { org } = input;
  const where = input.scope ? projectScope(input.scope) : { orgId: org.id };
  const periods = input.weeks.map(formatWeek);
  const [allProjects, reports, people] = await Promise.all([
    deps.db.project.findMany({
      where,
      include: { unit: true, leader: true, owner: true },
      orderBy: [{ unit: { sortOrder: 'asc' } }, { unit: { name: 'asc' } }, { sortOrder: 'asc' }, { code: 'asc' }],
    }),
    deps.db.report.findMany({
      where: { orgId: org.id, period: { in: periods }, project: where },
      include: { revisions: { orderBy: { revision: 'asc' } } },
      orderBy: [{ period: 'asc' }],
    }),
    deps.db.person.findMany({ where: { orgId: org.id }, select: { id: true, name: true } }),
  ]);
  const reported = new Set(reports.map((r) => r.projectId));
  const projects = allProjects.filter((p) => p.status !== 'completed' || reported.has(p.id));
  return { org, settings: input.settings, scope: input.scope, weeks: input.weeks, now: deps.now(), projects, reports, names: new Map(people.map((p) => [p.id, p.name])) };
}

/** Reports by project id, then by period. */
export function indexReports(reports: readonly LedgerReport[]): Map<string, Map<string, LedgerReport>> {
  const index = new Map<string, Map<string, LedgerReport>>();
  for (const report of reports) {
    const byPeriod = index.get(report.projectId) ?? new Map<string, LedgerReport>();
    byPeriod.set(report.period, report);
    index.set(report.projectId, byPeriod);
  }
  return index;
}

/** Whether a week has begun at `now` (a week still ahead is not expected yet). */
export function weekHasStarted(week: IsoWeek, now: Date, zone: string): boolean {
  return weekStart(week, zone).getTime() <= now.getTime();
}

/**
 * The mark of a project for a week. Pausing (停工, leave) is judged at the week's deadline, or now
 * if that is earlier, so that a past week keeps the state it had.
 */
export function markOf(data: Pick<LedgerData, 'org' | 'settings' | 'now'>, project: LedgerProject, week: IsoWeek, report: LedgerReport | undefined): WeekMark {
  const deadline = deadlineOf(week, data.org.timeZone, data.settings.deadline);
  const at = deadline.getTime() < data.now.getTime() ? deadline : data.now;
  return weekMark({
    report: report ?? null,
    corrections: report ? correctionsOf(report) : [],
    paused: isPaused(project, at),
    overdue: data.now.getTime() > deadline.getTime(),
  });
}

/**
 * The revisions of a report that are 更正: changes filed after the deadline to a week first filed on
 * time. The core stores their reason in `correction` and flags the revision late.
 */
export function correctionsOf(report: LedgerReport): ReportRevision[] {
  if (report.late) return [];
  return report.revisions.filter((r) => r.correction.trim() !== '' || r.late);
}
