// 停工: a coordinator pauses a project until a date (exclusive) or until resumed; while paused it
// is shown as paused, not missing, and nobody is reminded about it.
import { DateTime } from 'luxon';
import { audit } from '../../audit.ts';
import type { CoreDeps } from '../../context.ts';
import type { Project } from '../../model.ts';

/** The instant a pause ends: the start of the day after `lastDay` in the zone. */
export function pauseEnd(lastDay: string, zone: string): Date {
  return DateTime.fromISO(lastDay, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
}

/** Pauses a project until `until` (exclusive), or until resumed when null. */
export async function pauseProject(deps: CoreDeps, input: { project: Project; actorId: string; until: Date | null; reason: string }): Promise<Project> {
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.project.update({ where: { id: input.project.id }, data: { status: 'paused', pausedUntil: input.until } });
    await audit(tx, { orgId: input.project.orgId, actorId: input.actorId, action: 'project.pause', entity: 'project', entityId: input.project.id, detail: { until: input.until?.toISOString() ?? null, reason: input.reason } });
    return updated;
  });
}

/** Whether a project is paused at `now`. */
export function projectPausedAt(project: Project, now: Date): boolean {
  if (project.status === 'paused') return !project.pausedUntil || project.pausedUntil > now;
  return Boolean(project.pausedUntil && project.pausedUntil > now);
}
