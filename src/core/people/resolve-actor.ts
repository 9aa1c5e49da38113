// Works out who is speaking, in which org, and in which language. Binds an account to its person
// on the first message when the imported list names it (Telegram username, Lark email or mobile,
// the sandbox's person name), and makes ADMINS accounts coordinators of the orgs they operate.
import { isLocale, type Chat, type Locale, type Org, type Person } from '../model.ts';
import type { Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { filingStoreOf } from '../../db/filing-store/filing-store.ts';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import type { Incoming } from '../platform.ts';
import { readOrgSettings, type OrgSettings } from '../settings.ts';
import { normalizeMobile } from '../rules/contact.ts';
import { isOperatorOf } from './operators.ts';

export interface Actor {
  org: Org | null;
  person: Person | null;
  /** The stored chat, when this chat is bound to an org. */
  chat: Chat | null;
  locale: Locale;
  settings: OrgSettings;
  /** Set when this message bound the account to its person. */
  boundNow: boolean;
  /**
   * Set when the speaker is a person of another org than the one this group is bound to. Nothing
   * is run for them here: they get a pointer to a private chat (org is the group's, person null).
   */
  foreign?: boolean;
}

/** Picks the language for a person: their own, else the org's, else the sender's app, else the default. */
export function localeFor(person: Person | null, org: Org | null, incoming: Incoming, fallback: Locale): Locale {
  if (person?.locale && isLocale(person.locale)) return person.locale;
  if (org && isLocale(org.locale)) return org.locale;
  return incoming.sender.languageHint ?? fallback;
}

/**
 * Resolves the speaker of an incoming message. In a group bound to an org, the speaker is resolved
 * within that org only: a person of another org is `foreign` (an operator of the group's org acts
 * there as its coordinator). Elsewhere (private chats, groups not bound) the speaker acts in the
 * org of their own person: an account is bound to one person, and a person belongs to one org.
 */
export async function resolveActor(deps: CoreDeps, incoming: Incoming): Promise<Actor> {
  const { db } = deps;
  const account = { platform: incoming.platform, userId: incoming.sender.id };
  // The chat, the account's person and both orgs in one statement (the hot path: every message).
  const speaker = await filingStoreOf(db).speaker(incoming.platform, incoming.chat.id, incoming.sender.id);
  const { chat, chatOrg } = speaker;
  let person = speaker.person;
  let boundNow = false;

  if (chatOrg && person && person.orgId !== chatOrg.id) {
    if (!isOperatorOf(deps.admins, account, chatOrg)) {
      return { org: chatOrg, person: null, chat, locale: localeFor(person, chatOrg, incoming, deps.defaults.locale), settings: readOrgSettings(chatOrg.settings), boundNow: false, foreign: true };
    }
    // An operator of this group's org acts here as its coordinator, under their own name.
    person = await operatorPerson(deps, incoming, chatOrg.id, person.name, false);
  }

  if (!person) {
    const orgId = chatOrg?.id ?? (await soleOrgId(deps));
    const match = await findPersonByHints(deps, incoming, orgId);
    const org = orgId ? await db.org.findUnique({ where: { id: orgId } }) : null;
    if (match) {
      person = await bindIdentity(deps, incoming, match);
      boundNow = true;
    } else if (org && isOperatorOf(deps.admins, account, org)) {
      person = await operatorPerson(deps, incoming, org.id, incoming.sender.displayName || incoming.sender.id, true);
      boundNow = true;
    }
  }

  const orgId = person?.orgId ?? chat?.orgId ?? null;
  const known = [chatOrg, speaker.personOrg].find((o) => o?.id === orgId);
  const org = orgId ? (known ?? (await db.org.findUnique({ where: { id: orgId } }))) : null;
  if (person && org && !person.isCoordinator && isOperatorOf(deps.admins, account, org)) {
    person = await db.person.update({ where: { id: person.id }, data: { isCoordinator: true } });
  }
  return {
    org,
    person,
    chat: chat && org && chat.orgId === org.id ? chat : null,
    locale: localeFor(person, org, incoming, deps.defaults.locale),
    settings: readOrgSettings(org?.settings ?? '{}'),
    boundNow,
  };
}

/**
 * The operator's person in an org, made a coordinator: created when missing, with the account bound
 * to it when the account has no person yet (an account has one person; elsewhere it acts unbound).
 */
async function operatorPerson(deps: CoreDeps, incoming: Incoming, orgId: string, name: string, bindAccount: boolean): Promise<Person> {
  const existing = await deps.db.person.findUnique({ where: { orgId_name: { orgId, name } } });
  if (existing?.isCoordinator && !bindAccount) return existing;
  return deps.db.$transaction(async (tx) => {
    const person = await tx.person.upsert({
      where: { orgId_name: { orgId, name } },
      create: { orgId, name, isCoordinator: true },
      update: { isCoordinator: true },
    });
    if (bindAccount) await createIdentity(tx, incoming, person);
    await audit(tx, { orgId, actorId: person.id, action: 'person.admin', entity: 'person', entityId: person.id, detail: { platform: incoming.platform } });
    return person;
  });
}

/** The only org's id when exactly one exists (the usual single-office install). */
export async function soleOrgId(deps: CoreDeps): Promise<string | null> {
  const orgs = await deps.db.org.findMany({ select: { id: true }, take: 2 });
  return orgs.length === 1 ? (orgs[0]?.id ?? null) : null;
}

/** The person the imported list names for this account, if exactly one matches and has no account on this platform yet. */
async function findPersonByHints(deps: CoreDeps, incoming: Incoming, orgId: string | null): Promise<Person | null> {
  const where: Record<string, unknown>[] = [];
  const { sender } = incoming;
  if (incoming.platform === 'sandbox') where.push({ name: sender.id });
  if (incoming.platform === 'telegram' && sender.username) where.push({ telegramUsername: sender.username.replace(/^@/, '').toLowerCase() });
  if (incoming.platform === 'lark') {
    if (sender.email) where.push({ larkEmail: sender.email.toLowerCase() });
    if (sender.mobile) where.push({ larkMobile: normalizeMobile(sender.mobile) });
  }
  if (where.length === 0) return null;
  const candidates = await deps.db.person.findMany({
    where: { ...(orgId ? { orgId } : {}), OR: where, identities: { none: { platform: incoming.platform } } },
    take: 2,
  });
  return candidates.length === 1 ? (candidates[0] ?? null) : null;
}

async function createIdentity(tx: Tx, incoming: Incoming, person: Person): Promise<void> {
  await tx.identity.create({
    data: {
      personId: person.id,
      platform: incoming.platform,
      platformUserId: incoming.sender.id,
      displayName: incoming.sender.username ?? incoming.sender.displayName,
    },
  });
}

/** Binds the account to the person (and records it). A concurrent bind of the same account wins once. */
export async function bindIdentity(deps: CoreDeps, incoming: Incoming, person: Person, decidedById: string | null = null): Promise<Person> {
  try {
    await deps.db.$transaction(async (tx) => {
      await createIdentity(tx, incoming, person);
      await audit(tx, {
        orgId: person.orgId,
        actorId: decidedById ?? person.id,
        action: 'identity.bind',
        entity: 'person',
        entityId: person.id,
        detail: { platform: incoming.platform, account: incoming.sender.username ?? incoming.sender.id },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return person;
}
