// 分月计划: a project's planned investment per month of a year (ProjectMonthPlan, 分). Written by the
// import (the list's 「1月计划」… columns) and by /plan; read by the week-figures model for 序时进度.
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import type { Tx } from '../../db/client.ts';

/** Twelve zero months. */
export function emptyMonths(): bigint[] {
  return Array.from({ length: 12 }, () => 0n);
}

/** Stored month rows as Jan … Dec arrays (分; a month without a row is 0) by project id. */
export function monthPlansByProject(rows: readonly { projectId: string; month: number; amount: bigint }[]): Map<string, bigint[]> {
  const result = new Map<string, bigint[]>();
  for (const row of rows) {
    if (row.month < 1 || row.month > 12) continue;
    const months = result.get(row.projectId) ?? emptyMonths();
    months[row.month - 1] = row.amount;
    result.set(row.projectId, months);
  }
  return result;
}

/** A project's 分月计划 of a year (Jan … Dec, 分), or null when it has none that year. */
export async function loadMonthPlan(deps: Pick<CoreDeps, 'db'>, input: { projectId: string; year: number }): Promise<bigint[] | null> {
  const rows = await deps.db.projectMonthPlan.findMany({ where: { projectId: input.projectId, year: input.year }, select: { projectId: true, month: true, amount: true } });
  return monthPlansByProject(rows).get(input.projectId) ?? null;
}

/** Replaces a project's 分月计划 of a year with `months` (Jan … Dec, 分; all twelve are stored). */
export async function writeMonthPlan(tx: Tx, input: { orgId: string; projectId: string; year: number; months: readonly bigint[] }): Promise<void> {
  await tx.projectMonthPlan.deleteMany({ where: { projectId: input.projectId, year: input.year } });
  await tx.projectMonthPlan.createMany({ data: input.months.map((amount, i) => ({ orgId: input.orgId, projectId: input.projectId, year: input.year, month: i + 1, amount })) });
}

/** What setting one month did: the year's months after it, and the month's amount before (null: no plan that year). */
export interface SetMonthResult {
  months: bigint[];
  previous: bigint | null;
}

/**
 * Sets one month of a project's 分月计划 (a project without a plan that year gets one, its other
 * months 0), audited, in one transaction. The caller has checked the amount against the annual plan.
 */
export async function setMonthPlan(deps: Pick<CoreDeps, 'db'>, input: { orgId: string; projectId: string; year: number; month: number; amount: bigint; actorId: string }): Promise<SetMonthResult> {
  return deps.db.$transaction(async (tx) => {
    const rows = await tx.projectMonthPlan.findMany({ where: { projectId: input.projectId, year: input.year }, select: { projectId: true, month: true, amount: true } });
    const stored = monthPlansByProject(rows).get(input.projectId) ?? null;
    const months = [...(stored ?? emptyMonths())];
    months[input.month - 1] = input.amount;
    await writeMonthPlan(tx, { orgId: input.orgId, projectId: input.projectId, year: input.year, months });
    const previous = stored ? (stored[input.month - 1] ?? 0n) : null;
    await audit(tx, { orgId: input.orgId, actorId: input.actorId, action: 'project.month_plan', entity: 'project', entityId: input.projectId, detail: { year: input.year, month: input.month, from: previous, to: input.amount } });
    return { months, previous };
  });
}
