// The standings chart (completion rate by unit, 形象进度 by project) for the Monday job, drawn by
// the chart port and kept in the file store's charts area.
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import { isLocale } from '../model.ts';
import type { StoredFile } from '../ports.ts';
import { formatWeek } from '../rules/period.ts';
import { weekLabel } from '../views/format.ts';
import type { GroupStandings } from './build-group-standings.ts';

/** Draws the chart of `standings` and stores it; returns the stored file. */
export async function renderStandingsChart(deps: Pick<CoreDeps, 'ports'>, input: { standings: GroupStandings; locale: string }): Promise<StoredFile> {
  const { standings } = input;
  const t = translator(isLocale(input.locale) ? input.locale : 'zh-CN');
  const week = formatWeek(standings.figures.week);
  const png = await deps.ports.charts.standingsPng({
    title: t('digest.standings_title', { week: weekLabel(t, standings.figures.week) }),
    unitsTitle: t('digest.chart_units'),
    projectsTitle: t('digest.chart_projects'),
    expected: standings.figures.expected * 100,
    units: [...standings.groups.flatMap((g) => g.units), ...standings.unranked].map((u) => ({ name: u.name, completion: (u.completion ?? 0) * 100, flag: u.flag })),
    projects: standings.figures.projects.filter((p) => p.progress !== null).map((p) => ({ name: `${p.project.code} ${p.project.name}`, progress: p.progress ?? 0 })),
  });
  return deps.ports.files.write('charts', `standings-${week}.png`, png);
}
