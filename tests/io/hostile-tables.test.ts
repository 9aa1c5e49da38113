// Spreadsheets built to exhaust the importer: a tiny workbook whose two cells lie a million rows
// and two hundred columns apart, zip bombs, lying zip headers, giant merges and validations, and
// CSV files with a million rows or ten thousand columns. Each is refused quickly, with a clear code.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/messages/catalog/index.ts';
import { renderTableReadError } from '../../src/core/projects/render-import-summary.ts';
import { MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES, parseCsv, readTable, TableReadError } from '../../src/io/read-table.ts';
import { afterSheetData, buildZip, hostileWorkbook, unzip, withRows } from './zip-builder.ts';

async function failure(promise: Promise<unknown>): Promise<TableReadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TableReadError) return error;
    throw error;
  }
  throw new Error('expected a TableReadError');
}

/** Runs `read` and checks it took less than `ms` and grew the heap by less than `mb`. */
async function bounded<T>(read: () => Promise<T>, limits: { ms: number; mb: number }): Promise<T> {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let peak = heapBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  try {
    return await read();
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(performance.now() - started).toBeLessThan(limits.ms);
    expect((peak - heapBefore) / 1e6).toBeLessThan(limits.mb);
  }
}

const zh = translator('zh-CN');
const en = translator('en');
/** A, B, … Z, AA, AB, … for 0, 1, … */
const columnName = (index: number): string => (index < 26 ? '' : String.fromCharCode(64 + Math.floor(index / 26))) + String.fromCharCode(65 + (index % 26));
const cell = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;

describe('a workbook with far-apart cells', () => {
  it('refuses a workbook of a few kB with one cell at GR1 and one at A1048576, fast and without filling memory', async () => {
    const bytes = await hostileWorkbook((xml) => withRows(`<row r="1048576">${cell('A1048576', 'y')}</row>`)(xml.replace(/(<row r="1"[^>]*>.*?)<\/row>/, `$1${cell('GR1', 'x')}</row>`)));
    expect(bytes.toString('latin1')).not.toContain('GR1'); // compressed: the cells are in there, deflated
    expect(bytes.length).toBeLessThan(8_000);
    const error = await bounded(() => failure(readTable(bytes, 'bomb.xlsx')), { ms: 2_000, mb: 100 });
    expect(['too_many_rows', 'too_many_columns']).toContain(error.code);
  });

  it('says which limit: rows beyond 10,000, columns beyond 100', async () => {
    const rows = await failure(readTable(await hostileWorkbook(withRows(`<row r="1048576">${cell('A1048576', 'y')}</row>`)), 'rows.xlsx'));
    expect(rows).toMatchObject({ code: 'too_many_rows', detail: String(MAX_ROWS), file: 'rows.xlsx' });
    expect(renderTableReadError(zh, rows)).toContain('10000 行');
    expect(renderTableReadError(en, rows)).toContain('10000 rows');

    const columns = await failure(readTable(await hostileWorkbook(withRows(`<row r="2">${cell('GR2', 'x')}</row>`)), 'cols.xlsx'));
    expect(columns).toMatchObject({ code: 'too_many_columns', detail: String(MAX_COLUMNS) });
    expect(renderTableReadError(zh, columns)).toContain('100 列');
    expect(renderTableReadError(en, columns)).toContain('100 columns');
  });

  it('reads a list up to the limits, and ignores empty formatted cells beyond them', async () => {
    const bytes = await hostileWorkbook(withRows(`<row r="2">${cell('B2', '甲')}${cell('CV2', 'last column')}<c r="GR2" s="0"/></row><row r="10000">${cell('A10000', 'last row')}</row><row r="20000"><c r="A20000" s="0"/></row>`));
    const table = await readTable(bytes, 'edge.xlsx');
    expect(table.length).toBe(10_000);
    expect(table[1]?.length).toBe(100);
    expect(table[1]?.[1]).toBe('甲');
    expect(table[1]?.[99]).toBe('last column');
    expect(table[9_999]).toEqual(['last row']);
    expect(table[5_000]).toEqual([]);
  });

  it('refuses a merge that reaches row 1048576 or covers a million cells', async () => {
    const tallBytes = await hostileWorkbook(afterSheetData('<mergeCells count="1"><mergeCell ref="A2:A1048576"/></mergeCells>'));
    const tall = await bounded(() => failure(readTable(tallBytes, 'merge.xlsx')), { ms: 2_000, mb: 100 });
    expect(tall.code).toBe('too_many_rows');
    const quoted = await failure(readTable(await hostileWorkbook(afterSheetData(`<mergeCells count="1"><mergeCell ref='$A$2:$B$1048576' /></mergeCells>`)), 'merge.xlsx'));
    expect(quoted.code).toBe('too_many_rows');
    const wideBytes = await hostileWorkbook(afterSheetData('<mergeCells count="1"><mergeCell ref="A2:CV10000"/></mergeCells>'));
    const wide = await bounded(() => failure(readTable(wideBytes, 'merge.xlsx')), { ms: 2_000, mb: 100 });
    expect(wide.code).toBe('too_much_content');
    expect(renderTableReadError(zh, wide)).toContain('「merge.xlsx」');
  });

  it('reads a sheet whose drop-down list or column widths cover the whole sheet (as Excel writes them)', async () => {
    const bytes = await hostileWorkbook((xml) =>
      afterSheetData('<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"甲,乙"</formula1></dataValidation></dataValidations>')(
        xml.replace('<sheetData>', '<cols><col min="1" max="16384" width="12" customWidth="1"/></cols><sheetData>'),
      ),
    );
    expect(await bounded(() => readTable(bytes, 'validation.xlsx'), { ms: 2_000, mb: 100 })).toEqual([['项目名称']]);
  });

  it('refuses a sheet with more cells than a project list could hold before parsing it', async () => {
    // 2,001 full rows of 100 numbers: within the row and column limits, beyond the cells ExcelJS should be given.
    const row = `<row r="#">${Array.from({ length: MAX_COLUMNS }, (_, c) => `<c r="${columnName(c)}#"><v>1</v></c>`).join('')}</row>`;
    const rows = Array.from({ length: MAX_CELLS / MAX_COLUMNS + 1 }, (_, i) => row.replaceAll('#', String(i + 2)));
    const bytes = await hostileWorkbook(withRows(rows.join('')));
    const error = await bounded(() => failure(readTable(bytes, 'cells.xlsx')), { ms: 2_000, mb: 150 });
    expect(error.code).toBe('too_much_content');
  });
});

