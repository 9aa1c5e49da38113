// Writes the project list in the import's own column layout (计划清单 as offices keep it, plus the
// optional contact columns), as XLSX or CSV: exported and re-imported, it changes nothing.
import { writeFile } from 'node:fs/promises';
import { excel } from './exceljs.ts';
import type { ProjectListEntry } from '../core/ledger/load-project-list.ts';
import { formatWan } from '../core/rules/money.ts';
import { toCsv } from './write-csv.ts';

/**
 * The header row. These are the words the project-list reader recognises (a file format, the same
 * in every language), in the office's order, then the contact columns.
 */
export const PROJECT_LIST_HEADERS = [
  '序号',
  '项目名称',
  '建设地点',
  '建设内容及规模',
  '总投资(万元)',
  '年度计划投资(万元)',
  '责任单位',
  '责任领导',
  '责任人',
  '备注',
  '责任人Telegram',
  '责任人邮箱',
  '责任人手机',
  '责任领导Telegram',
  '责任领导邮箱',
  '责任领导手机',
] as const;

const WIDTHS = [6, 30, 12, 36, 12, 12, 16, 10, 10, 16, 14, 20, 14, 14, 20, 14];
/** Amounts show two decimals and keep up to six (1 分 = 0.000001 万元). */
const MONEY_FORMAT = '0.00####';

/** The list as rows of texts: header first. Amounts are exact 万元 decimals. Pure. */
export function projectListRows(entries: readonly ProjectListEntry[]): string[][] {
  return [
    [...PROJECT_LIST_HEADERS],
    ...entries.map((e) => [
      e.code,
      e.name,
      e.location,
      e.scope,
      formatWan(e.totalInvestment),
      formatWan(e.annualPlan),
      e.unit,
      e.leader,
      e.owner,
      e.note,
      e.ownerHints.telegramUsername ?? '',
      e.ownerHints.email ?? '',
      e.ownerHints.mobile ?? '',
      e.leaderHints.telegramUsername ?? '',
      e.leaderHints.email ?? '',
      e.leaderHints.mobile ?? '',
    ]),
  ];
}

/**
 * Writes the list. XLSX: one sheet, header frozen and repeated when printed, amounts as numbers
 * (the exact decimal from formatWan; codes, names and phone numbers stay text). CSV: UTF-8 with BOM.
 */
export async function writeProjectList(entries: readonly ProjectListEntry[], path: string, options: { format: 'xlsx' | 'csv'; sheetName: string }): Promise<void> {
  const rows = projectListRows(entries);
  if (options.format === 'csv') {
    await writeFile(path, toCsv(rows), 'utf8');
    return;
  }
  const workbook = new (excel().Workbook)();
  const sheet = workbook.addWorksheet(options.sheetName, {
    views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));
  rows.forEach((cells, r) => {
    const row = sheet.getRow(r + 1);
    cells.forEach((text, c) => {
      const cell = row.getCell(c + 1);
      const isAmount = r > 0 && (c === 4 || c === 5);
      cell.value = isAmount ? Number(text) : text;
      if (isAmount) cell.numFmt = MONEY_FORMAT;
      cell.alignment = { vertical: 'middle', wrapText: true };
      if (r === 0) cell.font = { bold: true };
    });
  });
  await workbook.xlsx.writeFile(path);
}
