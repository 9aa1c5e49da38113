// Turns the problems listed in a report into 问题清单 entries: a problem already open for the
// project (same text) is kept and marked as still reported; a new one gets the next org number.
import type { Tx } from '../../db/client.ts';
import { normalizeName } from '../rules/project-match.ts';

export interface SyncedProblem {
  number: number;
  text: string;
  /** True when this report raised it; false when it was already open. */
  isNew: boolean;
}

export async function syncProblems(
  tx: Tx,
  input: { orgId: string; projectId: string; period: string; raisedById: string; texts: string[] },
): Promise<SyncedProblem[]> {
  const open = await tx.problem.findMany({ where: { projectId: input.projectId, status: { not: 'closed' } } });
  const byText = new Map(open.map((p) => [normalizeName(p.text), p]));
  const result: SyncedProblem[] = [];
  for (const text of input.texts) {
    const existing = byText.get(normalizeName(text));
    if (existing) {
      if (existing.lastSeenPeriod < input.period) await tx.problem.update({ where: { id: existing.id }, data: { lastSeenPeriod: input.period } });
      result.push({ number: existing.number, text: existing.text, isNew: false });
      continue;
    }
    const last = await tx.problem.findFirst({ where: { orgId: input.orgId }, orderBy: { number: 'desc' }, select: { number: true } });
    const number = (last?.number ?? 0) + 1;
    const created = await tx.problem.create({
      data: { orgId: input.orgId, number, projectId: input.projectId, text, raisedById: input.raisedById, raisedPeriod: input.period, lastSeenPeriod: input.period },
    });
    byText.set(normalizeName(text), created);
    result.push({ number, text, isNew: true });
  }
  return result;
}
