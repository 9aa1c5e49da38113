// "/iam 张三": an account that the imported list did not name asks to be 张三; a coordinator
// approves or rejects (by button or "/approve 张三").
import type { IdentityClaim, Person } from '../model.ts';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import type { Incoming } from '../platform.ts';
import { bindIdentity } from './resolve-actor.ts';

export type ClaimResult =
  | { kind: 'pending'; claim: IdentityClaim; person: Person }
  | { kind: 'unknown_person'; name: string; suggestions: string[] }
  | { kind: 'taken'; person: Person }
  | { kind: 'already_bound'; person: Person };

/** Files a claim in the org for the sender's account. */
export async function claimIdentity(deps: CoreDeps, input: { orgId: string; incoming: Incoming; name: string; current: Person | null }): Promise<ClaimResult> {
  if (input.current) return { kind: 'already_bound', person: input.current };
  const name = input.name.trim();
  const person = await deps.db.person.findUnique({ where: { orgId_name: { orgId: input.orgId, name } } });
  if (!person) {
    const similar = name ? await deps.db.person.findMany({ where: { orgId: input.orgId, name: { contains: name.slice(0, 1) } }, take: 5, select: { name: true } }) : [];
    return { kind: 'unknown_person', name, suggestions: similar.map((p) => p.name) };
  }
  const bound = await deps.db.identity.findFirst({ where: { personId: person.id, platform: input.incoming.platform } });
  if (bound) return { kind: 'taken', person };
  const { platform, sender } = input.incoming;
  const claim = await deps.db.$transaction(async (tx) => {
    await tx.identityClaim.updateMany({ where: { platform, platformUserId: sender.id, status: 'pending' }, data: { status: 'rejected', decidedAt: deps.now() } });
    const created = await tx.identityClaim.create({
      data: { orgId: input.orgId, personId: person.id, platform, platformUserId: sender.id, displayName: sender.username ?? sender.displayName, createdAt: deps.now() },
    });
    await audit(tx, { orgId: input.orgId, actorId: null, action: 'identity.claim', entity: 'person', entityId: person.id, detail: { platform, account: sender.username ?? sender.id } });
    return created;
  });
  return { kind: 'pending', claim, person };
}

export type DecideResult =
  | { kind: 'approved'; claim: IdentityClaim; person: Person }
  | { kind: 'rejected'; claim: IdentityClaim; person: Person }
  | { kind: 'no_pending'; name: string };

/** A coordinator approves or rejects the latest pending claim for a person (by name) or a claim by id. */
export async function decideClaim(deps: CoreDeps, input: { coordinator: Person; approve: boolean; name?: string; claimId?: string }): Promise<DecideResult> {
  const { coordinator } = input;
  const claim = await deps.db.identityClaim.findFirst({
    where: {
      orgId: coordinator.orgId,
      status: 'pending',
      ...(input.claimId ? { id: input.claimId } : {}),
      ...(input.name ? { personId: (await deps.db.person.findUnique({ where: { orgId_name: { orgId: coordinator.orgId, name: input.name.trim() } } }))?.id ?? '-' } : {}),
    },
    orderBy: { createdAt: 'desc' },
  });
  if (!claim) return { kind: 'no_pending', name: input.name ?? '' };
  const person = await deps.db.person.findUniqueOrThrow({ where: { id: claim.personId } });
  const status = input.approve ? 'approved' : 'rejected';
  const decided = await deps.db.identityClaim.update({ where: { id: claim.id }, data: { status, decidedById: coordinator.id, decidedAt: deps.now() } });
  if (input.approve) {
    await bindIdentity(
      deps,
      { platform: claim.platform as Incoming['platform'], chat: { id: '', kind: 'private' }, sender: { id: claim.platformUserId, displayName: claim.displayName }, text: '', receivedAt: deps.now() },
      person,
      coordinator.id,
    );
  } else {
    await deps.db.$transaction((tx) => audit(tx, { orgId: claim.orgId, actorId: coordinator.id, action: 'identity.reject', entity: 'person', entityId: person.id, detail: { platform: claim.platform } }));
  }
  return { kind: input.approve ? 'approved' : 'rejected', claim: decided, person };
}
