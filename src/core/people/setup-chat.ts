// "/setup": a coordinator binds the current group to an org, so reminders and standings go there.
// A group belongs to one org. With several orgs in the database the org is named
// ("/setup 县卫健局"). The speaker may bind only to an org they coordinate (their own, or one they
// operate through ADMINS). A group already bound to another org is re-bound only by that org's
// coordinator (the router never lets anyone else's command run in it) and only once confirmed.
import type { Chat, Org, Person } from '../model.ts';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import type { Incoming } from '../platform.ts';
import { isOperatorOf } from './operators.ts';

export interface SetupInput {
  /** The speaker's org here (the group's, when it is bound) and their person in it. */
  org: Org;
  coordinator: Person;
  incoming: Incoming;
  /** The org named in the command or chosen on the confirm button; omitted: the only org. */
  target?: { name: string } | { id: string };
  /** Re-binding a group from one org to another was confirmed. */
  confirmed?: boolean;
}

export type SetupOutcome =
  /** Several orgs and none named: the ones the speaker may bind to. */
  | { kind: 'choose'; orgs: Org[] }
  | { kind: 'unknown_org'; name: string; orgs: Org[] }
  /** The speaker coordinates neither the named org nor is an operator of it. */
  | { kind: 'not_yours'; org: Org }
  /** The group belongs to another org: ask to confirm the move. */
  | { kind: 'confirm'; from: Org; to: Org }
  | { kind: 'done'; chat: Chat; org: Org; movedFrom: Org | null };

/** The orgs the speaker may bind a group to, by name. */
function bindableOrgs(deps: CoreDeps, input: SetupInput, orgs: Org[]): Org[] {
  const account = { platform: input.incoming.platform, userId: input.incoming.sender.id };
  return orgs.filter((org) => (org.id === input.org.id && input.coordinator.isCoordinator) || isOperatorOf(deps.admins, account, org));
}

export async function setupChat(deps: CoreDeps, input: SetupInput): Promise<SetupOutcome> {
  const { incoming } = input;
  const orgs = await deps.db.org.findMany({ orderBy: { name: 'asc' } });
  const bindable = bindableOrgs(deps, input, orgs);
  const target = input.target;
  let org: Org | undefined;
  if (!target) {
    if (orgs.length > 1) return { kind: 'choose', orgs: bindable };
    org = orgs[0] ?? input.org;
  } else {
    org = 'id' in target ? orgs.find((o) => o.id === target.id) : orgs.find((o) => o.name === target.name.trim());
    if (!org) return { kind: 'unknown_org', name: 'name' in target ? target.name.trim() : '', orgs: bindable };
  }
  if (!bindable.some((o) => o.id === org.id)) return { kind: 'not_yours', org };

  const key = { platform_platformChatId: { platform: incoming.platform, platformChatId: incoming.chat.id } };
  const current = await deps.db.chat.findUnique({ where: key, include: { org: true } });
  if (current && current.orgId !== org.id) {
    // Only the current org's coordinator (or operator) may give its group away.
    if (!bindable.some((o) => o.id === current.orgId)) return { kind: 'not_yours', org: current.org };
    if (!input.confirmed) return { kind: 'confirm', from: current.org, to: org };
  }
  const chosen = org;
  return deps.db.$transaction(async (tx) => {
    const before = await tx.chat.findUnique({ where: key, include: { org: true } });
    const chat = await tx.chat.upsert({
      where: key,
      create: { orgId: chosen.id, platform: incoming.platform, platformChatId: incoming.chat.id, kind: incoming.chat.kind, title: incoming.chat.title ?? '' },
      update: { orgId: chosen.id, kind: incoming.chat.kind, title: incoming.chat.title ?? before?.title ?? '' },
    });
    const movedFrom = before && before.orgId !== chosen.id ? before.org : null;
    const detail = { platform: incoming.platform, title: chat.title, ...(movedFrom ? { from: movedFrom.name } : {}) };
    await audit(tx, { orgId: chosen.id, actorId: input.coordinator.id, action: 'chat.setup', entity: 'chat', entityId: chat.id, detail });
    if (movedFrom) await audit(tx, { orgId: movedFrom.id, actorId: input.coordinator.id, action: 'chat.moved', entity: 'chat', entityId: chat.id, detail: { ...detail, to: chosen.name } });
    return { kind: 'done', chat, org: chosen, movedFrom };
  });
}
