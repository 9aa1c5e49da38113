// Where the scheduler's messages go for one org: its group chats (Chat rows of kind 'group') and
// each person's private chat (their account on a platform the org's groups are on), in whose
// language, with whose @-mentions.
import { isLocale, type Chat, type Identity, type Locale, type Org, type Person, type Platform } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import type { Destination } from '../platform.ts';
import type { MentionLookup } from '../views/status-views.ts';

/** A group chat of the org, with the recipient name used in outbox keys. */
export interface GroupTarget {
  chat: Chat;
  to: Destination;
  /** "group:<chat id>": the recipient part of an outbox key. */
  recipient: string;
}

/** The org's recipients for one sweep or command. */
export interface Audience {
  org: Org;
  /** The org's group chats, oldest first. */
  groups: GroupTarget[];
  /** Coordinators of the org. */
  coordinators: Person[];
  /** A person's private chat, or null when they have no account the bot can write to or are retired. */
  privateChat(person: Person): Destination | null;
  /** The language for a person (their own, else the org's). */
  localeOf(person: Person | null): Locale;
  /** The org's language (group messages). */
  locale: Locale;
  /** @-mentions for a group on `platform`. */
  mentionsOn(platform: string): MentionLookup;
}

/**
 * Loads the org's groups, coordinators and accounts in three queries. A person's private chat is
 * their account on the platform of the org's first group that they have one on, else any account.
 * In the sandbox a person's private chat is their name, bound or not (the sandbox's own convention).
 */
export async function loadAudience(deps: CoreDeps, org: Org): Promise<Audience> {
  const [chats, coordinators, identities] = await Promise.all([
    deps.db.chat.findMany({ where: { orgId: org.id, kind: 'group' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    deps.db.person.findMany({ where: { orgId: org.id, isCoordinator: true, retiredAt: null }, orderBy: { name: 'asc' } }),
    deps.db.identity.findMany({ where: { person: { orgId: org.id } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  const groupPlatforms = [...new Set(chats.map((c) => c.platform))];
  const byPerson = new Map<string, Identity[]>();
  for (const identity of identities) byPerson.set(identity.personId, [...(byPerson.get(identity.personId) ?? []), identity]);
  const orgLocale: Locale = isLocale(org.locale) ? org.locale : deps.defaults.locale;

  return {
    org,
    groups: chats.map((chat) => ({ chat, to: { platform: chat.platform as Platform, chatId: chat.platformChatId }, recipient: `group:${chat.id}` })),
    coordinators,
    locale: orgLocale,
    privateChat(person) {
      // People retired by a re-import get no messages at all.
      if (person.retiredAt) return null;
      const accounts = byPerson.get(person.id) ?? [];
      for (const platform of groupPlatforms) {
        const account = accounts.find((a) => a.platform === platform);
        if (account) return { platform: account.platform as Platform, chatId: account.platformUserId };
      }
      const any = accounts[0];
      if (any) return { platform: any.platform as Platform, chatId: any.platformUserId };
      if (groupPlatforms.includes('sandbox')) return { platform: 'sandbox', chatId: person.name };
      return null;
    },
    localeOf(person) {
      return person?.locale && isLocale(person.locale) ? person.locale : orgLocale;
    },
    mentionsOn(platform) {
      return (person) => byPerson.get(person.id)?.find((a) => a.platform === platform)?.platformUserId;
    },
  };
}
