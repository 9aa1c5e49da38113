// How many weeks in a row each project has missed, for the escalation ladder and the standings.
// A past week counts as a miss when its deadline run listed the project as overdue (so paused
// weeks, weeks before the project existed and weeks before the bot ran never count) and no report
// was filed for it since. The deadline run keeps that list in its detail: {"overdue": [ids]}.
import { findInChunks } from '../../db/chunked.ts';
import type { CoreDeps } from '../context.ts';
import { consecutiveMisses, type WeekOutcome } from '../rules/escalation.ts';
import { formatWeek, shiftWeek, type IsoWeek } from '../rules/period.ts';

/** How far back a run of misses is followed. */
const MAX_WEEKS = 52;

/** The overdue project ids a deadline run recorded, or null when the detail has none. */
export function overdueOf(detail: string): Set<string> | null {
  try {
    const parsed = JSON.parse(detail) as { overdue?: unknown };
    return Array.isArray(parsed.overdue) ? new Set(parsed.overdue.filter((id): id is string => typeof id === 'string')) : null;
  } catch {
    return null;
  }
}

/**
 * Misses in a row per project, up to and including `week`. With `weekIsOpen` the week is still
 * running and every project given counts it as a miss (the caller passes only the projects missing
 * now); otherwise the week is read from its own deadline run like the weeks before.
 */
export async function missStreaks(deps: CoreDeps, input: { orgId: string; week: IsoWeek; projectIds: string[]; weekIsOpen: boolean }): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (input.projectIds.length === 0) return result;
  const newest = input.weekIsOpen ? shiftWeek(input.week, -1) : input.week;
  const periods = Array.from({ length: MAX_WEEKS }, (_, i) => formatWeek(shiftWeek(newest, -i)));
  const runs = await deps.db.jobRun.findMany({ where: { orgId: input.orgId, job: 'deadline', period: { in: periods } }, select: { period: true, detail: true } });
  const overdueByPeriod = new Map(runs.map((r) => [r.period, overdueOf(r.detail)]));
  // Reports matter only where a run listed the project, in the weeks in a row it was listed: read
  // just those (a handful of projects), not every report of every project for 52 weeks.
  const listedWeeks = (projectId: string) => {
    let n = 0;
    while (n < periods.length && overdueByPeriod.get(periods[n] as string)?.has(projectId) === true) n += 1;
    return n;
  };
  const listed = new Map(input.projectIds.map((id) => [id, listedWeeks(id)]));
  const candidates = input.projectIds.filter((id) => (listed.get(id) ?? 0) > 0);
  const depth = candidates.reduce((deepest, id) => Math.max(deepest, listed.get(id) ?? 0), 0);
  const reports = await findInChunks(candidates, (chunk) =>
    deps.db.report.findMany({ where: { orgId: input.orgId, period: { in: periods.slice(0, depth) }, projectId: { in: chunk } }, select: { projectId: true, period: true } }),
  );
  const filed = new Set(reports.map((r) => `${r.projectId}|${r.period}`));
  for (const projectId of input.projectIds) {
    // Oldest first, as consecutiveMisses reads them; the walk stops at the first week not missed.
    const outcomes: WeekOutcome[] = [];
    for (const period of periods) {
      const overdue = overdueByPeriod.get(period);
      const missed = overdue?.has(projectId) === true && !filed.has(`${projectId}|${period}`);
      if (!missed) break;
      outcomes.unshift('missing');
    }
    if (input.weekIsOpen) outcomes.push('missing');
    result.set(projectId, consecutiveMisses(outcomes));
  }
  return result;
}
