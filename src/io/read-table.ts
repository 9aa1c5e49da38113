// Reads a spreadsheet file (XLSX or CSV) into rows of cell texts, the shape the project-list
// reader takes. CSV may be UTF-8 (with or without BOM) or GBK/GB18030, as Excel saves it in China.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { parseProjectTable } from '../core/rules/project-list.ts';

export class TableReadError extends Error {
  constructor(
    readonly reason: 'unsupported' | 'unreadable' | 'empty',
    message: string,
  ) {
    super(message);
    this.name = 'TableReadError';
  }
}

/** Reads a file by path. */
export async function readTableFile(path: string): Promise<string[][]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new TableReadError('unreadable', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return readTable(bytes, path);
}

/** Reads file contents; the name's extension says the format (.xlsx or .csv/.txt/.tsv). */
export async function readTable(bytes: Buffer, fileName: string): Promise<string[][]> {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return readXlsx(bytes, fileName);
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return parseCsv(decodeText(bytes));
  if (ext === '.xls') throw new TableReadError('unsupported', `${fileName}: the old .xls format is not supported; save it as .xlsx or .csv`);
  throw new TableReadError('unsupported', `${fileName}: expected an .xlsx or .csv file`);
}

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK). */
export function decodeText(bytes: Buffer): string {
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(withoutBom);
  } catch {
    return new TextDecoder('gb18030').decode(withoutBom);
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines in quotes); the delimiter is guessed (comma, tab, semicolon). */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const delimiter = [',', '\t', ';', '，'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.map((r) => r.map((v) => v.trim()));
}

function cellText(cell: ExcelJS.Cell): string {
  // A merged range holds its value in the first cell only.
  if (cell.isMerged && cell.master.address !== cell.address) return '';
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && 'result' in value && typeof value.result === 'number') return String(value.result);
  return cell.text.trim();
}

async function readXlsx(bytes: Buffer, fileName: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new TableReadError('unreadable', `${fileName}: not a readable .xlsx file (${(error as Error).message})`);
  }
  const sheets = workbook.worksheets.map((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, sheet.columnCount); c++) cells.push(cellText(row.getCell(c)));
      rows[rowNumber - 1] = cells;
    });
    return Array.from(rows, (r) => r ?? []);
  });
  if (sheets.length === 0) throw new TableReadError('empty', `${fileName}: the workbook has no sheets`);
  // The first sheet that holds a recognisable project list, else the first sheet.
  return sheets.find((table) => !parseProjectTable(table).errors.some((e) => e.key === 'import.error.no_header')) ?? sheets[0] ?? [];
}
