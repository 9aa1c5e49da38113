// The ledger export end to end on both databases: reports filed through the bot, /export in chat,
// the file opened with exceljs and checked cell by cell.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/commands/context.ts';
import { testDataDir } from '../../support/ports.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import type { World } from '../../support/world.ts';
import { buildLedgerWorld, CLOSE_NOTE, CORRECTION_REASON, LATE_REASON, ORG_NAME } from './ledger-fixture.ts';

const HEADERS = [
  '序号',
  '项目名称',
  '建设地点',
  '建设内容及规模',
  '总投资(万元)',
  '年度计划投资(万元)',
  '本周完成投资(万元)',
  '累计完成投资(万元)',
  '年度投资完成率',
  '形象进度',
  '本周进展',
  '存在问题',
  '需协调事项',
  '下周计划',
  '责任单位',
  '责任领导',
  '责任人',
  '填报人',
  '填报时间',
  '是否逾期',
  '现场照片(张)',
];

/** Runs /export as a person through the router; the file goes to the test's data directory. */
async function runExport(world: World, name: string, args: string, _dir?: string): Promise<Reply[]> {
  return world.send(name, `/export ${args}`);
}

async function openWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** The row's values from column 1 on, as plain JS values (a merged range repeats its value). */
function values(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  const raw = sheet.getRow(row).values as unknown[];
  return Array.from({ length: sheet.columnCount }, (_, i) => raw[i + 1] ?? null);
}

