// Reads a spreadsheet file (XLSX or CSV) into rows of cell texts, the shape the project-list
// reader takes. CSV may be UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030, as
// Excel saves it in China. Chat uploads arrive as bytes and a file name; the CLI reads a path.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type ExcelJS from 'exceljs';
import { excel } from './exceljs.ts';
import { hasProjectHeader } from '../core/rules/project-list.ts';
import { unescapeFormula } from './write-csv.ts';
import { inflateZipEntry, readZipDirectory, ZipFormatError, type ZipEntry } from './zip-directory.ts';

/** Files above this size are refused before reading (a project list is a few hundred kB at most). */
export const MAX_TABLE_BYTES = 20 * 1024 * 1024;
/** A table may have content in at most this many rows and columns (a project list has hundreds and about twenty). */
export const MAX_ROWS = 10_000;
export const MAX_COLUMNS = 100;
/**
 * Limits on a workbook's zip, checked from its central directory before any parser unpacks it: the
 * unpacked total, the compression ratio of a large entry (XML packs 5–20 times; a zip bomb 1000),
 * and the number of entries.
 */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
export const MAX_COMPRESSION_RATIO = 100;
const RATIO_CHECKED_ABOVE = 1024 * 1024;
const MAX_ZIP_ENTRIES = 5_000;
/**
 * Cells (elements in the sheet XML, plus the cells merged ranges cover) a workbook may hold before
 * ExcelJS parses it. ExcelJS keeps an object per cell: a million cells took 15 s and 800 MB. A project
 * list of 2,000 projects × 20 columns has 40,000.
 */
export const MAX_CELLS = 200_000;
/** ExcelJS checks each merge against every earlier one. */
const MAX_MERGES = 5_000;

/** Why a file could not be read; each has a catalog message `import.read.<code>`. */
export type TableReadErrorCode = 'unsupported' | 'xls' | 'not_found' | 'unreadable' | 'empty' | 'too_large' | 'too_many_rows' | 'too_many_columns' | 'too_much_content';

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
  return parseCsv(decodeText(buffer), undefined, file);
}

function tooManyRows(file: string): TableReadError {
  return new TableReadError('too_many_rows', file, String(MAX_ROWS), `${file}: content beyond row ${MAX_ROWS}`);
}

function tooManyColumns(file: string): TableReadError {
  return new TableReadError('too_many_columns', file, String(MAX_COLUMNS), `${file}: content beyond column ${MAX_COLUMNS}`);
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
 * @throws TableReadError too_many_rows / too_many_columns for content beyond {@link MAX_ROWS} rows
 * or {@link MAX_COLUMNS} columns (empty cells and lines beyond them are dropped), as soon as it is met.
 */
export function parseCsv(text: string, delimiter = guessDelimiter(text), file = ''): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  const endCell = () => {
    const value = unescapeFormula(cell.split('\u0000').join('')).trim();
    if (row.length < MAX_COLUMNS) row.push(value);
    else if (value) throw tooManyColumns(file);
    cell = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endCell();
    if (rows.length < MAX_ROWS) rows.push(row);
    else if (row.some(Boolean)) throw tooManyRows(file);
    row = [];
  };
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
      endCell();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += c;
  }
  if (cell !== '' || row.length > 0 || wasQuoted) endRow();
  return rows;
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

/**
 * The sheet's rows of texts: only the cells that exist are visited (a sheet with one cell at A1048576
 * costs one cell, not a million rows), empty rows between kept as [], trailing empty cells dropped.
 * @throws TableReadError too_many_rows / too_many_columns for a non-empty cell beyond the limits.
 */
function sheetRows(sheet: ExcelJS.Worksheet, file: string): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const text = cellText(cell);
      if (!text) return;
      if (r > MAX_ROWS) throw tooManyRows(file);
      if (c > MAX_COLUMNS) throw tooManyColumns(file);
      while (cells.length < c - 1) cells.push('');
      cells[c - 1] = text;
    });
    if (cells.length === 0) return;
    while (rows.length < r - 1) rows.push([]);
    rows[r - 1] = cells;
  });
  return rows;
}

