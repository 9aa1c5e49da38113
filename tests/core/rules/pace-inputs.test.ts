// What pace is measured with: the optional list columns 本年已完成投资（万元） and 单位类别 (read,
// stored, counted until a report supersedes them) and the pace settings a coordinator changes.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadWeekFigures } from '../../../src/core/digest/load-week-figures.ts';
import { importProjects } from '../../../src/core/projects/import-projects.ts';
import { parseProjectTable, readHeader } from '../../../src/core/rules/project-list.ts';
import { parseWeekId, type IsoWeek } from '../../../src/core/rules/period.ts';
import { findSettingKey } from '../../../src/core/settings/keys.ts';
import { defaultOrgSettings } from '../../../src/core/settings/schema.ts';
import { parseSettingValue } from '../../../src/core/settings/values.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { testPorts } from '../../support/ports.ts';
import type { CoreDeps } from '../../../src/core/context.ts';
import type { Db } from '../../../src/db/client.ts';
import { silentLogger } from '../../../src/core/context.ts';

const WAN = 1_000_000n;
const testDeps = (db: Db, at: string): CoreDeps => ({ db, now: () => new Date(at), admins: [], defaults: { timeZone: 'Asia/Shanghai', locale: 'zh-CN' }, log: silentLogger, ports: testPorts() });
const HEADER = ['序号', '项目名称', '总投资(万元)', '年度计划投资(万元)', '本年已完成投资（万元）', '单位类别', '责任单位', '责任人'];
const TABLE = [HEADER, ['1', '城东院区', '28645', '10000', '5,200.5', '医院', '县人民医院', '张科长'], ['2', '青溪镇卫生院', '2850', '1500', '', '卫生院', '青溪镇卫生院', '郑伟']];

it('reads the optional columns 本年已完成投资 (in 万元, or as the header says) and 单位类别', () => {
  expect(readHeader('本年已完成投资（万元）')).toMatchObject({ id: 'opening', scale: 'wan' });
  expect(readHeader('本年已完成投资(元)')).toMatchObject({ id: 'opening', scale: 'yuan' });
  expect(readHeader('单位类别')).toMatchObject({ id: 'category' });
  const parsed = parseProjectTable(TABLE);
  expect(parsed.errors).toEqual([]);
  expect(parsed.rows.map((r) => [r.code, r.openingCumulative, r.category])).toEqual([
    ['1', 5200_500_000n, '医院'],
    ['2', 0n, '卫生院'],
  ]);
  expect(parseProjectTable([HEADER, ['1', 'x', '10', '5', '多', '', '县医院', '张']]).errors.map((e) => e.key)).toEqual(['import.error.amount']);
});

it('lets a coordinator set the pace bands, the 红榜 threshold, the plan curve and the 小计 rule', () => {
  const settings = defaultOrgSettings();
  expect([settings.digest.amberPoints, settings.digest.redPoints, settings.digest.redListOnTime, settings.ledger.subtotalAll]).toEqual([10, 30, 80, false]);
  const org = { timeZone: 'Asia/Shanghai', locale: 'zh-CN' };
  const red = findSettingKey('digest.red');
  expect(red && parseSettingValue(red, '25')).toBe(25);
  expect(red && parseSettingValue(red, '101')).toBeNull();
  const curve = findSettingKey('digest_curve');
  expect(curve).toBeDefined();
  if (!curve) return;
  const value = parseSettingValue(curve, '3，8，15，25，35，45，55，65，75，85，93，100');
  expect(value).toBe('3,8,15,25,35,45,55,65,75,85,93,100');
  expect(parseSettingValue(curve, '10,5,15,25,35,45,55,65,75,85,93,100')).toBeNull(); // must not fall
  expect(parseSettingValue(curve, '1,2,3')).toBeNull();
  const set = curve.set(settings, org, value as string).settings;
  expect(set.digest.planCurve).toEqual([3, 8, 15, 25, 35, 45, 55, 65, 75, 85, 93, 100]);
  expect(curve.get(set, org)).toBe('3,8,15,25,35,45,55,65,75,85,93,100');
  expect(curve.get(curve.set(set, org, parseSettingValue(curve, '线性') as string).settings, org)).toBe('linear');
  const subtotals = findSettingKey('ledger.subtotals');
  expect(subtotals && subtotals.set(settings, org, true).settings.ledger.subtotalAll).toBe(true);
});

describeEachProvider('本年已完成投资 counts toward completion until a report supersedes it', (provider) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('stores the figure for the import year, counts it, and lets the first 累计 replace it', async () => {
    const parsed = parseProjectTable(TABLE);
    await importProjects(database.db, { rows: parsed.rows, errors: [], dryRun: false, actorId: null, orgName: '示例县', now: new Date('2026-11-02T02:00:00Z') });
    const org = await database.db.org.findUniqueOrThrow({ where: { name: '示例县' } });
    const one = await database.db.project.findFirstOrThrow({ where: { orgId: org.id, code: '1' } });
    expect([one.openingCumulative, one.openingYear, one.category]).toEqual([5200_500_000n, 2026, '医院']);
    const deps = testDeps(database.db, '2026-11-23T01:00:00Z');
    const W47 = parseWeekId('2026-W47') as IsoWeek;
    const before = await loadWeekFigures(deps, { org, week: W47 });
    expect(before.projects.map((p) => [p.project.code, p.cumulative, p.cumulativeSource, p.completion])).toEqual([
      ['1', 5200_500_000n, 'opening', 0.52005],
      ['2', 0n, 'none', 0],
    ]);
    await database.db.report.create({
      data: { orgId: org.id, projectId: one.id, period: '2026-W47', revision: 1, authorId: (await database.db.person.findFirstOrThrow({ where: { orgId: org.id } })).id, cumulative: 6000n * WAN, firstFiledAt: new Date('2026-11-18T02:00:00Z'), filedAt: new Date('2026-11-18T02:00:00Z') },
    });
    const after = await loadWeekFigures(deps, { org, week: W47 });
    expect(after.projects[0]).toMatchObject({ cumulative: 6000n * WAN, cumulativeSource: 'reported' });
    // Next year the opening figure is last year's: it no longer counts.
    const nextYear = await loadWeekFigures(deps, { org, week: parseWeekId('2027-W02') as IsoWeek });
    expect(nextYear.projects[0]).toMatchObject({ cumulative: 0n, cumulativeSource: 'none' });
  });
});
