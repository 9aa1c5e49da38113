// Makes the ADMINS accounts coordinators at start-up. Accounts already bound are promoted now;
// sandbox admins are people's names; other unbound accounts are promoted on their first message.
import { audit } from '../core/audit.ts';
import type { CoreDeps } from '../core/context.ts';
import { soleOrgId } from '../core/people/resolve-actor.ts';

export async function applyAdmins(deps: CoreDeps): Promise<void> {
  for (const admin of deps.admins) {
    const identity = await deps.db.identity.findUnique({ where: { platform_platformUserId: { platform: admin.platform, platformUserId: admin.userId } }, include: { person: true } });
    if (identity) {
      if (!identity.person.isCoordinator) await deps.db.person.update({ where: { id: identity.personId }, data: { isCoordinator: true } });
      continue;
    }
    if (admin.platform !== 'sandbox') continue;
    const orgId = await soleOrgId(deps);
    if (!orgId) continue;
    await deps.db.$transaction(async (tx) => {
      const person = await tx.person.upsert({ where: { orgId_name: { orgId, name: admin.userId } }, create: { orgId, name: admin.userId, isCoordinator: true }, update: { isCoordinator: true } });
      await audit(tx, { orgId, actorId: null, action: 'person.admin', entity: 'person', entityId: person.id, detail: { platform: 'sandbox' } });
    });
  }
}
