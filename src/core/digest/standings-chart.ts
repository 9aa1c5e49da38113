// The standings chart (completion rate by unit, 形象进度 by project) for the Monday job.
import { writeChartPng } from '../../charts/render-chart.ts';
import { translator } from '../messages/catalog/index.ts';
import { isLocale } from '../model.ts';
import { formatWeek } from '../rules/period.ts';
import type { GroupStandings } from './build-group-standings.ts';

/** Writes the chart PNG of `standings` under os.tmpdir(); returns its path and file name. */
export async function renderStandingsChart(input: { standings: GroupStandings; locale: string }): Promise<{ path: string; fileName: string }> {
  const { standings } = input;
  const t = translator(isLocale(input.locale) ? input.locale : 'zh-CN');
  const week = formatWeek(standings.figures.week);
  const fileName = `standings-${week}-${standings.figures.org.id}.png`;
  const path = writeChartPng(
    {
      title: t('digest.standings_title', { week }),
      unitsTitle: t('digest.chart_units'),
      projectsTitle: t('digest.chart_projects'),
      expected: standings.figures.expected * 100,
      units: standings.units.map((u) => ({ name: u.name, completion: (u.completion ?? 0) * 100, flag: u.flag })),
      projects: standings.figures.projects.filter((p) => p.progress !== null).map((p) => ({ name: `${p.project.code} ${p.project.name}`, progress: p.progress ?? 0 })),
    },
    fileName,
  );
  return { path, fileName };
}
