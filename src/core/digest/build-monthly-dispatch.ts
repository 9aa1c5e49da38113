// 每月调度 (monthly dispatch report), and the shared period summary the quarterly summary reuses:
// change on the previous period, cumulative against plan, problems opened and closed, reporting rate per unit.
import { DateTime } from 'luxon';
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { completionRate } from '../rules/pace.ts';
import { deadlineOf, formatWeek, type IsoWeek } from '../rules/period.ts';
import { readOrgSettings } from '../settings.ts';
import { inWeekFigures, loadFigureProjects, loadWeekCumulatives, type ProjectWeekCumulative } from './load-week-figures.ts';
import { loadOwedWeeks } from './owed-weeks.ts';

/** One unit's line in a period summary. */
export interface UnitPeriodFigures {
  name: string;
  plan: bigint;
  /** Cumulative investment at the end of the period and of the period before (分). */
  cumulative: bigint;
  previousCumulative: bigint;
  completion: number | null;
  /** Reports filed over reports due (projects × weeks), null when nothing was due. */
  reportingRate: number | null;
  opened: number;
  closed: number;
}

/** A month's or quarter's summary. */
export interface PeriodSummary {
  org: Org;
  /** "2026-11" or "2026-Q4". */
  period: string;
  weeks: IsoWeek[];
  units: UnitPeriodFigures[];
  totals: UnitPeriodFigures;
}

/** ISO weeks whose Thursday falls in [from, to) (local dates in the zone). */
export function weeksWithin(from: DateTime, to: DateTime): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  let day = from.startOf('day');
  while (day.weekday !== 4) day = day.plus({ days: 1 });
  for (; day < to; day = day.plus({ weeks: 1 })) weeks.push({ year: day.weekYear, week: day.weekNumber });
  return weeks;
}

/** Summarises [from, to) against the period of the same length before it. */
export async function buildPeriodSummary(deps: CoreDeps, input: { org: Org; period: string; from: DateTime; to: DateTime; previousFrom: DateTime }): Promise<PeriodSummary> {
  const { org } = input;
  const weeks = weeksWithin(input.from, input.to);
  const previousWeeks = weeksWithin(input.previousFrom, input.from);
  const lastPeriod = weeks.length ? formatWeek(weeks[weeks.length - 1] as IsoWeek) : '';
  const lastPrevious = previousWeeks.length ? formatWeek(previousWeeks[previousWeeks.length - 1] as IsoWeek) : '';
  // Cumulative figures from the week-figures model at the period's last week and at the previous
  // period's: the same carry-forward as the standings and the ledger. Only the cumulatives: the
  // rest of the week's figures (reports, problems, pace) is not in a summary.
  const lastWeek = weeks.at(-1);
  const lastPreviousWeek = previousWeeks.at(-1);
  const projects = lastWeek ? await loadFigureProjects(deps, { org }) : [];
  const none = new Map<string, ProjectWeekCumulative>();
  const periods = new Set(weeks.map(formatWeek));
  const [now, before, reports, opened, closed, owed] = await Promise.all([
    lastWeek ? loadWeekCumulatives(deps, { org, week: lastWeek, projects }) : none,
    lastWeek && lastPreviousWeek ? loadWeekCumulatives(deps, { org, week: lastPreviousWeek, projects }) : none,
    lastPeriod && weeks[0]
      ? deps.db.report.findMany({ where: { orgId: org.id, period: { gte: formatWeek(weeks[0]), lte: lastPeriod } }, select: { projectId: true, period: true } })
      : Promise.resolve([] as { projectId: string; period: string }[]),
    deps.db.problem.findMany({ where: { orgId: org.id, createdAt: { gte: input.from.toJSDate(), lt: input.to.toJSDate() } }, select: { projectId: true } }),
    deps.db.problem.findMany({ where: { orgId: org.id, closedAt: { gte: input.from.toJSDate(), lt: input.to.toJSDate() } }, select: { projectId: true } }),
    loadOwedWeeks(deps, { orgId: org.id, periods: [...periods] }),
  ]);
  // The projects in the last week's figures (a 竣工 one while its figures count in the year).
  const figures = projects.flatMap((project) => {
    const week = now.get(project.id);
    return week && inWeekFigures(project, week.reported, week.cumulative) ? [{ project, cumulative: week.cumulative.fen }] : [];
  });
  // A project left out of the previous week's figures has 0 there (inWeekFigures).
  const previousOf = (id: string) => before.get(id)?.cumulative.fen ?? 0n;
  const filedBy = new Map<string, Set<string>>();
  for (const r of reports) filedBy.set(r.projectId, (filedBy.get(r.projectId) ?? new Set<string>()).add(r.period));
  const count = (rows: { projectId: string }[]) => rows.reduce((m, r) => m.set(r.projectId, (m.get(r.projectId) ?? 0) + 1), new Map<string, number>());
  const openedBy = count(opened);
  const closedBy = count(closed);
  const deadlineRule = readOrgSettings(org.settings).deadline;
  const weekDeadlines = weeks.map((w) => ({ period: formatWeek(w), deadline: deadlineOf(w, org.timeZone, deadlineRule) }));
  const byUnit = new Map<string, UnitPeriodFigures & { filed: number; due: number }>();
  const empty = (name: string) => ({ name, plan: 0n, cumulative: 0n, previousCumulative: 0n, completion: null, reportingRate: null, opened: 0, closed: 0, filed: 0, due: 0 });
  for (const f of figures) {
    const { project } = f;
    const u = byUnit.get(project.unitId) ?? empty(project.unit.name);
    u.plan += project.annualPlan;
    u.cumulative += f.cumulative;
    // 累计 is year to date: the previous period's figure counts only in the same year.
    u.previousCumulative += lastPrevious.slice(0, 4) === lastPeriod.slice(0, 4) ? previousOf(project.id) : 0n;
    const filedPeriods = filedBy.get(project.id) ?? new Set<string>();
    // A 竣工 project owes nothing: out of the reporting rate.
    if (project.status !== 'completed') {
      u.filed += [...filedPeriods].filter((p) => periods.has(p)).length;
      u.due += weekDeadlines.filter((w) => owed(project, w.period, w.deadline, filedPeriods.has(w.period))).length;
    }
    u.opened += openedBy.get(project.id) ?? 0;
    u.closed += closedBy.get(project.id) ?? 0;
    byUnit.set(project.unitId, u);
  }
  const finish = ({ filed, due, ...u }: UnitPeriodFigures & { filed: number; due: number }): UnitPeriodFigures => ({ ...u, completion: completionRate(u.cumulative, u.plan), reportingRate: due ? filed / due : null });
  const all = [...byUnit.values()];
  const totals = all.reduce(
    (s, u) => ({ ...s, plan: s.plan + u.plan, cumulative: s.cumulative + u.cumulative, previousCumulative: s.previousCumulative + u.previousCumulative, opened: s.opened + u.opened, closed: s.closed + u.closed, filed: s.filed + u.filed, due: s.due + u.due }),
    empty(''),
  );
  return { org, period: input.period, weeks, units: all.map(finish), totals: finish(totals) };
}

/** The monthly dispatch report of `month` ("2026-11"). */
export async function buildMonthlyDispatch(deps: CoreDeps, input: { org: Org; month: string }): Promise<PeriodSummary | null> {
  const from = DateTime.fromFormat(input.month, 'yyyy-MM', { zone: input.org.timeZone });
  if (!from.isValid) return null;
  return buildPeriodSummary(deps, { org: input.org, period: input.month, from, to: from.plus({ months: 1 }), previousFrom: from.minus({ months: 1 }) });
}
