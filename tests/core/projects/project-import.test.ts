// Importing project lists from CSV and XLSX files, on both databases.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { importProjects, type ImportInput } from '../../../src/core/projects/import-projects.ts';
import { renderImportSummary } from '../../../src/core/projects/render-import-summary.ts';
import { parseProjectTable } from '../../../src/core/rules/project-list.ts';
import { readTableFile } from '../../../src/io/read-table.ts';
import { demoProjectTable } from '../../../src/demo/demo-projects.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const WAN = 1_000_000n;
const zh = translator('zh-CN');

const HEADER = '序号,项目名称,建设地点,建设内容及规模,总投资(万元),年度计划投资(万元),责任单位,责任领导,责任人,备注,责任人Telegram,责任人邮箱';
const ROWS = [
  '1,县医院城东院区感染防控中心工程,浔中镇,"3.4万平方米,新增床位200张",28645,10000,县人民医院,李院长,张科长,,@Zhang_KZ,zhang@example.cn',
  '2,县中医院综合楼,龙浔镇,4.1万平方米,"21,874",6000,县中医院,赵院长,陈科长,,,',
  '3,乡镇卫生院设备购置,各乡镇,13台设备,1399.98,1399.98,县人民医院,李院长,刘站长,政府采购,,',
];

function csv(name: string, lines: string[], encoding: 'utf8' | 'gbk' = 'utf8'): string {
  const path = join(dir, name);
  const text = `${lines.join('\r\n')}\r\n`;
  writeFileSync(path, encoding === 'utf8' ? text : gbk(text));
  return path;
}

/** GBK bytes for the few characters these tests use (Node has a GBK decoder but no encoder). */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) {
    if (lo === 0x7f) continue;
    const ch = decoder.decode(new Uint8Array([hi, lo]));
    if (!table.has(ch)) table.set(ch, [hi, lo]);
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (table.get(ch) ?? [0x3f]))));
}

async function xlsx(name: string, rows: (string | number)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('计划清单');
  for (const row of rows) sheet.addRow(row);
  sheet.mergeCells(1, 1, 1, 10);
  const path = join(dir, name);
  await workbook.xlsx.writeFile(path);
  return path;
}

describe('reading project lists', () => {
  it('reads CSV with quotes, separators and binding columns', async () => {
    const parsed = parseProjectTable(await readTableFile(csv('a.csv', [HEADER, ...ROWS])));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(3);
    expect(parsed.rows[0]).toMatchObject({ code: '1', scope: '3.4万平方米,新增床位200张', totalInvestment: 28645n * WAN, ownerHints: { telegramUsername: 'zhang_kz', email: 'zhang@example.cn' } });
    expect(parsed.rows[1]?.totalInvestment).toBe(21874n * WAN);
    expect(parsed.rows[2]?.annualPlan).toBe(1_399_980_000n);
  });

  it('reads CSV saved by Excel in GBK', async () => {
    const parsed = parseProjectTable(await readTableFile(csv('gbk.csv', [HEADER, ...ROWS], 'gbk')));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.name)).toEqual(['县医院城东院区感染防控中心工程', '县中医院综合楼', '乡镇卫生院设备购置']);
  });

  it('reads XLSX with a merged title row, tolerant headers and numbers', async () => {
    const path = await xlsx('b.xlsx', [
      ['2026年县卫健局重点项目计划清单'],
      [],
      ['序 号', '项目名称', '建设地点', '建设内容及规模', '总投资（亿元）', '2026年计划投资（万元）', '责任单位', '责任领导', '责任人', '备注'],
      ['一、县人民医院'],
      [1, '县医院城东院区感染防控中心工程', '浔中镇', '3.4万平方米', 2.8645, 10000, '县人民医院', '李院长', '张科长', ''],
      ['合计', '', '', '', 2.8645, 10000, '', '', '', ''],
    ]);
    const parsed = parseProjectTable(await readTableFile(path));
    expect(parsed.errors).toEqual([]);
    expect(parsed.title).toBe('2026年县卫健局重点项目计划清单');
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]).toMatchObject({ rowNumber: 5, totalInvestment: 28645n * WAN, annualPlan: 10000n * WAN });
  });

  it('reads English headers', () => {
    const parsed = parseProjectTable([
      ['No.', 'Project', 'Location', 'Scope', 'Total investment', 'Annual plan', 'Unit', 'Leader', 'Owner', 'Notes'],
      ['1', 'East campus', 'Xunzhong', '34,000 m2', '28645', '10000', 'County Hospital', 'Li', 'Zhang', ''],
    ]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ name: 'East campus', unit: 'County Hospital', owner: 'Zhang' });
  });

  it('reports bad rows by the row number the spreadsheet shows', () => {
    const parsed = parseProjectTable([
      ['某县项目清单'],
      ['序号', '项目名称', '总投资(万元)', '年度计划投资(万元)', '责任单位', '责任人'],
      ['1', '甲项目', '100', '50', '单位A', '张三'],
      ['2', '', '100', '50', '单位A', '张三'],
      ['3', '丙项目', '一百', '50', '单位A', '张三'],
      ['4', '丁项目', '100', '150', '单位A', '张三'],
      ['5', '甲项目', '100', '50', '单位A', ''],
    ]);
    const lines = parsed.errors.map((e) => `${e.row}:${e.key}`);
    expect(lines).toEqual(['4:import.error.required', '5:import.error.amount', '6:import.error.plan_above_total', '7:import.error.required', '7:import.error.duplicate_name']);
    expect(parsed.rows.map((r) => r.name)).toEqual(['甲项目']);
  });

  it('names missing columns and files without a header', () => {
    expect(parseProjectTable([['项目名称', '建设地点', '责任人'], ['甲', '某地', '张三']]).errors.map((e) => e.params.column)).toEqual(['总投资', '责任单位']);
    expect(parseProjectTable([['hello'], ['world']]).errors[0]?.key).toBe('import.error.no_header');
  });

  it('reads the demo list', () => {
    const parsed = parseProjectTable(demoProjectTable);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(8);
  });
});

