// Works out who is speaking, in which org, and in which language. Binds an account to its person
// on the first message when the imported list names it (Telegram username, Lark email or mobile,
// the sandbox's person name), and makes ADMINS accounts coordinators.
import { isLocale, type Chat, type Locale, type Org, type Person } from '../model.ts';
import type { Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import type { Incoming } from '../platform.ts';
import { readOrgSettings, type OrgSettings } from '../settings.ts';
import { normalizeMobile } from '../rules/contact.ts';

export interface Actor {
  org: Org | null;
  person: Person | null;
  /** The stored chat, when this chat is bound to an org. */
  chat: Chat | null;
  locale: Locale;
  settings: OrgSettings;
  /** Set when this message bound the account to its person. */
  boundNow: boolean;
}

/** Picks the language for a person: their own, else the org's, else the sender's app, else the default. */
export function localeFor(person: Person | null, org: Org | null, incoming: Incoming, fallback: Locale): Locale {
  if (person?.locale && isLocale(person.locale)) return person.locale;
  if (org && isLocale(org.locale)) return org.locale;
  return incoming.sender.languageHint ?? fallback;
}

/** Resolves the speaker of an incoming message. */
export async function resolveActor(deps: CoreDeps, incoming: Incoming): Promise<Actor> {
  const { db } = deps;
  const chat = await db.chat.findUnique({ where: { platform_platformChatId: { platform: incoming.platform, platformChatId: incoming.chat.id } } });
  const identity = await db.identity.findUnique({
    where: { platform_platformUserId: { platform: incoming.platform, platformUserId: incoming.sender.id } },
    include: { person: true },
  });
  let person = identity?.person ?? null;
  let boundNow = false;

  if (!person) {
    const orgId = chat?.orgId ?? (await soleOrgId(deps));
    const match = await findPersonByHints(deps, incoming, orgId);
    if (match) {
      person = await bindIdentity(deps, incoming, match);
      boundNow = true;
    } else if (isAdmin(deps, incoming) && orgId) {
      person = await db.$transaction(async (tx) => {
        const created = await tx.person.upsert({
          where: { orgId_name: { orgId, name: incoming.sender.displayName || incoming.sender.id } },
          create: { orgId, name: incoming.sender.displayName || incoming.sender.id, isCoordinator: true },
          update: { isCoordinator: true },
        });
        await createIdentity(tx, incoming, created);
        await audit(tx, { orgId, actorId: created.id, action: 'person.admin', entity: 'person', entityId: created.id, detail: { platform: incoming.platform } });
        return created;
      });
      boundNow = true;
    }
  }
  if (person && !person.isCoordinator && isAdmin(deps, incoming)) {
    person = await db.person.update({ where: { id: person.id }, data: { isCoordinator: true } });
  }

  const orgId = person?.orgId ?? chat?.orgId ?? null;
  const org = orgId ? await db.org.findUnique({ where: { id: orgId } }) : null;
  return {
    org,
    person,
    chat: chat && org && chat.orgId === org.id ? chat : null,
    locale: localeFor(person, org, incoming, deps.defaults.locale),
    settings: readOrgSettings(org?.settings ?? '{}'),
    boundNow,
  };
}

function isAdmin(deps: CoreDeps, incoming: Incoming): boolean {
  return deps.admins.some((a) => a.platform === incoming.platform && a.userId === incoming.sender.id);
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
