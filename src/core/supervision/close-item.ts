// 销号: a coordinator closes an item out with a note, recording who and why; the item's owner and
// the project's leader are told. Only this closes an item: later reports never do.
import type { CoreDeps } from '../context.ts';
import type { Org, Person } from '../model.ts';
import type { ItemActResult } from './item-result.ts';
import { audienceIn, tellPeople } from './item-notices.ts';
import { findItem, itemActors, ITEM_INCLUDE } from './load-item.ts';
import { recordItemEntry } from './record-entry.ts';
import { closeNotice } from './supervision-views.ts';

export async function closeItem(deps: CoreDeps, input: { org: Org; actor: Person; number: number; note: string }): Promise<ItemActResult> {
  const note = input.note.trim();
  const found = await findItem(deps.db, input.actor, input.number);
  if (found.kind !== 'found') return found;
  if (found.item.status === 'closed') return { kind: 'closed', item: found.item };
  if (!input.actor.isCoordinator) return { kind: 'not_director' };
  if (!note) return { kind: 'empty' };
  const now = deps.now();
  const { entry } = await deps.db.$transaction((tx) =>
    recordItemEntry(tx, { item: found.item, kind: 'close', text: note, by: input.actor, at: now, change: { status: 'closed', closedAt: now, closedById: input.actor.id, closeNote: note } }),
  );
  const item = await deps.db.problem.findUniqueOrThrow({ where: { id: found.item.id }, include: ITEM_INCLUDE });
  const audience = await audienceIn(deps.db, input.org, deps);
  const people = [...(await itemActors(deps.db, item)), item.project.leader];
  const told = tellPeople(audience, people, `item:${item.id}:${entry.id}`, (t) => closeNotice(t, { item, projectName: item.project.name, by: input.actor.name, note }), input.actor.id);
  return { kind: 'done', item, told };
}
