// The weekly group standings (红黑榜): units ranked within their peer groups, the 红榜 and 黑榜, the
// projects that moved most, the lagging list. Figures from the week-figures model; rules from
// rules/standings.ts.
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { missStreaks } from '../schedule/miss-streaks.ts';
import { paceFlag, type PaceFlag } from '../rules/pace.ts';
import { weekEnd, type IsoWeek } from '../rules/period.ts';
import { countsAsOverdue } from '../supervision/item-rules.ts';
import { laggingProjects, rankGroups, topMovers, type StandingsGroup, type UnitCandidate } from '../rules/standings.ts';
import { expectedOver, loadOnTime, loadWeekFigures, owesReport, sumFigures, type ProjectFigures, type WeekFigures } from './load-week-figures.ts';

/** A unit of the standings: its figures over all its projects (plan, cumulative) and its rates over those that owed a report. */
export type StandingsUnit = UnitCandidate & { plan: bigint; cumulative: bigint; projects: number; notOwed: { paused: number; completed: number } };

/** The standings of one week. */
export interface GroupStandings {
  figures: WeekFigures;
  /** Ranked peer groups (one, named '', without 单位类别). */
  groups: StandingsGroup<StandingsUnit>[];
  /** Units that owed no report this week (all paused, on leave or 竣工): not ranked. */
  unranked: StandingsUnit[];
  movers: (ProjectFigures & { code: string; change: number })[];
  lagging: (ProjectFigures & { code: string; flag: PaceFlag; missStreak: number })[];
}

/** Builds the org's standings for `week`. */
export async function buildGroupStandings(deps: CoreDeps, input: { org: Org; week: IsoWeek }): Promise<GroupStandings> {
  const figures = await loadWeekFigures(deps, input);
  const { settings } = figures;
  const owing = figures.projects.filter((f) => owesReport(f.state));
  const [onTime, streaks] = await Promise.all([
    loadOnTime(deps, { org: input.org, week: input.week, weeks: settings.onTimeWeeks, projects: owing.map((f) => f.project) }),
    missStreaks(deps, { orgId: input.org.id, week: input.week, projectIds: owing.map((f) => f.project.id), weekIsOpen: false }),
  ]);
  const overdueByProject = new Map<string, number>();
  const weekOver = new Date(weekEnd(input.week, input.org.timeZone).getTime() - 1);
  for (const p of figures.problems) if (countsAsOverdue(p.problem, p.ageWeeks, weekOver, settings.overdueAfterWeeks)) overdueByProject.set(p.problem.projectId, (overdueByProject.get(p.problem.projectId) ?? 0) + 1);
  const byUnit = new Map<string, ProjectFigures[]>();
  for (const f of figures.projects) byUnit.set(f.project.unitId, [...(byUnit.get(f.project.unitId) ?? []), f]);
  const units: StandingsUnit[] = [...byUnit.values()].map((list) => {
    const first = list[0] as ProjectFigures;
    const owed = list.filter((f) => owesReport(f.state));
    // Rates over the projects that owed the report: a paused or 竣工 project neither helps nor harms.
    const rated = sumFigures(owed);
    let filed = 0;
    let due = 0;
    for (const f of owed) {
      filed += onTime.get(f.project.id)?.onTime ?? 0;
      due += onTime.get(f.project.id)?.due ?? 0;
    }
    const all = sumFigures(list);
    return {
      unitId: first.project.unitId,
      name: first.project.unit.name,
      sortOrder: first.project.unit.sortOrder,
      category: list.find((f) => f.project.category.trim())?.project.category.trim() ?? '',
      completion: rated.completion,
      onTime: due === 0 ? null : filed / due,
      overdueProblems: owed.reduce((n, f) => n + (overdueByProject.get(f.project.id) ?? 0), 0),
      // The unit's 序时进度: its projects' (分月计划 or the org's), weighted by annual plan.
      flag: paceFlag(rated.completion, expectedOver(owed, figures.expected), settings),
      owed: owed.length,
      hasRed: owed.some((f) => f.flag === 'red'),
      plan: all.plan,
      cumulative: all.cumulative,
      projects: list.length,
      notOwed: { paused: list.filter((f) => f.state === 'paused').length, completed: list.filter((f) => f.state === 'completed').length },
    };
  });
  const { groups, unranked } = rankGroups(units, settings.redListOnTime);
  const previousOf = new Map(figures.projects.map((f) => [f.project.id, f.previous]));
  const withCode = figures.projects.map((f) => ({ ...f, projectId: f.project.id, code: f.project.code, name: f.project.name, previous: f.previousProgress, missStreak: owesReport(f.state) ? (streaks.get(f.project.id) ?? 0) : 0 }));
  return {
    figures,
    groups,
    unranked,
    movers: topMovers(withCode).map((m) => ({ ...m, previous: m.report === null ? null : previousOf.get(m.projectId) ?? null })),
    lagging: laggingProjects(withCode.filter((f) => owesReport(f.state)), settings.lagMissStreak).map((m) => ({ ...m, previous: previousOf.get(m.projectId) ?? null })),
  };
}
