// The standings chart as a PNG, in-process: ECharts server-side SVG, then resvg with a CJK font
// shipped in an npm package (no browser, no system fonts, no downloads).
import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';
import type * as EChartsModule from 'echarts';
import type { ChartPort, StandingsChartData } from '../core/ports.ts';

const require = createRequire(import.meta.url);
// Loaded on the first chart: ECharts alone costs about 65 MB of memory, and a chart is drawn once a week.
let echartsModule: typeof EChartsModule | undefined;
let resvgModule: typeof ResvgModule | undefined;
const echarts = () => (echartsModule ??= require('echarts') as typeof EChartsModule);
const resvg = () => (resvgModule ??= require('@resvg/resvg-js') as typeof ResvgModule);
const FONT_FILE = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FONT_FAMILY = 'Noto Sans SC';

/** What the chart shows (defined by the core, which builds it). */
export type ChartData = StandingsChartData;

const COLORS = { green: '#2e7d32', amber: '#f9a825', red: '#c62828', none: '#9e9e9e' } as const;

/**
 * Bars per panel at most. One bar per project of a 10,000-project org made a 1000 × 340,000 px image:
 * seven minutes of rendering and 680 MB of memory, far past what a chat platform accepts (Telegram:
 * width + height ≤ 10,000). 50 rows keep the image under 1,900 px high.
 */
export const MAX_CHART_ROWS = 50;

/**
 * At most `max` of the rows: those with the lowest values (the furthest behind), in their given
 * order. `title` gets "(max / total)" when rows were left out, so the reader knows.
 */
export function furthestBehind<T>(rows: readonly T[], value: (row: T) => number, max: number, title: string): { rows: T[]; title: string } {
  if (rows.length <= max) return { rows: [...rows], title };
  const kept = new Set(
    rows
      .map((row, index) => ({ index, value: value(row) }))
      .sort((a, b) => a.value - b.value || a.index - b.index)
      .slice(0, max)
      .map((r) => r.index),
  );
  return { rows: rows.filter((_, index) => kept.has(index)), title: `${title} (${max} / ${rows.length})` };
}

/** Renders the chart to PNG bytes: 1000 px wide, height grows with the number of rows (at most MAX_CHART_ROWS a panel). */
export function renderChartPng(input: ChartData): { png: Buffer; width: number; height: number } {
  const units = furthestBehind(input.units, (u) => u.completion, MAX_CHART_ROWS, input.unitsTitle);
  const projects = furthestBehind(input.projects, (p) => p.progress, MAX_CHART_ROWS, input.projectsTitle);
  const data: ChartData = { ...input, units: units.rows, unitsTitle: units.title, projects: projects.rows, projectsTitle: projects.title };
  const rows = Math.max(data.units.length, data.projects.length, 1);
  const width = 1000;
  const height = Math.max(420, 140 + rows * 34);
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const short = (s: string) => (s.length > 10 ? `${s.slice(0, 10)}…` : s);
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY },
      title: [
        { text: data.title, left: 'center', top: 8, textStyle: { fontFamily: FONT_FAMILY, fontSize: 20 } },
        { text: data.unitsTitle, left: '4%', top: 44, textStyle: { fontFamily: FONT_FAMILY, fontSize: 14 } },
        { text: data.projectsTitle, left: '54%', top: 44, textStyle: { fontFamily: FONT_FAMILY, fontSize: 14 } },
      ],
      grid: [
        { left: '14%', width: '32%', top: 80, bottom: 30 },
        { left: '66%', width: '30%', top: 80, bottom: 30 },
      ],
      xAxis: [
        { gridIndex: 0, type: 'value', max: 100, axisLabel: { formatter: '{value}%', fontFamily: FONT_FAMILY } },
        { gridIndex: 1, type: 'value', max: 100, axisLabel: { formatter: '{value}%', fontFamily: FONT_FAMILY } },
      ],
      yAxis: [
        { gridIndex: 0, type: 'category', inverse: true, data: data.units.map((u) => short(u.name)), axisLabel: { fontFamily: FONT_FAMILY } },
        { gridIndex: 1, type: 'category', inverse: true, data: data.projects.map((p) => short(p.name)), axisLabel: { fontFamily: FONT_FAMILY } },
      ],
      series: [
        {
          type: 'bar',
          xAxisIndex: 0,
          barMaxWidth: 28,
          yAxisIndex: 0,
          data: data.units.map((u) => ({ value: Math.round(Math.min(u.completion, 100) * 10) / 10, itemStyle: { color: COLORS[u.flag] } })),
          label: { show: true, position: 'right', formatter: '{c}%', fontFamily: FONT_FAMILY },
          markLine: { symbol: 'none', data: [{ xAxis: Math.round(data.expected * 10) / 10 }], label: { position: 'start', formatter: '{c}%', fontFamily: FONT_FAMILY }, lineStyle: { color: '#555', type: 'dashed' } },
        },
        {
          type: 'bar',
          xAxisIndex: 1,
          barMaxWidth: 28,
          yAxisIndex: 1,
          data: data.projects.map((p) => Math.round(p.progress * 10) / 10),
          itemStyle: { color: '#1565c0' },
          label: { show: true, position: 'right', formatter: '{c}%', fontFamily: FONT_FAMILY },
        },
      ],
    });
    const svg = chart.renderToSVGString();
    const png = new (resvg().Resvg)(svg, { font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: FONT_FAMILY }, background: '#ffffff' }).render().asPng();
    return { png: Buffer.from(png), width, height };
  } finally {
    chart.dispose();
  }
}

/** The chart port of the core: PNG bytes in-process. */
export function createChartPort(): ChartPort {
  return { standingsPng: async (data) => renderChartPng(data).png };
}
