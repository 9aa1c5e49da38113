// Writes one line of an item's history, the change it makes to the item and the audit record, in
// one transaction.
import type { Tx } from '../../db/client.ts';
import { audit } from '../audit.ts';
import type { ItemEntry, ItemEntryKind, Person, Problem } from '../model.ts';

export interface EntryInput {
  item: Problem;
  kind: ItemEntryKind;
  text: string;
  by: Person;
  at: Date;
  /** The item's fields this entry changes. */
  change?: Partial<Pick<Problem, 'status' | 'dueDate' | 'assigneeUnitId' | 'assigneePersonId' | 'closedAt' | 'closedById' | 'closeNote'>>;
  dueDate?: Date;
  unitId?: string;
}

/** Records the entry and applies its change; returns both. */
export async function recordItemEntry(tx: Tx, input: EntryInput): Promise<{ item: Problem; entry: ItemEntry }> {
  const item = input.change ? await tx.problem.update({ where: { id: input.item.id }, data: input.change }) : input.item;
  const entry = await tx.itemEntry.create({
    data: {
      problemId: input.item.id,
      kind: input.kind,
      text: input.text,
      byId: input.by.id,
      byName: input.by.name,
      at: input.at,
      ...(input.dueDate ? { dueDate: input.dueDate } : {}),
      ...(input.unitId ? { unitId: input.unitId } : {}),
    },
  });
  await audit(tx, {
    orgId: input.item.orgId,
    actorId: input.by.id,
    action: `item.${input.kind}`,
    entity: 'problem',
    entityId: input.item.id,
    detail: { number: input.item.number, text: input.text, ...(input.change ? { change: input.change } : {}) },
  });
  return { item, entry };
}
