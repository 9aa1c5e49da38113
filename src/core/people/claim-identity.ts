// "/iam 张三": an account that the imported list did not name asks to be 张三; a coordinator
// approves or rejects (by button or "/approve 张三"). An unknown account is never shown names from
// the list, and claims are rate-limited per account and per org (every attempt counts, a name on
// the list or not), so the list cannot be guessed and coordinators cannot be flooded.
import type { IdentityClaim, Person } from '../model.ts';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import type { Incoming } from '../platform.ts';
import { normalizeMobile } from '../rules/contact.ts';
import { bindIdentity } from './resolve-actor.ts';

/** Claims allowed per hour: from one account, and into one org from all accounts together. */
export const CLAIM_LIMITS = { perAccountPerHour: 3, perOrgPerHour: 20 } as const;
const HOUR_MS = 60 * 60 * 1000;
/** The audit action of every claim attempt; the limits count these. */
const ATTEMPT_ACTION = 'identity.claim_attempt';

/** A contact detail on the list that the claiming account does not match (missing or different). */
export interface ClaimMismatch {
  field: 'username' | 'email' | 'mobile';
  listed: string;
  /** What the account has; undefined when the platform did not say. */
  given?: string;
}

export type ClaimResult =
  | { kind: 'pending'; claim: IdentityClaim; person: Person; mismatches: ClaimMismatch[] }
  | { kind: 'unknown_person'; name: string }
  | { kind: 'taken'; person: Person }
  | { kind: 'already_bound'; person: Person }
  | { kind: 'rate_limited'; scope: 'account' | 'org'; limit: number };

/** Files a claim in the org for the sender's account. */
export async function claimIdentity(deps: CoreDeps, input: { orgId: string; incoming: Incoming; name: string; current: Person | null }): Promise<ClaimResult> {
  if (input.current) return { kind: 'already_bound', person: input.current };
  const { platform, sender } = input.incoming;
  const account = `${platform}:${sender.id}`;
  const since = new Date(deps.now().getTime() - HOUR_MS);
  const [byAccount, byOrg] = await Promise.all([
    deps.db.auditLog.count({ where: { orgId: input.orgId, action: ATTEMPT_ACTION, entityId: account, createdAt: { gte: since } } }),
    deps.db.auditLog.count({ where: { orgId: input.orgId, action: ATTEMPT_ACTION, createdAt: { gte: since } } }),
  ]);
  if (byAccount >= CLAIM_LIMITS.perAccountPerHour) return { kind: 'rate_limited', scope: 'account', limit: CLAIM_LIMITS.perAccountPerHour };
  if (byOrg >= CLAIM_LIMITS.perOrgPerHour) return { kind: 'rate_limited', scope: 'org', limit: CLAIM_LIMITS.perOrgPerHour };
  await deps.db.$transaction((tx) =>
    tx.auditLog.create({ data: { orgId: input.orgId, actorId: null, action: ATTEMPT_ACTION, entity: 'account', entityId: account, detail: '{}', createdAt: deps.now() } }),
  );
  const name = input.name.trim();
  const person = await deps.db.person.findUnique({ where: { orgId_name: { orgId: input.orgId, name } } });
  if (!person) return { kind: 'unknown_person', name };
  const bound = await deps.db.identity.findFirst({ where: { personId: person.id, platform: input.incoming.platform } });
  if (bound) return { kind: 'taken', person };
  const claim = await deps.db.$transaction(async (tx) => {
    await tx.identityClaim.updateMany({ where: { platform, platformUserId: sender.id, status: 'pending' }, data: { status: 'rejected', decidedAt: deps.now() } });
    const created = await tx.identityClaim.create({
      data: { orgId: input.orgId, personId: person.id, platform, platformUserId: sender.id, displayName: sender.username ?? sender.displayName, createdAt: deps.now() },
    });
    await audit(tx, { orgId: input.orgId, actorId: null, action: 'identity.claim', entity: 'person', entityId: person.id, detail: { platform, account: sender.username ?? sender.id } });
    return created;
  });
  return { kind: 'pending', claim, person, mismatches: claimMismatches(person, input.incoming) };
}

/** The list's contact details for `person` on the claiming platform that the account does not match. */
export function claimMismatches(person: Person, incoming: Pick<Incoming, 'platform' | 'sender'>): ClaimMismatch[] {
  const { sender } = incoming;
  const out: ClaimMismatch[] = [];
  const check = (field: ClaimMismatch['field'], listed: string | null, given: string | undefined, same: (a: string, b: string) => boolean) => {
    if (!listed) return;
    if (given === undefined || given === '' || !same(listed, given)) out.push({ field, listed, ...(given ? { given } : {}) });
  };
  if (incoming.platform === 'telegram') {
    check('username', person.telegramUsername, sender.username, (a, b) => a.replace(/^@/, '').toLowerCase() === b.replace(/^@/, '').toLowerCase());
  }
  if (incoming.platform === 'lark') {
    check('email', person.larkEmail, sender.email, (a, b) => a.trim().toLowerCase() === b.trim().toLowerCase());
    check('mobile', person.larkMobile, sender.mobile, (a, b) => normalizeMobile(a) === normalizeMobile(b));
  }
  return out;
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