describeEachProvider('importing project lists', (provider) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const run = async (lines: string[], extra: Partial<ImportInput> = {}) => {
    const parsed = parseProjectTable(await readTableFile(csv(`${Math.random()}.csv`, lines)));
    return importProjects(database.db, { orgName: '测试县卫健局', rows: parsed.rows, errors: parsed.errors, dryRun: false, actorId: null, timeZone: 'Asia/Shanghai', locale: 'zh-CN', ...extra });
  };

  it('creates the org, units, people and projects; a dry run writes nothing', async () => {
    const dry = await run([HEADER, ...ROWS], { dryRun: true });
    expect(dry).toMatchObject({ applied: false, orgCreated: true, unitsCreated: ['县人民医院', '县中医院'] });
    expect(dry.added).toHaveLength(3);
    expect(await database.db.org.count()).toBe(0);
    const real = await run([HEADER, ...ROWS]);
    expect(real).toMatchObject({ applied: true, added: dry.added, unitsCreated: dry.unitsCreated, peopleCreated: dry.peopleCreated });
    const zhang = await database.db.person.findFirstOrThrow({ where: { name: '张科长' } });
    expect(zhang).toMatchObject({ isOwner: true, telegramUsername: 'zhang_kz', larkEmail: 'zhang@example.cn' });
    expect((await database.db.person.findFirstOrThrow({ where: { name: '李院长' } })).isLeader).toBe(true);
    expect(await database.db.auditLog.count({ where: { action: 'project.import' } })).toBe(1);
    expect(renderImportSummary(zh, real).join('\n')).toContain('新增 3 个项目，修改 0 个，0 个不变。');
  });

  it('changes nothing when the same list is imported again', async () => {
    await run([HEADER, ...ROWS]);
    const again = await run([HEADER, ...ROWS]);
    expect(again).toMatchObject({ added: [], changed: [], unchanged: 3, unitsCreated: [], peopleCreated: [] });
    expect(await database.db.project.count()).toBe(3);
  });

  it('updates changed rows, keeps binding hints, and handles renumbering', async () => {
    await run([HEADER, ...ROWS]);
    const renumbered = [
      HEADER,
      '1,县中医院综合楼,龙浔镇,4.1万平方米,22000,6000,县中医院,赵院长,陈科长,,,',
      '2,县医院城东院区感染防控中心工程,浔中镇,"3.4万平方米,新增床位200张",28645,10000,县人民医院,李院长,张科长,,,',
      '3,乡镇卫生院设备购置,各乡镇,13台设备,1399.98,1399.98,县人民医院,李院长,刘站长,政府采购,,',
    ];
    const result = await run(renumbered);
    expect(result.changed.map((c) => [c.name, c.fields])).toEqual([
      ['县中医院综合楼', ['code', 'totalInvestment']],
      ['县医院城东院区感染防控中心工程', ['code']],
    ]);
    const east = await database.db.project.findFirstOrThrow({ where: { name: '县医院城东院区感染防控中心工程' } });
    expect(east.code).toBe('2');
    expect((await database.db.person.findFirstOrThrow({ where: { name: '张科长' } })).telegramUsername).toBe('zhang_kz');
  });

  it('imports nothing when any row is bad', async () => {
    const result = await run([HEADER, ...ROWS, '4,新项目,某地,某规模,abc,1,某单位,某领导,某人,,,']);
    expect(result.applied).toBe(false);
    expect(renderImportSummary(zh, result).join('\n')).toContain('第 5 行「总投资(万元)」：金额「abc」看不懂');
    expect(await database.db.project.count()).toBe(0);
  });

  it('never gives a new project the history of another at the same 序号', async () => {
    await run([HEADER, ...ROWS]);
    const result = await run([HEADER, ROWS[0] ?? '', '3,全新项目,某地,规模,100,50,县中医院,赵院长,陈科长,,,']);
    expect(result.errors.map((e) => e.key)).toEqual(['import.error.code_taken']);
    expect(result.notInFile.map((p) => p.code)).toEqual(['2', '3']);
  });

  it('matches by an explicit 项目编号, so a renamed project keeps its history', async () => {
    const withCodes = (name: string) => ['项目编号,项目名称,总投资(万元),责任单位,责任人', `XM-001,${name},100,单位A,张三`];
    await run(withCodes('旧名称'));
    const result = await run(withCodes('新名称'));
    expect(result.changed.map((c) => [c.code, c.fields])).toEqual([['XM-001', ['name']]]);
    expect(await database.db.project.count()).toBe(1);
  });

  it('uses the only org, or asks which one', async () => {
    await run([HEADER, ...ROWS]);
    const parsed = parseProjectTable([HEADER.split(','), ...ROWS.slice(0, 1).map((r) => r.split(','))]);
    const sole = await importProjects(database.db, { rows: parsed.rows, errors: [], dryRun: true, actorId: null, timeZone: 'Asia/Shanghai', locale: 'zh-CN' });
    expect(sole.orgName).toBe('测试县卫健局');
    await database.db.org.create({ data: { name: '另一个县' } });
    const several = await importProjects(database.db, { rows: parsed.rows, errors: [], dryRun: true, actorId: null, timeZone: 'Asia/Shanghai', locale: 'zh-CN' });
    expect(several.orgProblem).toBe('several_orgs');
  });
});
