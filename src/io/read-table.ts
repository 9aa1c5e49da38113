// Reads a spreadsheet file (XLSX or CSV) into rows of cell texts, the shape the project-list
// reader takes. CSV may be UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030, as
// Excel saves it in China. Chat uploads arrive as bytes and a file name; the CLI reads a path.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type ExcelJS from 'exceljs';
import { excel } from './exceljs.ts';
import { hasProjectHeader } from '../core/rules/project-list.ts';
import { unescapeFormula } from './write-csv.ts';

/** Files above this size are refused before reading (a project list is a few hundred kB at most). */
export const MAX_TABLE_BYTES = 20 * 1024 * 1024;

/** Why a file could not be read; each has a catalog message `import.read.<code>`. */
export type TableReadErrorCode = 'unsupported' | 'xls' | 'not_found' | 'unreadable' | 'empty' | 'too_large';

/**
 * A file that cannot be read as a table. `code` picks the catalog message (`import.read.<code>`,
 * with `{file}` and `{detail}`); `message` is an English sentence for logs.
 */
export class TableReadError extends Error {
  /** The coarse reason kept for callers that only tell these apart. */
  readonly reason: 'unsupported' | 'unreadable' | 'empty';

  constructor(
    readonly code: TableReadErrorCode,
    /** The file's name as the user gave it (no directories). */
    readonly file: string,
    /** A technical detail (an OS error code, a parser message), may be empty. */
    readonly detail: string,
    message: string,
  ) {
    super(message);
    this.name = 'TableReadError';
    this.reason = code === 'unsupported' || code === 'xls' ? 'unsupported' : code === 'empty' ? 'empty' : 'unreadable';
  }
}

type Format = 'xlsx' | 'csv';

const EXTENSIONS: Record<string, Format | 'xls'> = { '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.csv': 'csv', '.txt': 'csv', '.tsv': 'csv', '.xls': 'xls', '.et': 'xls' };

/** Reads a file by path: .xlsx/.xlsm, or .csv/.tsv/.txt. */
export async function readTableFile(path: string): Promise<string[][]> {
  const file = basename(path);
  if (!EXTENSIONS[extname(file).toLowerCase()]) throw new TableReadError('unsupported', file, extname(file), `${file}: expected an .xlsx or .csv file`);
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new TableReadError('unreadable', file, 'EISDIR', `${path} is a directory`);
    if (info.size > MAX_TABLE_BYTES) throw new TableReadError('too_large', file, String(info.size), `${path} has ${info.size} bytes; at most ${MAX_TABLE_BYTES} are read`);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof TableReadError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT') throw new TableReadError('not_found', file, code, `${path} does not exist`);
    throw new TableReadError('unreadable', file, code || (error as Error).message, `cannot read ${path}: ${code || (error as Error).message}`);
  }
  return readTable(bytes, path);
}

/**
 * Reads file contents; the name's extension says the format (.xlsx/.xlsm, or .csv/.tsv/.txt).
 * A file whose bytes are plainly of the other kind (a workbook named .csv) is read as what it is.
 * @throws TableReadError for unknown extensions, the old .xls format and unreadable contents.
 */
export async function readTable(bytes: Buffer | Uint8Array, fileName: string): Promise<string[][]> {
  const file = basename(fileName);
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length > MAX_TABLE_BYTES) throw new TableReadError('too_large', file, String(buffer.length), `${file} has ${buffer.length} bytes; at most ${MAX_TABLE_BYTES} are read`);
  const byName = EXTENSIONS[extname(file).toLowerCase()];
  if (!byName) throw new TableReadError('unsupported', file, extname(file), `${file}: expected an .xlsx or .csv file`);
  const isZip = buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
  const isOle = buffer[0] === 0xd0 && buffer[1] === 0xcf && buffer[2] === 0x11 && buffer[3] === 0xe0;
  if (isOle || (byName === 'xls' && !isZip)) throw new TableReadError('xls', file, '', `${file}: the old .xls format is not supported; save it as .xlsx or .csv`);
  if (buffer.length === 0) throw new TableReadError('empty', file, '', `${file} is empty`);
  if (isZip) return readXlsx(buffer, file);
  if (byName === 'xlsx' || byName === 'xls') throw new TableReadError('unreadable', file, 'not a zip archive', `${file}: not a readable .xlsx file`);
  return parseCsv(decodeText(buffer));
}

