// 办理情况: whoever must act reports on an item (a reply to its notice, or /progress). The item
// becomes 办理中, and whoever gave the latest 批示 (else the project's leader) is told.
import type { CoreDeps } from '../context.ts';
import type { Org, Person } from '../model.ts';
import { canReportOnItem } from './item-rules.ts';
import type { ItemActResult } from './item-result.ts';
import { audienceIn, tellPeople } from './item-notices.ts';
import { findItem, itemPeople, ITEM_INCLUDE } from './load-item.ts';
import { recordItemEntry } from './record-entry.ts';
import { progressNotice } from './supervision-views.ts';

export async function recordProgress(deps: CoreDeps, input: { org: Org; actor: Person; number: number; text: string }): Promise<ItemActResult> {
  const text = input.text.trim();
  const found = await findItem(deps.db, input.actor, input.number);
  if (found.kind !== 'found') return found;
  if (found.item.status === 'closed') return { kind: 'closed', item: found.item };
  if (!canReportOnItem(input.actor, itemPeople(found.item))) return { kind: 'not_visible' };
  if (!text) return { kind: 'empty' };
  const change = found.item.status === 'open' ? { status: 'in_progress' } : undefined;
  const { entry } = await deps.db.$transaction((tx) => recordItemEntry(tx, { item: found.item, kind: 'progress', text, by: input.actor, at: deps.now(), ...(change ? { change } : {}) }));
  const item = await deps.db.problem.findUniqueOrThrow({ where: { id: found.item.id }, include: ITEM_INCLUDE });
  const instructor = [...item.entries].reverse().find((e) => e.kind === 'instruction' && e.byId);
  const director = instructor?.byId ? await deps.db.person.findUnique({ where: { id: instructor.byId } }) : item.project.leader;
  const audience = await audienceIn(deps.db, input.org, deps);
  const told = tellPeople(audience, [director ?? item.project.leader], `item:${item.id}:${entry.id}`, (t) => progressNotice(t, { item, projectName: item.project.name, by: input.actor.name, text }), input.actor.id);
  return { kind: 'done', item, told };
}
