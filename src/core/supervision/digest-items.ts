// The 督办 part of a leader's digest: the overdue items of the leader's projects, and the few items
// that carry buttons (批示, 转办, 延期): overdue ones first, then 需协调事项, then the rest.
import type { CoreDeps } from '../context.ts';
import type { Org, Person, Problem } from '../model.ts';
import { ACTIVE_ITEM_STATUSES, isOverdue, overdueWeeks } from './item-rules.ts';

/** An item as the digest lists it. */
export interface DigestItem {
  item: Problem;
  projectName: string;
  /** Whole weeks overdue at the digest's instant (0: not overdue). */
  weeksOverdue: number;
}

/** How many items carry buttons (three buttons each; a card or keyboard stays readable). */
export const ITEMS_WITH_BUTTONS = 3;

/** The leader's open items at `at`: the overdue ones, and those that get buttons. */
export async function loadDigestItems(deps: CoreDeps, input: { org: Org; leader: Person; at: Date }): Promise<{ overdueItems: DigestItem[]; actionItems: DigestItem[] }> {
  const items = await deps.db.problem.findMany({
    where: { orgId: input.org.id, status: { in: [...ACTIVE_ITEM_STATUSES] }, project: { orgId: input.org.id, leaderId: input.leader.id, status: { not: 'completed' } } },
    include: { project: { select: { name: true } } },
    orderBy: { number: 'asc' },
  });
  const listed = items.map(({ project, ...item }) => ({ item, projectName: project.name, weeksOverdue: overdueWeeks(item.dueDate, input.at) }));
  const overdueItems = listed.filter((d) => isOverdue(d.item, input.at)).sort((a, b) => b.weeksOverdue - a.weeksOverdue || a.item.number - b.item.number);
  const rank = (d: DigestItem) => (d.weeksOverdue > 0 ? 0 : d.item.kind === 'coordination' ? 1 : 2);
  const actionItems = [...listed].sort((a, b) => rank(a) - rank(b) || b.weeksOverdue - a.weeksOverdue || a.item.number - b.item.number).slice(0, ITEMS_WITH_BUTTONS);
  return { overdueItems, actionItems };
}
