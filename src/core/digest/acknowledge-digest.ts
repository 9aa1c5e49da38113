// 已阅: a leader marks a week's digest as read. Idempotent.
import type { Person } from '../model.ts';
import type { CoreDeps } from '../context.ts';

/** Records that `person` read the digest of `period`. Returns false when it was already recorded. */
export async function acknowledgeDigest(deps: CoreDeps, input: { person: Person; period: string }): Promise<boolean> {
  const where = { personId_kind_period: { personId: input.person.id, kind: 'digest', period: input.period } };
  if (await deps.db.acknowledgement.findUnique({ where })) return false;
  await deps.db.acknowledgement.upsert({
    where,
    create: { orgId: input.person.orgId, personId: input.person.id, kind: 'digest', period: input.period, createdAt: deps.now() },
    update: {},
  });
  return true;
}
