// 竣工 and its undoing: a completed project leaves reminders, nudges, the 未报 lists and miss streaks
// (week-status.ts reads status 'completed'), and stays in the records with its final figures.
// Reopening makes it an active project again; its miss streak starts afresh because the weeks it
// was completed were never listed as overdue.
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import type { Project } from '../model.ts';

/** Marks a project 竣工 (status 'completed', completedAt now). */
export async function completeProject(deps: CoreDeps, input: { project: Project; actorId: string; note: string; via: 'command' | 'owner_confirm' }): Promise<Project> {
  const at = deps.now();
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.project.update({ where: { id: input.project.id }, data: { status: 'completed', completedAt: at, pausedUntil: null } });
    await audit(tx, {
      orgId: input.project.orgId,
      actorId: input.actorId,
      action: 'project.complete',
      entity: 'project',
      entityId: input.project.id,
      detail: { note: input.note, via: input.via, previousStatus: input.project.status },
    });
    return updated;
  });
}

/** Reopens a completed project (status 'active', completedAt cleared). */
export async function reopenProject(deps: CoreDeps, input: { project: Project; actorId: string; note: string }): Promise<Project> {
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.project.update({ where: { id: input.project.id }, data: { status: 'active', completedAt: null } });
    await audit(tx, {
      orgId: input.project.orgId,
      actorId: input.actorId,
      action: 'project.reopen',
      entity: 'project',
      entityId: input.project.id,
      detail: { note: input.note, completedAt: input.project.completedAt?.toISOString() ?? null },
    });
    return updated;
  });
}

/** Whether a project is 竣工. */
export function isCompleted(project: Pick<Project, 'status'>): boolean {
  return project.status === 'completed';
}