describe('zip bombs', () => {
  it('refuses a workbook whose entries unpack beyond 100 MB, by the central directory alone', async () => {
    const bytes = await hostileWorkbook((xml) => xml, [{ name: 'xl/media/image1.png', data: Buffer.alloc(1_000), declaredSize: MAX_UNPACKED_BYTES + 1 }]);
    const error = await bounded(() => failure(readTable(bytes, 'big.xlsx')), { ms: 500, mb: 20 });
    expect(error.code).toBe('too_much_content');
    expect(renderTableReadError(zh, error)).toContain('「big.xlsx」');
    expect(renderTableReadError(en, error)).toContain('"big.xlsx"');
  });

  it('refuses an entry compressed more than 100 times', async () => {
    const bytes = await hostileWorkbook((xml) => xml, [{ name: 'xl/media/image1.png', data: Buffer.alloc(20_000_000) }]);
    expect(bytes.length).toBeLessThan(100_000);
    const error = await bounded(() => failure(readTable(bytes, 'ratio.xlsx')), { ms: 1_000, mb: 20 });
    expect(error.code).toBe('too_much_content');
  });

  it('refuses an entry that inflates beyond the size its header declares', async () => {
    const liar = { name: 'xl/sharedStrings.xml', data: Buffer.alloc(5_000_000, 0x20), declaredSize: 1_000 };
    // The directory says 1 kB; the data says 5 MB.
    const bytes = await hostileWorkbook((xml) => xml, [liar]);
    const error = await bounded(() => failure(readTable(bytes, 'liar.xlsx')), { ms: 1_000, mb: 30 });
    expect(error.code).toBe('unreadable');
    expect(error.detail).toMatch(/declared/);
  });

  it('still reads an ordinary workbook, stored or deflated', async () => {
    const entries = unzip(await hostileWorkbook(withRows(`<row r="2">${cell('A2', '县医院')}</row>`)));
    expect(await readTable(buildZip(entries.map((e) => ({ ...e, stored: true }))), 'stored.xlsx')).toEqual([['项目名称'], ['县医院']]);
    expect(await readTable(buildZip(entries), 'deflated.xlsx')).toEqual([['项目名称'], ['县医院']]);
  });
});

describe('CSV', () => {
  it('refuses a CSV with a million rows quickly', async () => {
    const text = '项目名称,总投资\n' + '甲,1\n'.repeat(1_000_000);
    const error = await bounded(() => failure(readTable(Buffer.from(text), 'rows.csv')), { ms: 1_500, mb: 150 });
    expect(error).toMatchObject({ code: 'too_many_rows', detail: String(MAX_ROWS), file: 'rows.csv' });
  });

  it('refuses a CSV with ten thousand columns quickly', async () => {
    const text = '项目名称,' + 'x,'.repeat(10_000) + '\n甲\n';
    const error = await bounded(() => failure(readTable(Buffer.from(text), 'cols.csv')), { ms: 500, mb: 50 });
    expect(error).toMatchObject({ code: 'too_many_columns', detail: String(MAX_COLUMNS) });
  });

  it('reads up to the limits, dropping empty rows and columns beyond them', () => {
    const full = parseCsv(`${'y,'.repeat(MAX_COLUMNS - 1)}z\n${Array.from({ length: MAX_ROWS - 1 }, (_, i) => String(i)).join('\n')}`);
    expect(full.length).toBe(MAX_ROWS);
    expect(full[0]?.length).toBe(MAX_COLUMNS);
    expect(full[MAX_ROWS - 1]).toEqual([String(MAX_ROWS - 2)]);
    const padded = parseCsv('a,b' + ','.repeat(5_000) + '\n' + '\n'.repeat(20_000));
    expect(padded[0]).toEqual(['a', 'b', ...Array<string>(MAX_COLUMNS - 2).fill('')]);
    expect(padded.length).toBe(MAX_ROWS);
  });
});
