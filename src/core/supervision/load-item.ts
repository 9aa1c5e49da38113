// Finds a 督办 item by the number people type ("#12", "12"), with its project, people and history,
// and tells the caller what the asker may do with it.
import type { Db, Tx } from '../../db/client.ts';
import type { ItemEntry, Person, Problem, Project, Unit } from '../model.ts';
import { canSeeItem } from './item-rules.ts';

/** An item with what its views and notices need. */
export type LoadedItem = Problem & {
  project: Project & { unit: Unit; leader: Person | null; owner: Person | null };
  assigneeUnit: Unit | null;
  assigneePerson: Person | null;
  entries: ItemEntry[];
};

/** The include that makes a LoadedItem. */
export const ITEM_INCLUDE = {
  project: { include: { unit: true, leader: true, owner: true } },
  assigneeUnit: true,
  assigneePerson: true,
  entries: { orderBy: { at: 'asc' as const } },
};

/** Reads "#12", "＃12", "12", "问题12" at the start of `args`: the number and the rest. */
export function readItemRef(args: string): { number: number; rest: string } | null {
  const match = /^\s*(?:问题|事项|督办)?\s*[#＃]?(\d{1,9})(?:号)?(?:\s+|[:：,，]\s*|$)([\s\S]*)$/.exec(args);
  if (!match) return null;
  return { number: Number(match[1]), rest: (match[2] ?? '').trim() };
}

export type FoundItem = { kind: 'found'; item: LoadedItem } | { kind: 'not_found' } | { kind: 'not_visible' };

/** The item numbered `number` in the asker's org, if they may see it. Another's item reads as not visible. */
export async function findItem(db: Db | Tx, asker: Person, number: number): Promise<FoundItem> {
  const item = await db.problem.findUnique({ where: { orgId_number: { orgId: asker.orgId, number } }, include: ITEM_INCLUDE });
  if (!item) return { kind: 'not_found' };
  if (!canSeeItem(asker, itemPeople(item))) return { kind: 'not_visible' };
  return { kind: 'found', item };
}

/** The people of an item for the rules in item-rules.ts. */
export function itemPeople(item: Problem & { project: Project }): { orgId: string; leaderId: string | null; ownerId: string | null; assigneePersonId: string | null } {
  return { orgId: item.orgId, leaderId: item.project.leaderId, ownerId: item.project.ownerId, assigneePersonId: item.assigneePersonId };
}

/**
 * Who must act on an item and is told of a 批示, 延期 or 销号: the project's owner (责任人), the
 * person it was given to, and the owners of a unit it was 转办 to when that is not the project's.
 */
export async function itemActors(db: Db | Tx, item: LoadedItem): Promise<Person[]> {
  const people = new Map<string, Person>();
  if (item.project.owner) people.set(item.project.owner.id, item.project.owner);
  if (item.assigneePerson) people.set(item.assigneePerson.id, item.assigneePerson);
  if (item.assigneeUnitId && item.assigneeUnitId !== item.project.unitId) {
    const unitOwners = await db.person.findMany({ where: { orgId: item.orgId, unitId: item.assigneeUnitId, isOwner: true }, orderBy: { name: 'asc' } });
    for (const p of unitOwners) people.set(p.id, p);
  }
  return [...people.values()];
}