// === Text files

/** UTF-16 when it has a UTF-16 BOM; UTF-8 when the bytes are valid UTF-8 (BOM dropped); else GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(withoutBom);
  } catch {
    return new TextDecoder('gb18030').decode(withoutBom);
  }
}

const DELIMITERS = [',', '\t', ';'] as const;

/** The delimiter that splits the first lines into the most cells (quoted text not counted); comma on a tie. */
export function guessDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  let lines = 0;
  const perLine = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  for (let i = 0; i < text.length && lines < 20; i++) {
    const c = text[i] ?? '';
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      for (const d of DELIMITERS) counts.set(d, Math.max(counts.get(d) ?? 0, perLine.get(d) ?? 0));
      for (const d of DELIMITERS) perLine.set(d, 0);
      lines++;
    } else if (!quoted && perLine.has(c)) perLine.set(c, (perLine.get(c) ?? 0) + 1);
  }
  for (const d of DELIMITERS) counts.set(d, Math.max(counts.get(d) ?? 0, perLine.get(d) ?? 0));
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/**
 * RFC 4180 CSV: quoted cells, doubled quotes, delimiters and newlines inside quotes; CRLF, LF or
 * CR line ends. The delimiter (comma, tab or semicolon) is guessed. Cells are trimmed, and the '
 * our CSV export puts before = + - @ (against formula injection) is taken off.
 */
export function parseCsv(text: string, delimiter = guessDelimiter(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (c === delimiter) {
      row.push(cell);
      cell = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      wasQuoted = false;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0 || wasQuoted) {
    row.push(cell);
    rows.push(row);
  }
  return rows.map((r) => r.map((v) => unescapeFormula(v.split('\u0000').join('')).trim()));
}

// === Workbooks

/** A number as people would type it: no float noise (1399.9800000000002 → "1399.98"), no exponent for usual sizes. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const clean = Number(value.toPrecision(15));
  if (Number.isInteger(clean) && Math.abs(clean) < 1e21) return clean.toFixed(0);
  const text = String(clean);
  if (!/e/i.test(text)) return text;
  return clean.toFixed(Math.min(20, Math.max(0, 15 - Math.floor(Math.log10(Math.abs(clean)))))).replace(/\.?0+$/, '');
}

function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  // Workbook dates carry no zone: ExcelJS reads them as UTC.
  const iso = date.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/** The text of a cell value: numbers, dates, rich text, hyperlinks, formula results, errors. */
export function valueText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('').trim();
  if ('hyperlink' in value && 'text' in value) return valueText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return valueText((value as { result?: ExcelJS.CellValue }).result);
  if ('error' in value) return String(value.error);
  return '';
}

function cellText(cell: ExcelJS.Cell): string {
  // A merged range holds its value in the first cell. Vertical merges (a unit or leader written once
  // for several projects) are repeated down; horizontal ones (a title across the page) are not.
  if (cell.isMerged && cell.master.address !== cell.address && cell.master.col !== cell.col) return '';
  return valueText(cell.value);
}

function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  const width = Math.min(sheet.columnCount, 200);
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    rows.push(cells);
  }
  while (rows.length > 0 && (rows[rows.length - 1]?.length ?? 0) === 0) rows.pop();
  return rows;
}

async function readXlsx(bytes: Buffer, file: string): Promise<string[][]> {
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new TableReadError('unreadable', file, (error as Error).message, `${file}: not a readable .xlsx file (${(error as Error).message})`);
  }
  const sheets = workbook.worksheets.map((sheet) => ({ visible: sheet.state === 'visible' || !sheet.state, rows: sheetRows(sheet) }));
  if (sheets.length === 0) throw new TableReadError('empty', file, '', `${file}: the workbook has no sheets`);
  // The first visible sheet that holds a recognisable project list, then any such sheet, else the first.
  const chosen = sheets.find((s) => s.visible && hasProjectHeader(s.rows)) ?? sheets.find((s) => hasProjectHeader(s.rows)) ?? sheets.find((s) => s.visible) ?? sheets[0];
  return chosen?.rows ?? [];
}
