// Ends a project's 停工 early (/resume).
import { audit } from '../../audit.ts';
import type { CoreDeps } from '../../context.ts';
import type { Project } from '../../model.ts';

/** Ends a project's pause. */
export async function resumeProject(deps: CoreDeps, input: { project: Project; actorId: string }): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    await tx.project.update({ where: { id: input.project.id }, data: { status: 'active', pausedUntil: null } });
    await audit(tx, { orgId: input.project.orgId, actorId: input.actorId, action: 'project.resume', entity: 'project', entityId: input.project.id });
  });
}
