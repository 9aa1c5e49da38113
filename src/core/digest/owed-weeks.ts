// Which weeks a project owed a report, for on-time and reporting rates. A filed week always
// counts. A week without a report counts only once its deadline has passed, and then as the
// deadline run recorded it (its overdue list leaves out paused projects and projects not yet on the
// list); for a week the bot did not run its deadline, a project owed it when it existed by the
// deadline and was not paused then.
import type { Person, Project } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { overdueOf } from '../schedule/miss-streaks.ts';

/** Whether `project` owed a report for `period`, whose deadline is `deadline`. */
export type OwedWeek = (project: Project & { owner?: Person | null }, period: string, deadline: Date, filed: boolean) => boolean;

function pausedAt(project: Project & { owner?: Person | null }, at: Date): boolean {
  if (project.status === 'paused') return !project.pausedUntil || project.pausedUntil > at;
  if (project.pausedUntil && project.pausedUntil > at) return true;
  return Boolean(project.owner?.pausedUntil && project.owner.pausedUntil > at);
}

/** Loads the deadline runs of `periods` and returns the rule. */
export async function loadOwedWeeks(deps: CoreDeps, input: { orgId: string; periods: string[] }): Promise<OwedWeek> {
  const runs = await deps.db.jobRun.findMany({ where: { orgId: input.orgId, job: 'deadline', period: { in: input.periods } }, select: { period: true, detail: true } });
  const overdue = new Map(runs.map((r) => [r.period, overdueOf(r.detail)]));
  const now = deps.now();
  return (project, period, deadline, filed) => {
    if (filed) return true;
    if (deadline > now) return false;
    const listed = overdue.get(period);
    if (listed) return listed.has(project.id);
    return project.createdAt <= deadline && !pausedAt(project, deadline);
  };
}
