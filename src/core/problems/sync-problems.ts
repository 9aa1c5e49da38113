// Turns what a report lists under 存在问题 and 需协调事项 into 督办 items: an item already open for
// the project (same kind and text) is kept and marked as still reported; a new one gets the next org
// number, a 期限 (settings: supervision.dueWeeks) and who must act (a problem: the project's unit; a
// 需协调事项: the project's leader). A line saying an item is solved (「问题1已解决」, 「已解决：…」)
// never closes it: it marks the item 已办结 and proposes 销号 to the coordinators, who decide.
import type { Tx } from '../../db/client.ts';
import type { ItemKind } from '../model.ts';
import { readOrgSettings } from '../settings.ts';
import { normalizeName } from '../rules/project-match.ts';
import { defaultDueDate, matchSolved, OPEN_ITEM_STATUSES, solvedMention } from '../supervision/item-rules.ts';
import { queueProposedClose } from '../supervision/item-notices.ts';

export interface SyncedProblem {
  number: number;
  text: string;
  /** True when this report raised it; false when it was already open. */
  isNew: boolean;
  /** problem (存在问题) or coordination (需协调事项). */
  kind?: ItemKind;
  /** The line said the item is solved: 销号 was proposed to the coordinators. */
  proposedClose?: boolean;
}

export interface SyncInput {
  orgId: string;
  projectId: string;
  period: string;
  raisedById: string;
  /** 存在问题, one per line. */
  texts: string[];
  /** 需协调事项, one per item (see splitCoordination). */
  coordination?: string[];
  /** When the report was filed (the 期限 counts from it; default now). */
  at?: Date;
}

/** Syncs the report's items; returns the 存在问题 lines (for the receipt), then the 需协调事项 ones. */
export async function syncProblems(tx: Tx, input: SyncInput): Promise<SyncedProblem[]> {
  const at = input.at ?? new Date();
  const [org, project, open] = await Promise.all([
    tx.org.findUniqueOrThrow({ where: { id: input.orgId } }),
    tx.project.findUniqueOrThrow({ where: { id: input.projectId } }),
    tx.problem.findMany({ where: { projectId: input.projectId, status: { in: [...OPEN_ITEM_STATUSES] } }, orderBy: { number: 'asc' } }),
  ]);
  const dueWeeks = readOrgSettings(org.settings).supervision.dueWeeks;
  const keyOf = (kind: string, text: string) => `${kind}:${normalizeName(text)}`;
  const byText = new Map(open.map((p) => [keyOf(p.kind, p.text), p]));
  const proposed = new Set<string>();
  const result: SyncedProblem[] = [];
  const lines: { kind: ItemKind; text: string }[] = [...input.texts.map((text) => ({ kind: 'problem' as const, text })), ...(input.coordination ?? []).map((text) => ({ kind: 'coordination' as const, text }))];

  for (const { kind, text } of lines) {
    const mention = solvedMention(text);
    const solved = mention ? matchSolved(mention, open) : undefined;
    if (solved) {
      if (solved.status !== 'resolved' && !proposed.has(solved.id)) {
        proposed.add(solved.id);
        await tx.problem.update({ where: { id: solved.id }, data: { status: 'resolved', lastSeenPeriod: input.period > solved.lastSeenPeriod ? input.period : solved.lastSeenPeriod } });
        await tx.itemEntry.create({ data: { problemId: solved.id, kind: 'proposed_close', text, byId: input.raisedById, at } });
        await queueProposedClose(tx, { org, project, item: solved, text, at });
      }
      result.push({ number: solved.number, text: solved.text, isNew: false, kind: solved.kind === 'coordination' ? 'coordination' : 'problem', proposedClose: true });
      continue;
    }
    const existing = byText.get(keyOf(kind, text));
    if (existing) {
      if (existing.lastSeenPeriod < input.period) await tx.problem.update({ where: { id: existing.id }, data: { lastSeenPeriod: input.period } });
      result.push({ number: existing.number, text: existing.text, isNew: false, kind });
      continue;
    }
    const last = await tx.problem.findFirst({ where: { orgId: input.orgId }, orderBy: { number: 'desc' }, select: { number: true } });
    const number = (last?.number ?? 0) + 1;
    const created = await tx.problem.create({
      data: {
        orgId: input.orgId,
        number,
        projectId: input.projectId,
        kind,
        text,
        raisedById: input.raisedById,
        raisedPeriod: input.period,
        lastSeenPeriod: input.period,
        dueDate: defaultDueDate(at, org.timeZone, dueWeeks),
        ...(kind === 'coordination' ? { assigneePersonId: project.leaderId } : { assigneeUnitId: project.unitId }),
      },
    });
    byText.set(keyOf(kind, text), created);
    result.push({ number, text, isNew: true, kind });
  }
  return result;
}
