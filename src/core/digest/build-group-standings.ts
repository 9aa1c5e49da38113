// The weekly group standings (红黑榜): units ranked, projects that moved most, the lagging list.
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { missStreaks } from '../schedule/miss-streaks.ts';
import { paceFlag, type PaceFlag } from '../rules/pace.ts';
import { weekEnd, type IsoWeek } from '../rules/period.ts';
import { countsAsOverdue } from '../supervision/item-rules.ts';
import { laggingProjects, rankUnits, topMovers, type UnitFigures } from '../rules/standings.ts';
import { loadOnTime, loadWeekFigures, type ProjectFigures, type WeekFigures } from './load-week-figures.ts';

/** The standings of one week. */
export interface GroupStandings {
  figures: WeekFigures;
  units: (UnitFigures & { rank: number; plan: bigint; cumulative: bigint })[];
  movers: (ProjectFigures & { code: string; change: number })[];
  lagging: (ProjectFigures & { code: string; flag: PaceFlag; missStreak: number })[];
}

/** Builds the org's standings for `week`. */
export async function buildGroupStandings(deps: CoreDeps, input: { org: Org; week: IsoWeek }): Promise<GroupStandings> {
  const figures = await loadWeekFigures(deps, input);
  const { settings } = figures;
  const projects = figures.projects.map((f) => f.project);
  const [onTime, streaks] = await Promise.all([
    loadOnTime(deps, { org: input.org, week: input.week, weeks: settings.onTimeWeeks, projects }),
    missStreaks(deps, { orgId: input.org.id, week: input.week, projectIds: projects.map((p) => p.id), weekIsOpen: false }),
  ]);
  const overdueByProject = new Map<string, number>();
  const weekOver = new Date(weekEnd(input.week, input.org.timeZone).getTime() - 1);
  for (const p of figures.problems) if (countsAsOverdue(p.problem, p.ageWeeks, weekOver, settings.overdueAfterWeeks)) overdueByProject.set(p.problem.projectId, (overdueByProject.get(p.problem.projectId) ?? 0) + 1);
  const byUnit = new Map<string, { fig: UnitFigures; plan: bigint; cumulative: bigint; onTime: number; due: number }>();
  for (const f of figures.projects) {
    const u = byUnit.get(f.project.unitId) ?? {
      fig: { unitId: f.project.unitId, name: f.project.unit.name, sortOrder: f.project.unit.sortOrder, completion: null, onTime: null, overdueProblems: 0, flag: 'green' as PaceFlag },
      plan: 0n,
      cumulative: 0n,
      onTime: 0,
      due: 0,
    };
    u.plan += f.project.annualPlan;
    u.cumulative += f.cumulative ?? 0n;
    const o = onTime.get(f.project.id);
    u.onTime += o?.onTime ?? 0;
    u.due += o?.due ?? 0;
    u.fig.overdueProblems += overdueByProject.get(f.project.id) ?? 0;
    byUnit.set(f.project.unitId, u);
  }
  const units = [...byUnit.values()].map((u) => {
    const completion = u.plan === 0n ? null : Number((u.cumulative * 1_000_000n) / u.plan) / 1_000_000;
    return { ...u.fig, completion, onTime: u.due === 0 ? null : u.onTime / u.due, flag: paceFlag(completion, figures.expected, settings.amberPoints), plan: u.plan, cumulative: u.cumulative };
  });
  const ranked = rankUnits(units).map((r) => ({ ...r, plan: units.find((u) => u.unitId === r.unitId)?.plan ?? 0n, cumulative: units.find((u) => u.unitId === r.unitId)?.cumulative ?? 0n }));
  const previousOf = new Map(figures.projects.map((f) => [f.project.id, f.previous]));
  const withCode = figures.projects.map((f) => ({ ...f, projectId: f.project.id, code: f.project.code, name: f.project.name, previous: f.previousProgress, missStreak: streaks.get(f.project.id) ?? 0 }));
  return {
    figures,
    units: ranked,
    movers: topMovers(withCode).map((m) => ({ ...m, previous: m.report === null ? null : previousOf.get(m.projectId) ?? null })),
    lagging: laggingProjects(withCode, settings.lagMissStreak).map((m) => ({ ...m, previous: previousOf.get(m.projectId) ?? null })),
  };
}
