// Ends a person's 请假 early (/resume).
import { audit } from '../../audit.ts';
import type { CoreDeps } from '../../context.ts';
import type { Person } from '../../model.ts';

/** Ends a person's leave. */
export async function endLeave(deps: CoreDeps, input: { person: Person; actorId: string }): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    await tx.person.update({ where: { id: input.person.id }, data: { pausedUntil: null } });
    await audit(tx, { orgId: input.person.orgId, actorId: input.actorId, action: 'person.resume', entity: 'person', entityId: input.person.id });
  });
}
