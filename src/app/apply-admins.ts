// Makes the ADMINS accounts coordinators at start-up. An entry scoped "@<org name>" operates that
// org only (an unknown name stops start-up); an unscoped one operates every org. Accounts already
// bound are promoted now (in their own org, when they operate it); sandbox admins are people's
// names; other unbound accounts are promoted on their first message (see people/resolve-actor.ts).
import { audit } from '../core/audit.ts';
import type { CoreDeps } from '../core/context.ts';
import { isOperatorOf } from '../core/people/operators.ts';
import { soleOrgId } from '../core/people/resolve-actor.ts';

/** An ADMINS entry names an org the database does not have. */
export class UnknownAdminOrgError extends Error {
  constructor(
    readonly orgName: string,
    known: string[],
  ) {
    super(`ADMINS: no org named "${orgName}" (${known.length ? `known: ${known.map((n) => `"${n}"`).join(', ')}` : 'there are no orgs yet: import the project list first'})`);
    this.name = 'UnknownAdminOrgError';
  }
}

/** Throws UnknownAdminOrgError for the first ADMINS entry scoped to an org that does not exist. */
export async function checkAdminOrgs(deps: CoreDeps): Promise<void> {
  const scoped = [...new Set(deps.admins.flatMap((a) => (a.orgName === undefined ? [] : [a.orgName])))];
  if (scoped.length === 0) return;
  const orgs = await deps.db.org.findMany({ select: { name: true }, orderBy: { name: 'asc' } });
  const known = orgs.map((o) => o.name);
  const missing = scoped.find((name) => !known.includes(name));
  if (missing !== undefined) throw new UnknownAdminOrgError(missing, known);
}

export async function applyAdmins(deps: CoreDeps): Promise<void> {
  await checkAdminOrgs(deps);
  for (const admin of deps.admins) {
    const account = { platform: admin.platform, userId: admin.userId };
    const identity = await deps.db.identity.findUnique({
      where: { platform_platformUserId: { platform: admin.platform, platformUserId: admin.userId } },
      include: { person: { include: { org: true } } },
    });
    if (identity) {
      const { person } = identity;
      if (!person.isCoordinator && isOperatorOf(deps.admins, account, person.org)) await deps.db.person.update({ where: { id: person.id }, data: { isCoordinator: true } });
      continue;
    }
    if (admin.platform !== 'sandbox') continue;
    const orgId = admin.orgName !== undefined ? (await deps.db.org.findUnique({ where: { name: admin.orgName } }))?.id : await soleOrgId(deps);
    if (!orgId) continue;
    await deps.db.$transaction(async (tx) => {
      const person = await tx.person.upsert({ where: { orgId_name: { orgId, name: admin.userId } }, create: { orgId, name: admin.userId, isCoordinator: true }, update: { isCoordinator: true } });
      await audit(tx, { orgId, actorId: null, action: 'person.admin', entity: 'person', entityId: person.id, detail: { platform: 'sandbox' } });
    });
  }
}