describeEachProvider('ledger export', (provider) => {
  let database: TestDatabase;
  let world: World;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildLedgerWorld(database.db);
    dir = mkdtempSync(join(tmpdir(), 'ledger-export-'));
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the week workbook: sheets, title, header, rows by unit, subtotals, total, formats', async () => {
    const replies = await runExport(world, '王主任', '2026-W47', dir);
    expect(replies).toHaveLength(1);
    const msg = replies[0]!.message;
    expect(msg.attachment).toMatchObject({ kind: 'document', fileName: '进度台账-2026-W47.xlsx' });
    expect(msg.summary).toBe('2026-W47 进度台账（XLSX）：4 个项目，按时 1，补报 1，更正 1，未报 1，暂停 0。');
    const path = msg.attachment!.path;
    expect(path.startsWith(testDataDir())).toBe(true);

    const workbook = await openWorkbook(path);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['周报台账', '修改记录', '问题清单', '报送率']);
    const sheet = workbook.getWorksheet('周报台账')!;
    expect(sheet.getCell('A1').value).toBe(`${ORG_NAME}重点项目进度台账（2026年第47周 11月16日—11月22日）`);
    expect(sheet.getCell('A1').isMerged).toBe(true);
    expect(String(sheet.getCell('A2').value)).toContain('填报截止：2026-11-20 17:00');
    expect(values(sheet, 3)).toEqual(HEADERS);

    // 县人民医院: projects 1, 3, 4, then its subtotal.
    expect(values(sheet, 4)).toEqual([
      '1',
      '县医院城东院区感染防控中心工程',
      '',
      '',
      28645,
      10000,
      170,
      3250,
      0.325,
      0.46,
      '主体结构第三层浇筑完成, 进入"四层"施工',
      '施工用电增容审批未完成',
      '',
      '第四层钢筋绑扎',
      '县人民医院',
      '李院长',
      '张科长',
      '张科长',
      '2026-11-21 10:00',
      `更正：${CORRECTION_REASON}`,
      0,
    ]);
    expect(values(sheet, 5).slice(0, 10)).toEqual(['3', '乡镇卫生院设备购置', '', '', 1399.98, 1399.98, 50.5, 500.25, 500_250_000 / 1_399_980_000, 0.305]);
    expect(values(sheet, 5).slice(17)).toEqual(['王主任（代报）', '2026-11-19 11:00', '否', 0]);
    // No report: the 现场照片 cell is blank, not 0.
    expect(values(sheet, 6)).toEqual(['4', '县医院信息平台', '', '', 800, 500, null, null, null, null, '', '', '', '', '县人民医院', '李院长', '张科长', '', '', '逾期未报', null]);
    // Subtotals and the total are SUM formulas over the project rows, with their values cached (issue #14).
    const subtotal = values(sheet, 7);
    expect(subtotal.slice(0, 9)).toEqual([
      ...Array(4).fill('县人民医院 小计（3个）'),
      { formula: 'SUM(E4:E6)', result: 30844.98 },
      { formula: 'SUM(F4:F6)', result: 11899.98 },
      { formula: 'SUM(G4:G6)', result: 220.5 },
      { formula: 'SUM(H4:H6)', result: 3750.25 },
      3_750_250_000 / 11_899_980_000,
    ]);
    // 县中医院: project 2 (补报); one project, so no 小计 row; then the total.
    expect(values(sheet, 8).slice(0, 10)).toEqual(['2', '县中医院综合楼', '', '', 21874, 6000, 80, 4000, 4000 / 6000, 0.6]);
    expect(values(sheet, 8)[19]).toBe(`补报：${LATE_REASON}`);
    expect(values(sheet, 9).slice(0, 9)).toEqual([
      ...Array(4).fill('合计（4个）'),
      { formula: 'SUM(E4:E6,E8)', result: 52718.98 },
      { formula: 'SUM(F4:F6,F8)', result: 17899.98 },
      { formula: 'SUM(G4:G6,G8)', result: 300.5 },
      { formula: 'SUM(H4:H6,H8)', result: 7750.25 },
      7_750_250_000 / 17_899_980_000,
    ]);
    expect(sheet.rowCount).toBe(9);

    // Formats and styles.
    for (const col of ['E', 'F', 'G', 'H']) expect(sheet.getCell(`${col}4`).numFmt).toBe('0.00');
    expect(sheet.getCell('E9').numFmt).toBe('0.00');
    expect(sheet.getCell('I4').numFmt).toBe('0.0%');
    expect(sheet.getCell('J4').numFmt).toBe('0%');
    expect(sheet.getCell('J5').numFmt).toBe('0.0%');
    expect(sheet.getCell('A7').font?.bold).toBe(true);
    expect(sheet.getCell('E7').font?.bold).toBe(true);
    expect(sheet.getCell('E9').font?.bold).toBe(true);
    expect(sheet.getCell('E4').font?.bold).toBeFalsy();
    expect(sheet.getCell('A7').isMerged).toBe(true);
    expect(sheet.getCell('K4').alignment?.wrapText).toBe(true);
    expect(sheet.getColumn(2).width).toBeGreaterThan(10);

    // Print setup: A4 landscape, one page wide, header row repeated; header frozen.
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.headerFooter.oddFooter).toContain('&P');
  });

  it('shows every revision with the 补报 and 更正 reasons in the history sheet', async () => {
    const [replyMsg] = await runExport(world, '王主任', '2026-W47', dir);
    const workbook = await openWorkbook(replyMsg!.message.attachment!.path);
    const sheet = workbook.getWorksheet('修改记录')!;
    expect(sheet.getCell('A1').value).toBe(`${ORG_NAME}填报及修改记录（2026年第47周）`);
    expect(values(sheet, 3).slice(0, 9)).toEqual(['周次', '序号', '项目名称', '责任单位', '版本', '类型', '补报/更正原因', '填报时间', '填报人']);
    const rows = [4, 5, 6, 7].map((r) => values(sheet, r).slice(0, 12));
    expect(rows).toEqual([
      ['2026-W47', '1', '县医院城东院区感染防控中心工程', '县人民医院', '第1版', '首报', '', '2026-11-18 10:00', '张科长', 0.45, 120, 3200],
      ['2026-W47', '1', '县医院城东院区感染防控中心工程', '县人民医院', '第2版', '更正', CORRECTION_REASON, '2026-11-21 10:00', '张科长', 0.46, 170, 3250],
      ['2026-W47', '3', '乡镇卫生院设备购置', '县人民医院', '第1版', '首报', '', '2026-11-19 11:00', '王主任（代报）', 0.305, 50.5, 500.25],
      ['2026-W47', '2', '县中医院综合楼', '县中医院', '第1版', '补报', LATE_REASON, '2026-11-21 10:00', '陈科长', 0.6, 80, 4000],
    ]);
    expect(sheet.rowCount).toBe(7);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '3:3' });
  });

  it('lists problems with status and the 销号 note, who and when', async () => {
    const [replyMsg] = await runExport(world, '王主任', '', dir);
    const workbook = await openWorkbook(replyMsg!.message.attachment!.path);
    const sheet = workbook.getWorksheet('问题清单')!;
    expect(values(sheet, 3)).toEqual(['编号', '类别', '序号', '项目名称', '责任单位', '问题', '状态', '提出周次', '最近出现', '提出人', '承办', '期限', '批示', '办理情况', '销号说明', '销号人', '销号时间']);
    expect(values(sheet, 4)).toEqual([1, '存在问题', '1', '县医院城东院区感染防控中心工程', '县人民医院', '施工用电增容审批未完成', '已销号', '2026-W47', '2026-W47', '张科长', '县人民医院', '2026-12-02', '', '', CLOSE_NOTE, '王主任', '2026-11-21 10:00']);
    expect(values(sheet, 5).slice(0, 8)).toEqual([2, '存在问题', '2', '县中医院综合楼', '县中医院', '资金拨付滞后', '待办', '2026-W47']);
    expect(values(sheet, 5).slice(14)).toEqual(['', '', '']);
  });

  it('counts on time, late and missing per unit in the reporting-rate sheet', async () => {
    const [replyMsg] = await runExport(world, '王主任', 'week 2026-W47', dir);
    const workbook = await openWorkbook(replyMsg!.message.attachment!.path);
    const sheet = workbook.getWorksheet('报送率')!;
    expect(values(sheet, 3)).toEqual(['责任单位', '项目数', '应报(项次)', '按时', '其中更正', '补报', '未报', '暂停', '按时率', '报送率']);
    expect(values(sheet, 4)).toEqual(['县人民医院', 3, 3, 2, 1, 0, 1, 0, 0.6666666666666666, 0.6666666666666666]);
    expect(values(sheet, 5)).toEqual(['县中医院', 1, 1, 0, 0, 1, 0, 0, 0, 1]);
    expect(values(sheet, 6)).toEqual(['合计', 4, 4, 2, 1, 1, 1, 0, 0.5, 0.75]);
    expect(sheet.getCell('I4').numFmt).toBe('0.0%');
    expect(sheet.getCell('A6').font?.bold).toBe(true);
  });

  it('writes the week sheet as CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting', async () => {
    const [replyMsg] = await runExport(world, '王主任', '2026-W47 csv', dir);
    expect(replyMsg!.message.attachment?.fileName).toBe('进度台账-2026-W47.csv');
    const bytes = readFileSync(replyMsg!.message.attachment!.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(HEADERS.join(','));
    expect(lines[1]).toBe(
      `1,县医院城东院区感染防控中心工程,,,28645,10000,170,3250,32.5%,46%,"主体结构第三层浇筑完成, 进入""四层""施工",施工用电增容审批未完成,,第四层钢筋绑扎,县人民医院,李院长,张科长,张科长,2026-11-21 10:00,更正：${CORRECTION_REASON},0`,
    );
    expect(lines[3]).toBe('4,县医院信息平台,,,800,500,,,,,,,,,县人民医院,李院长,张科长,,,逾期未报,');
    expect(lines[4]).toBe('县人民医院 小计（3个）,,,,30844.98,11899.98,220.5,3750.25,31.5%,,,,,,,,,,,,');
    expect(lines[6]).toBe('合计（4个）,,,,52718.98,17899.98,300.5,7750.25,43.3%,,,,,,,,,,,,');
    expect(lines[7]).toBe('');
    expect(lines).toHaveLength(8);
  });

  it('builds the month: last report per project, the month’s investment summed, weeks counted', async () => {
    const [replyMsg] = await runExport(world, '王主任', 'month 2026-11', dir);
    const msg = replyMsg!.message;
    expect(msg.attachment?.fileName).toBe('月度台账-2026-11.xlsx');
    // W45, W46, W47 have begun (W48 starts tomorrow): 4 projects × 3 weeks.
    expect(msg.summary).toBe('2026-11 月度台账（XLSX）：4 个项目，3 周；按时 2，补报 1，更正 1，未报 8，暂停 0（项次）。');
    const workbook = await openWorkbook(msg.attachment!.path);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['月报台账', '修改记录', '问题清单', '报送率']);
    const sheet = workbook.getWorksheet('月报台账')!;
    expect(sheet.getCell('A1').value).toBe(`${ORG_NAME}重点项目进度台账（2026年11月）`);
    expect(values(sheet, 3)[6]).toBe('本月完成投资(万元)');
    expect(values(sheet, 3)[19]).toBe('报送情况');
    expect(values(sheet, 4).slice(0, 10)).toEqual(['1', '县医院城东院区感染防控中心工程', '', '', 28645, 10000, 270, 3250, 0.325, 0.46]);
    expect(values(sheet, 4)[19]).toBe('按时1周，更正1周，未报1周');
    expect(values(sheet, 9).slice(0, 8)).toEqual([
      ...Array(4).fill('合计（4个）'),
      { formula: 'SUM(E4:E6,E8)', result: 52718.98 },
      { formula: 'SUM(F4:F6,F8)', result: 17899.98 },
      { formula: 'SUM(G4:G6,G8)', result: 400.5 },
      { formula: 'SUM(H4:H6,H8)', result: 7750.25 },
    ]);
    const history = workbook.getWorksheet('修改记录')!;
    expect(history.getCell('A4').value).toBe('2026-W46');
    expect(history.rowCount).toBe(8);
  });

  it('limits a leader’s export to the projects they lead, and refuses an owner', async () => {
    const [li] = await runExport(world, '李院长', '', dir);
    expect(li!.message.attachment?.fileName).toBe('进度台账-2026-W47-李院长.xlsx');
    const sheet = (await openWorkbook(li!.message.attachment!.path)).getWorksheet('周报台账')!;
    expect(String(sheet.getCell('A2').value)).toContain('范围：李院长分管的项目');
    const codes = [4, 5, 6, 7, 8].map((r) => sheet.getCell(`A${r}`).value);
    expect(codes).toEqual(['1', '3', '4', '县人民医院 小计（3个）', '合计（3个）']);
    const problems = (await openWorkbook(li!.message.attachment!.path)).getWorksheet('问题清单')!;
    expect(problems.rowCount).toBe(4); // only #1 (project 1)

    const [zhao] = await runExport(world, '赵院长', 'csv', dir);
    const csv = readFileSync(zhao!.message.attachment!.path, 'utf8');
    expect(csv).toContain('县中医院综合楼');
    expect(csv).not.toContain('城东院区');

    const refused = await runExport(world, '张科长', '', dir);
    expect(refused[0]!.message.attachment).toBeUndefined();
    expect(JSON.stringify(refused[0]!.message)).toContain('只有责任领导或项目办可以使用');
  });

  it('explains bad arguments and refuses future periods', async () => {
    const bad = await runExport(world, '王主任', 'quarter', dir);
    expect(JSON.stringify(bad[0]!.message)).toContain('看不懂「quarter」');
    const future = await runExport(world, '王主任', '2026-W49', dir);
    expect(JSON.stringify(future[0]!.message)).toContain('2026-W49 还没到');
  });

  it('keeps the export in the file store’s exports area, under the data directory', async () => {
    const [reply] = await runExport(world, '王主任', '');
    const attachment = reply?.message.attachment;
    expect(attachment?.path.startsWith(join(testDataDir(), 'tmp', 'exports'))).toBe(true);
    expect(existsSync(attachment?.path ?? '')).toBe(true);
  });
});
