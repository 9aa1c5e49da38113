import { describe, expect, it } from 'vitest';
import { createChartPort, furthestBehind, MAX_CHART_ROWS, renderChartPng } from '../../src/charts/render-chart.ts';

describe('render chart', () => {
  it('draws a PNG of the right size that is not blank', async () => {
    const png = Buffer.from(await createChartPort().standingsPng(
      {
        title: '项目进度通报 · 第47周（11月16日—22日）',
        unitsTitle: '年度投资完成率',
        projectsTitle: '形象进度',
        expected: 89.3,
        units: [
          { name: '县中医院', completion: 90, flag: 'green' },
          { name: '县人民医院', completion: 64.7, flag: 'red' },
        ],
        projects: [
          { name: '县医院城东院区感染防控中心工程', progress: 45 },
          { name: '县中医院综合楼', progress: 60 },
          { name: '乡镇卫生院设备购置', progress: 20 },
        ],
      }));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(1000);
    expect(png.readUInt32BE(20)).toBe(420);
    expect(png.length).toBeGreaterThan(10_000); // a blank white image compresses to a few hundred bytes
  });
});

describe('a chart of a large org', () => {
  it('draws at most MAX_CHART_ROWS bars a panel, the furthest behind, and says how many of how many', async () => {
    const projects = Array.from({ length: 10_000 }, (_, i) => ({ name: `项目${i}`, progress: (i * 37) % 100 }));
    const units = Array.from({ length: 200 }, (_, i) => ({ name: `单位${i}`, completion: (i * 13) % 100, flag: 'none' as const }));
    const started = Date.now();
    const { png, height } = renderChartPng({ title: '通报', unitsTitle: '完成率', projectsTitle: '形象进度', expected: 50, units, projects });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(height).toBe(140 + MAX_CHART_ROWS * 34);
    expect(png.readUInt32BE(20)).toBe(height);
  });

  it('keeps the lowest values in their given order', () => {
    const rows = [5, 1, 9, 3, 7, 1].map((v, i) => ({ i, v }));
    expect(furthestBehind(rows, (r) => r.v, 3, '形象进度')).toEqual({ rows: [rows[1], rows[3], rows[5]], title: '形象进度 (3 / 6)' });
    expect(furthestBehind(rows, (r) => r.v, 6, '形象进度')).toEqual({ rows, title: '形象进度' });
  });
});
