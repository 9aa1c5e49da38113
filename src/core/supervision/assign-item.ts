// 转办: a leader of the project (or a coordinator) gives an item to a unit; that unit's owners (and
// the project's owner) are told at once.
import type { CoreDeps } from '../context.ts';
import type { Org, Person, Unit } from '../model.ts';
import { normalizeName } from '../rules/project-match.ts';
import { canDirectItem } from './item-rules.ts';
import type { ItemActResult } from './item-result.ts';
import { audienceIn, tellPeople } from './item-notices.ts';
import { findItem, itemActors, itemPeople, ITEM_INCLUDE } from './load-item.ts';
import { recordItemEntry } from './record-entry.ts';
import { assignNotice } from './supervision-views.ts';

/** The unit a name means: the same name, else the only unit whose name contains it. */
export function unitNamed(units: readonly Unit[], name: string): Unit | undefined {
  const wanted = normalizeName(name);
  if (!wanted) return undefined;
  const exact = units.find((u) => normalizeName(u.name) === wanted);
  if (exact) return exact;
  const partial = units.filter((u) => normalizeName(u.name).includes(wanted));
  return partial.length === 1 ? partial[0] : undefined;
}

export async function assignItem(deps: CoreDeps, input: { org: Org; actor: Person; number: number; unit: string }): Promise<ItemActResult> {
  const found = await findItem(deps.db, input.actor, input.number);
  if (found.kind !== 'found') return found;
  if (found.item.status === 'closed') return { kind: 'closed', item: found.item };
  if (!canDirectItem(input.actor, itemPeople(found.item))) return { kind: 'not_director' };
  const units = await deps.db.unit.findMany({ where: { orgId: input.org.id }, orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }] });
  const unit = unitNamed(units, input.unit);
  if (!unit) return { kind: 'unknown_unit', units: units.map((u) => u.name) };
  const { entry } = await deps.db.$transaction((tx) =>
    recordItemEntry(tx, { item: found.item, kind: 'assign', text: unit.name, by: input.actor, at: deps.now(), unitId: unit.id, change: { assigneeUnitId: unit.id, assigneePersonId: null } }),
  );
  const item = await deps.db.problem.findUniqueOrThrow({ where: { id: found.item.id }, include: ITEM_INCLUDE });
  const audience = await audienceIn(deps.db, input.org, deps);
  const told = tellPeople(audience, await itemActors(deps.db, item), `item:${item.id}:${entry.id}`, (t) => assignNotice(t, input.org, { item, projectName: item.project.name, by: input.actor.name, unit: unit.name }), input.actor.id);
  return { kind: 'done', item, told };
}
