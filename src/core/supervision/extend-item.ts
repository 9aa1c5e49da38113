// 延期: a leader of the project (or a coordinator) gives an item a new 期限; whoever must act is told.
import type { CoreDeps } from '../context.ts';
import type { Org, Person } from '../model.ts';
import { canDirectItem, dueDay, parseDueDate } from './item-rules.ts';
import type { ItemActResult } from './item-result.ts';
import { audienceIn, tellPeople } from './item-notices.ts';
import { findItem, itemActors, itemPeople, ITEM_INCLUDE } from './load-item.ts';
import { recordItemEntry } from './record-entry.ts';
import { extendNotice } from './supervision-views.ts';

export async function extendItem(deps: CoreDeps, input: { org: Org; actor: Person; number: number; due: string }): Promise<ItemActResult> {
  const found = await findItem(deps.db, input.actor, input.number);
  if (found.kind !== 'found') return found;
  if (found.item.status === 'closed') return { kind: 'closed', item: found.item };
  if (!canDirectItem(input.actor, itemPeople(found.item))) return { kind: 'not_director' };
  const due = parseDueDate(input.due, deps.now(), input.org.timeZone);
  if (!due) return { kind: 'bad_date' };
  const { entry } = await deps.db.$transaction((tx) =>
    recordItemEntry(tx, { item: found.item, kind: 'extend', text: dueDay(due, input.org.timeZone), by: input.actor, at: deps.now(), dueDate: due, change: { dueDate: due } }),
  );
  const item = await deps.db.problem.findUniqueOrThrow({ where: { id: found.item.id }, include: ITEM_INCLUDE });
  const audience = await audienceIn(deps.db, input.org, deps);
  const told = tellPeople(audience, await itemActors(deps.db, item), `item:${item.id}:${entry.id}`, (t) => extendNotice(t, input.org, { item, projectName: item.project.name, by: input.actor.name }), input.actor.id);
  return { kind: 'done', item, told };
}
