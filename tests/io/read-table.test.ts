// Reading spreadsheets into cell texts: CSV in every encoding Excel writes, and XLSX workbooks.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/core/messages/catalog/index.ts';
import { renderTableReadError } from '../../src/core/projects/render-import-summary.ts';
import { parseProjectTable } from '../../src/core/rules/project-list.ts';
import { decodeText, guessDelimiter, numberText, parseCsv, readTable, readTableFile, TableReadError } from '../../src/io/read-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'read-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);
const zh = translator('zh-CN');

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function failure(promise: Promise<unknown>): Promise<TableReadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TableReadError) return error;
    throw error;
  }
  throw new Error('expected a TableReadError');
}

describe('CSV', () => {
  it('reads quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF and LF', () => {
    const text = 'a,"b, c","say ""hi""",\r\n"two\nlines", x ,"",\n"last"';
    expect(parseCsv(text)).toEqual([
      ['a', 'b, c', 'say "hi"', ''],
      ['two\nlines', 'x', '', ''],
      ['last'],
    ]);
  });

  it('guesses the delimiter from the first lines, not from Chinese commas or quoted text', () => {
    expect(guessDelimiter('标题，说明\n序号,项目名称,总投资\n')).toBe(',');
    expect(guessDelimiter('序号\t项目名称\t"a,b,c,d"\n')).toBe('\t');
    expect(guessDelimiter('序号;项目名称;总投资\n')).toBe(';');
    expect(parseCsv('项目名称\t总投资\n甲\t"1,200"')).toEqual([['项目名称', '总投资'], ['甲', '1,200']]);
  });

  it('decodes UTF-8 with and without BOM, GBK and UTF-16', () => {
    const text = '序号,项目名称\n1,县中医院综合楼';
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    expect(decodeText(readFileSync(fixture('project-list-gbk.csv'))).startsWith('2026年示例县卫健局重点项目计划清单')).toBe(true);
  });

  it('reads the committed GBK and UTF-8 fixtures to the same table', async () => {
    const gbk = await readTableFile(fixture('project-list-gbk.csv'));
    const utf8 = await readTableFile(fixture('project-list-utf8.csv'));
    expect(gbk).toEqual(utf8);
    expect(gbk[3]?.[3]).toBe('3.4万平方米，感染门诊楼、住院楼,新增床位200张');
    expect(gbk[4]?.[3]).toBe('4.1万平方米综合楼及附属楼，"二期"');
    const parsed = parseProjectTable(gbk);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.rowNumber)).toEqual([4, 5, 6]);
  });

  it('reads bytes with a file name, as chat uploads arrive', async () => {
    expect(await readTable(Buffer.from('项目名称,总投资\n甲,1'), '清单.CSV')).toEqual([['项目名称', '总投资'], ['甲', '1']]);
    expect(await readTable(new Uint8Array(Buffer.from('a\tb')), 'list.tsv')).toEqual([['a', 'b']]);
  });
});

