// 请假: a person on leave gets no reminders and is shown as paused until a date (exclusive).
import { audit } from '../../audit.ts';
import type { CoreDeps } from '../../context.ts';
import type { Person } from '../../model.ts';

/** Records a person's leave until `until` (exclusive). */
export async function recordLeave(deps: CoreDeps, input: { person: Person; actorId: string; until: Date; reason: string }): Promise<Person> {
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.person.update({ where: { id: input.person.id }, data: { pausedUntil: input.until } });
    await audit(tx, { orgId: input.person.orgId, actorId: input.actorId, action: 'person.leave', entity: 'person', entityId: input.person.id, detail: { until: input.until.toISOString(), reason: input.reason } });
    return updated;
  });
}
