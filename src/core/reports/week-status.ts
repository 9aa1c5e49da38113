// This week's picture in a person's scope: who reported (on time or late), who is missing, who is paused.
import type { Org, Person, Project, Report, Unit } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { deadlineOf, formatWeek, type IsoWeek } from '../rules/period.ts';
import { projectScope } from '../rules/permissions.ts';
import type { OrgSettings } from '../settings.ts';

export type ProjectState = 'on_time' | 'late' | 'missing' | 'paused';

export interface ProjectWeekStatus {
  project: Project & { unit: Unit; owner: Person | null; leader: Person | null };
  state: ProjectState;
  report: Report | null;
}

export interface WeekStatus {
  week: IsoWeek;
  deadline: Date;
  deadlinePassed: boolean;
  units: { unit: Unit; items: ProjectWeekStatus[] }[];
  counts: Record<ProjectState, number> & { total: number };
}

/** Whether a project (or its owner) is paused (停工 / 请假) at `now`. */
export function isPaused(project: Project & { owner: Person | null }, now: Date): boolean {
  if (project.status === 'paused') return !project.pausedUntil || project.pausedUntil > now;
  if (project.pausedUntil && project.pausedUntil > now) return true;
  return Boolean(project.owner?.pausedUntil && project.owner.pausedUntil > now);
}

/**
 * The state of every project in scope for the week. `scope` null means the whole org. A completed
 * (竣工) project is left out (never missing, never reminded) unless it reported that week, when it
 * shows as reported.
 */
export async function weekStatus(deps: CoreDeps, input: { org: Org; settings: OrgSettings; week: IsoWeek; scope: Person | null }): Promise<WeekStatus> {
  const { org, week } = input;
  const now = deps.now();
  const where = input.scope ? projectScope(input.scope) : { orgId: org.id };
  const [projects, reports] = await Promise.all([
    deps.db.project.findMany({
      where: { AND: [where, { OR: [{ status: { not: 'completed' } }, { reports: { some: { period: formatWeek(week) } } }] }] },
      include: { unit: true, owner: true, leader: true },
      orderBy: [{ unit: { sortOrder: 'asc' } }, { sortOrder: 'asc' }, { code: 'asc' }],
    }),
    deps.db.report.findMany({ where: { orgId: org.id, period: formatWeek(week) } }),
  ]);
  const reportByProject = new Map(reports.map((r) => [r.projectId, r]));
  const deadline = deadlineOf(week, org.timeZone, input.settings.deadline);
  const counts = { on_time: 0, late: 0, missing: 0, paused: 0, total: projects.length };
  const units = new Map<string, { unit: Unit; items: ProjectWeekStatus[] }>();
  for (const project of projects) {
    const report = reportByProject.get(project.id) ?? null;
    const state: ProjectState = report ? (report.late ? 'late' : 'on_time') : isPaused(project, now) ? 'paused' : 'missing';
    counts[state] += 1;
    const group = units.get(project.unitId) ?? { unit: project.unit, items: [] };
    group.items.push({ project, state, report });
    units.set(project.unitId, group);
  }
  return { week, deadline, deadlinePassed: now > deadline, units: [...units.values()], counts };
}
