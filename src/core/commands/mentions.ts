// Looks up the platform accounts of people, so messages can @-mention them where they are.
import type { Person } from '../model.ts';
import { findInChunks } from '../../db/chunked.ts';
import type { CoreDeps } from '../context.ts';
import type { MentionLookup } from '../views/status-views.ts';

/** A lookup of each person's account on `platform`, loaded in one query. */
export async function mentionLookup(deps: CoreDeps, platform: string, people: (Person | null)[]): Promise<MentionLookup> {
  const ids = [...new Set(people.filter((p): p is Person => p !== null).map((p) => p.id))];
  const identities = await findInChunks(ids, (chunk) => deps.db.identity.findMany({ where: { platform, personId: { in: chunk } } }));
  const byPerson = new Map(identities.map((i) => [i.personId, i.platformUserId]));
  return (person) => byPerson.get(person.id);
}