/** Worksheet parts, as ExcelJS finds them (its own pattern). */
const WORKSHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;
/** A cell element, with or without a namespace prefix. */
const CELL_ELEMENT = /<(?:[\w.-]+:)?c[\s>/]/g;
const MERGE_ELEMENT = /<(?:[\w.-]+:)?mergeCell\s[^>]*?ref\s*=\s*(["'])(.*?)\1/g;
/** A cell address inside a range, as leniently as a parser might take it ("$A$1", "a1"). */
const ADDRESS = /\$?([A-Za-z]+)\$?(\d+)/g;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * Judges a workbook's zip before ExcelJS unpacks it, which it does whole and without limits: the
 * unpacked sizes the central directory declares (total, ratio), each entry's data against its
 * declared size, and in the worksheets the number of cells and the ranges merged (ExcelJS creates
 * every cell of a merged range).
 * @throws TableReadError too_much_content, too_many_rows, too_many_columns or unreadable.
 */
export function checkWorkbookArchive(zip: Buffer, file: string): void {
  const tooMuch = (why: string) => new TableReadError('too_much_content', file, why, `${file}: ${why}`);
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(zip);
  } catch (error) {
    if (!(error instanceof ZipFormatError)) throw error;
    throw new TableReadError('unreadable', file, error.message, `${file}: not a readable .xlsx file (${error.message})`);
  }
  if (entries.length > MAX_ZIP_ENTRIES) throw tooMuch(`${entries.length} zip entries; at most ${MAX_ZIP_ENTRIES}`);
  const unpacked = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (unpacked > MAX_UNPACKED_BYTES) throw tooMuch(`${unpacked} bytes unpacked; at most ${MAX_UNPACKED_BYTES}`);
  for (const e of entries) {
    if (e.uncompressedSize > RATIO_CHECKED_ABOVE && e.uncompressedSize > e.compressedSize * MAX_COMPRESSION_RATIO) {
      throw tooMuch(`${e.name} packs ${e.uncompressedSize} bytes into ${e.compressedSize}; at most ${MAX_COMPRESSION_RATIO} times`);
    }
  }
  let cells = 0;
  let merges = 0;
  for (const entry of entries) {
    let data: Buffer;
    try {
      data = inflateZipEntry(zip, entry);
    } catch (error) {
      if (!(error instanceof ZipFormatError)) throw error;
      throw new TableReadError('unreadable', file, error.message, `${file}: not a readable .xlsx file (${error.message})`);
    }
    if (!WORKSHEET_PART.test(entry.name)) continue;
    const xml = data.toString('utf8');
    cells += xml.match(CELL_ELEMENT)?.length ?? 0;
    for (const m of xml.matchAll(MERGE_ELEMENT)) {
      const corners = [...(m[2] ?? '').matchAll(ADDRESS)].map((a) => ({ row: Number(a[2]), col: columnNumber(a[1] ?? '') }));
      if (corners.length === 0) continue;
      const rows = corners.map((c) => c.row);
      const cols = corners.map((c) => c.col);
      if (Math.max(...rows) > MAX_ROWS) throw tooManyRows(file);
      if (Math.max(...cols) > MAX_COLUMNS) throw tooManyColumns(file);
      cells += (Math.max(...rows) - Math.min(...rows) + 1) * (Math.max(...cols) - Math.min(...cols) + 1);
      merges += 1;
    }
    if (merges > MAX_MERGES) throw tooMuch(`${merges} merged ranges; at most ${MAX_MERGES}`);
    if (cells > MAX_CELLS) throw tooMuch(`${cells} cells; at most ${MAX_CELLS}`);
  }
}

/**
 * Parts of a sheet the import does not need and ExcelJS would expand cell by cell: a drop-down list
 * on whole columns (sqref="D2:D1048576") becomes a million entries, column widths up to XFD 16,384 columns.
 */
const IGNORED_SHEET_PARTS = ['dataValidations', 'cols', 'conditionalFormatting'];

async function readXlsx(bytes: Buffer, file: string): Promise<string[][]> {
  checkWorkbookArchive(bytes, file);
  const workbook = new (excel().Workbook)();
  try {
    // ExcelJS counts <row> elements and the <c> elements of a row: a last guard behind checkWorkbookArchive.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer, { ignoreNodes: IGNORED_SHEET_PARTS, maxRows: MAX_CELLS, maxCols: MAX_CELLS } as Partial<ExcelJS.XlsxReadOptions>);
  } catch (error) {
    throw new TableReadError('unreadable', file, (error as Error).message, `${file}: not a readable .xlsx file (${(error as Error).message})`);
  }
  if (workbook.worksheets.length === 0) throw new TableReadError('empty', file, '', `${file}: the workbook has no sheets`);
  // Every sheet is read; one beyond the limits only matters when no other sheet holds the list.
  const sheets = workbook.worksheets.map((sheet) => {
    const visible = sheet.state === 'visible' || !sheet.state;
    try {
      return { visible, rows: sheetRows(sheet, file) };
    } catch (error) {
      if (error instanceof TableReadError) return { visible, rows: null, error };
      throw error;
    }
  });
  const read = sheets.filter((s): s is { visible: boolean; rows: string[][] } => s.rows !== null);
  // The first visible sheet that holds a recognisable project list, then any such sheet, else the first.
  const withList = read.find((s) => s.visible && hasProjectHeader(s.rows)) ?? read.find((s) => hasProjectHeader(s.rows));
  if (withList) return withList.rows;
  const refused = sheets.find((s) => s.rows === null);
  if (refused?.error) throw refused.error;
  return (read.find((s) => s.visible) ?? read[0])?.rows ?? [];
}