describe('XLSX', () => {
  it('reads numbers, rich text, formulas, hyperlinks, dates and merged titles', async () => {
    const bytes = await workbook((wb) => {
      const sheet = wb.addWorksheet('清单');
      sheet.addRow(['2026年县卫健局重点项目计划清单']);
      sheet.mergeCells('A1:F1');
      sheet.addRow(['序号', '项目名称', '总投资（万元）', '年度计划投资（万元）', '责任单位', '备注']);
      sheet.addRow([1, { richText: [{ text: '县医院' }, { text: '城东院区', font: { bold: true } }] }, 1399.9800000000002, { formula: 'C3/2', result: 699.99 }, { text: '县人民医院', hyperlink: 'https://example.cn' }, new Date(Date.UTC(2026, 11, 31))]);
      sheet.addRow([2, '  县中医院综合楼  ', 21874, { formula: 'C4', result: { error: '#REF!' } }, '县中医院', true]);
    });
    const table = await readTable(bytes, 'list.xlsx');
    expect(table).toEqual([
      ['2026年县卫健局重点项目计划清单'],
      ['序号', '项目名称', '总投资（万元）', '年度计划投资（万元）', '责任单位', '备注'],
      ['1', '县医院城东院区', '1399.98', '699.99', '县人民医院', '2026-12-31'],
      ['2', '县中医院综合楼', '21874', '#REF!', '县中医院', 'TRUE'],
    ]);
  });

  it('repeats vertically merged cells (a unit written once for several projects)', async () => {
    const bytes = await workbook((wb) => {
      const sheet = wb.addWorksheet('清单');
      sheet.addRow(['项目名称', '总投资', '责任单位', '责任人']);
      sheet.addRow(['甲', 100, '县人民医院', '张三']);
      sheet.addRow(['乙', 200, '', '李四']);
      sheet.mergeCells('C2:C3');
    });
    const parsed = parseProjectTable(await readTable(bytes, 'list.xlsx'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.unit)).toEqual(['县人民医院', '县人民医院']);
  });

  it('takes the first sheet that holds a project list', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('说明').addRow(['填表说明：金额单位为万元']);
      const hidden = wb.addWorksheet('旧表', { state: 'hidden' });
      hidden.addRow(['项目名称', '总投资', '责任单位', '责任人']);
      hidden.addRow(['旧项目', 1, '单位', '某人']);
      const sheet = wb.addWorksheet('计划清单');
      sheet.addRow(['项目名称', '总投资', '责任单位', '责任人']);
      sheet.addRow(['新项目', 1, '单位', '某人']);
    });
    expect((await readTable(bytes, 'list.xlsx'))[1]?.[0]).toBe('新项目');
  });

  it('reads a workbook sent with a .csv name as a workbook', async () => {
    const bytes = await workbook((wb) => wb.addWorksheet('s').addRow(['项目名称', 5]));
    expect(await readTable(bytes, 'export.csv')).toEqual([['项目名称', '5']]);
  });

  it('writes numbers as people type them', () => {
    expect([numberText(28645), numberText(1399.9800000000002), numberText(0.1 + 0.2), numberText(2.8645), numberText(1e-7), numberText(-3)]).toEqual(['28645', '1399.98', '0.3', '2.8645', '0.0000001', '-3']);
  });
});

describe('files that cannot be read', () => {
  it('explains unknown extensions, old .xls, missing, empty and damaged files', async () => {
    const unknown = await failure(readTable(Buffer.from('x'), '清单.docx'));
    expect(unknown).toMatchObject({ code: 'unsupported', reason: 'unsupported', file: '清单.docx' });
    expect(renderTableReadError(zh, unknown)).toBe('「清单.docx」不是项目清单文件，请使用 .xlsx 或 .csv 文件。');

    const xls = await failure(readTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), '清单.xls'));
    expect(xls.code).toBe('xls');
    expect(renderTableReadError(zh, xls)).toContain('另存为');

    const missing = await failure(readTableFile(join(dir, 'nope.csv')));
    expect(missing).toMatchObject({ code: 'not_found', file: 'nope.csv' });
    expect(renderTableReadError(zh, missing)).toBe('找不到文件「nope.csv」。');

    const emptyPath = join(dir, 'empty.csv');
    writeFileSync(emptyPath, '');
    expect((await failure(readTableFile(emptyPath))).code).toBe('empty');

    const damaged = await failure(readTable(Buffer.from('PK\u0003\u0004 not really a zip'), 'list.xlsx'));
    expect(damaged.code).toBe('unreadable');
    expect(renderTableReadError(translator('en'), damaged)).toMatch(/^"list.xlsx" cannot be opened; it may be damaged or not a spreadsheet \(.+\)\.$/);

    expect((await failure(readTable(Buffer.from('a,b'), 'list.xlsx'))).code).toBe('unreadable');
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder);
    expect((await failure(readTableFile(folder))).code).toBe('unreadable');
  });
});
