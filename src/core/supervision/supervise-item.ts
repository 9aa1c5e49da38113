// 批示: a leader of the project (or a coordinator) instructs on an item; whoever must act is told at
// once, and a reply to that notice is their 办理情况.
import type { CoreDeps } from '../context.ts';
import type { Org, Person } from '../model.ts';
import { canDirectItem } from './item-rules.ts';
import type { ItemActResult } from './item-result.ts';
import { audienceIn, tellPeople } from './item-notices.ts';
import { findItem, itemActors, itemPeople, ITEM_INCLUDE } from './load-item.ts';
import { recordItemEntry } from './record-entry.ts';
import { instructionNotice } from './supervision-views.ts';

export async function superviseItem(deps: CoreDeps, input: { org: Org; actor: Person; number: number; text: string }): Promise<ItemActResult> {
  const text = input.text.trim();
  const found = await findItem(deps.db, input.actor, input.number);
  if (found.kind !== 'found') return found;
  if (found.item.status === 'closed') return { kind: 'closed', item: found.item };
  if (!canDirectItem(input.actor, itemPeople(found.item))) return { kind: 'not_director' };
  if (!text) return { kind: 'empty' };
  const { entry } = await deps.db.$transaction((tx) => recordItemEntry(tx, { item: found.item, kind: 'instruction', text, by: input.actor, at: deps.now() }));
  const item = await deps.db.problem.findUniqueOrThrow({ where: { id: found.item.id }, include: ITEM_INCLUDE });
  const audience = await audienceIn(deps.db, input.org, deps);
  const told = tellPeople(audience, await itemActors(deps.db, item), `item:${item.id}:${entry.id}`, (t) => instructionNotice(t, input.org, { item, projectName: item.project.name, by: input.actor.name, text }), input.actor.id);
  return { kind: 'done', item, told };
}
