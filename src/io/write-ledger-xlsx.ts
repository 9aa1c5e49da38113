// Writes a ledger book as a print-ready XLSX workbook: one worksheet per table, A4 landscape fitted
// to the page width, a title and subtitle above a header row that is frozen and repeated on every
// printed page, set column widths with wrapped text, and number formats on amounts and percentages.
// Image cells (site photo thumbnails) are embedded from bytes read through the caller's reader.
//
// The file is written with ExcelJS's streaming writer: each row goes to the zip as soon as it is
// styled, so memory does not grow with the rows (the in-memory workbook of a 10,000-project week
// took some 300 MB more to write). What ExcelJS's streaming writer leaves out (thumbnails, print
// options) streamed-workbook.ts adds. `ledgerWorkbook` builds the same sheets in memory, with the same code.
import type ExcelJS from 'exceljs';
import { excel } from './exceljs.ts';
import { streamedWorkbook, type PictureAnchor } from './streamed-workbook.ts';
import type { LedgerBook, SheetTable, TableCell, TableColumn } from '../core/ledger/ledger-table.ts';
import { formatWan } from '../core/rules/money.ts';

/** Rows above the data: title, subtitle, header. */
export const HEADER_ROW = 3;
/** Number formats, exported for tests. Amounts are in 万元 with two decimals. */
export const NUMBER_FORMATS = { money: '0.00', percent: '0.0%', percentWhole: '0%', integer: '0' } as const;
/** Rows written to a streamed sheet before waiting for the zip to take them (some 100–300 KB of XML). */
const ROWS_PER_DRAIN = 200;
/** A4 in the OOXML paperSize enumeration. */
export const PAPER_A4 = 9;

const FONT = '宋体';
const BODY_SIZE = 10;
/** Points per wrapped line at the body size, and the padding of a row. */
const LINE_HEIGHT = 15;
const ROW_PADDING = 4;
const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FILLS = {
  header: 'FFD9E1F2',
  subtotal: 'FFF2F2F2',
  total: 'FFE2E2E2',
  warn: 'FFFCE4D6',
  /** A 累计 carried from an earlier week (or the list's opening figure): not this period's report's. */
  carried: 'FFE7E6E6',
} as const;
/** The font colour of a carried amount. */
const CARRIED_FONT = 'FF7F7F7F';
/** The display size of an embedded thumbnail in pixels; its row is made as tall. */
export const THUMBNAIL = { width: 120, height: 90 } as const;
/** Points per pixel (96 dpi). */
const POINTS_PER_PIXEL = 0.75;

/** Image bytes by file-store key, as read before writing; null when they could not be read or are not the image they claim to be. */
export type ImageBytes = ReadonlyMap<string, Uint8Array | null>;

/** Whether the bytes start as the format says (a JPEG's FF D8 FF, a PNG's signature). */
function looksLike(bytes: Uint8Array, format: 'jpeg' | 'png'): boolean {
  if (format === 'jpeg') return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length >= 8 && signature.every((b, i) => bytes[i] === b);
}

/**
 * Reads the bytes of every image cell of the book once per key with `read` (the file store's read).
 * A key that cannot be read, or whose bytes are not the cell's format, maps to null: its cell shows
 * the fallback text instead of a thumbnail.
 */
export async function readImages(book: LedgerBook, read: (key: string) => Promise<Uint8Array>): Promise<Map<string, Uint8Array | null>> {
  const images = new Map<string, Uint8Array | null>();
  for (const table of book.sheets) await readTableImages(table, read, images);
  return images;
}

/** Reads the image cells of one table not in `images` yet into it (see readImages). */
async function readTableImages(table: SheetTable, read: (key: string) => Promise<Uint8Array>, images: Map<string, Uint8Array | null>): Promise<void> {
  for (const row of table.rows) {
    for (const cell of row.cells) {
      if (cell.kind !== 'image' || images.has(cell.key)) continue;
      try {
        const bytes = await read(cell.key);
        images.set(cell.key, looksLike(bytes, cell.format) ? bytes : null);
      } catch {
        images.set(cell.key, null);
      }
    }
  }
}

/** The column letters of a 1-based column number (1 → A, 27 → AA). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * A total's SUM formula over row ranges of the table (0-based row indices) in a column; more than 255
 * ranges (Excel's limit on arguments) are summed in nested SUMs.
 */
export function sumFormula(ranges: readonly (readonly [number, number])[], column: number): string {
  const letters = columnLetters(column);
  const refs = ranges.map(([from, to]) => {
    const a = HEADER_ROW + 1 + from;
    const b = HEADER_ROW + 1 + to;
    return a === b ? `${letters}${a}` : `${letters}${a}:${letters}${b}`;
  });
  const chunks: string[] = [];
  for (let i = 0; i < refs.length; i += 255) chunks.push(refs.slice(i, i + 255).join(','));
  return chunks.length <= 1 ? `SUM(${chunks[0] ?? ''})` : `SUM(${chunks.map((c) => `SUM(${c})`).join(',')})`;
}

/**
 * The exact 万元 amount of a BigInt count of 分 as a spreadsheet number. formatWan gives the exact
 * decimal; the only rounding is JavaScript's parse of that decimal, far below the 0.01 shown.
 */
export function wanValue(fen: bigint): number {
  return Number(formatWan(fen));
}

/** Approximate width of a text in Excel character units at the body font (a CJK character ≈ 2). */
export function textWidth(value: string): number {
  let width = 0;
  for (const ch of value) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1.05;
  return width;
}

/** Lines a text needs in a column of `width` units when wrapped (at least one). */
export function wrappedLines(value: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return value.split(/\r?\n/).reduce((lines, paragraph) => lines + Math.max(1, Math.ceil(textWidth(paragraph) / usable)), 0);
}

function rowHeight(lines: number): number {
  return Math.max(1, lines) * LINE_HEIGHT + ROW_PADDING;
}

function cellValue(cell: TableCell, column: number): ExcelJS.CellValue {
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'money':
      if (cell.sumOf?.length) return { formula: sumFormula(cell.sumOf, column), result: cell.fen == null ? 0 : wanValue(cell.fen) };
      return cell.fen == null ? null : wanValue(cell.fen);
    case 'percent':
    case 'integer':
      return cell.value;
    case 'image':
      return null;
  }
}

function numberFormat(cell: TableCell): string | undefined {
  if (cell.kind === 'money') return NUMBER_FORMATS.money;
  if (cell.kind === 'integer') return NUMBER_FORMATS.integer;
  if (cell.kind === 'percent') return cell.digits === 0 ? NUMBER_FORMATS.percentWhole : NUMBER_FORMATS.percent;
  return undefined;
}

/** In a subtotal or total row, the label in the first cell spans the empty text cells after it. */
function labelSpan(cells: readonly TableCell[]): number {
  const first = cells[0];
  if (!first || first.kind !== 'text' || !first.text) return 1;
  let span = 1;
  while (cells[span]?.kind === 'text' && !(cells[span] as { text: string }).text) span += 1;
  return span;
}

/** What sets a body cell's style apart from another's. */
interface BodyStyle {
  numFmt: string | undefined;
  bold: boolean;
  /** Font colour (ARGB). */
  color: string | undefined;
  horizontal: TableColumn['align'];
  /** Fill colour (ARGB). */
  fill: string | undefined;
}

/**
 * The styles of a workbook's body cells, one object per distinct style, shared by its cells: a
 * cell's style is never changed once set, and ExcelJS's style table recognises an object it has
 * seen, so a style is turned into XML once, not once per cell (400,000 cells at 10,000 projects).
 */
class BodyStyles {
  private readonly byKey = new Map<string, Partial<ExcelJS.Style>>();

  of(style: BodyStyle): Partial<ExcelJS.Style> {
    const key = `${style.numFmt ?? ''}|${style.bold ? 1 : 0}|${style.color ?? ''}|${style.horizontal}|${style.fill ?? ''}`;
    let shared = this.byKey.get(key);
    if (!shared) {
      shared = {
        ...(style.numFmt ? { numFmt: style.numFmt } : {}),
        font: { name: FONT, size: BODY_SIZE, bold: style.bold, ...(style.color ? { color: { argb: style.color } } : {}) },
        alignment: { horizontal: style.horizontal, vertical: 'middle', wrapText: true },
        border: BORDER,
        ...(style.fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } } } : {}),
      };
      this.byKey.set(key, shared);
    }
    return shared;
  }
}

/**
 * Where the sheets go: a workbook (in memory, or ExcelJS's streaming writer, whose addWorksheet
 * and addImage take the same arguments), the bytes of the image cells, and how a picture is
 * anchored in a sheet of it. Image ids by file-store key, so that a photo listed twice is stored once.
 */
interface BookTarget {
  workbook: ExcelJS.Workbook;
  images: ImageBytes;
  ids: Map<string, number>;
  styles: BodyStyles;
  place(sheet: ExcelJS.Worksheet, imageId: number, anchor: PictureAnchor): void;
}

/** Embeds the thumbnail of an image cell at a 0-based cell position, or returns false when its bytes are missing. */
function placeImage(target: BookTarget, sheet: ExcelJS.Worksheet, cell: Extract<TableCell, { kind: 'image' }>, at: { col: number; row: number }): boolean {
  const bytes = target.images.get(cell.key);
  if (!bytes) return false;
  let id = target.ids.get(cell.key);
  if (id === undefined) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    id = target.workbook.addImage({ buffer: buffer as unknown as ExcelJS.Buffer, extension: cell.format });
    target.ids.set(cell.key, id);
  }
  target.place(sheet, id, { tl: at, ext: { ...THUMBNAIL } });
  return true;
}

/**
 * Adds one table as a worksheet, row by row; each row is committed once written (a streamed
 * sheet writes it out then, an in-memory one ignores the commit) and then yielded, so that a
 * streamed writer can let the zip catch up. Returns the worksheet.
 */
function* addSheet(target: BookTarget, table: SheetTable, footer: string): Generator<ExcelJS.Worksheet, ExcelJS.Worksheet> {
  const { workbook } = target;
  const lastColumn = table.columns.length;
  const totalWidth = table.columns.reduce((sum, c) => sum + c.width, 0);
  const sheet = workbook.addWorksheet(table.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: PAPER_A4,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: `&C${footer}`, evenFooter: `&C${footer}` },
  });
  sheet.columns = table.columns.map((c: TableColumn) => ({ width: c.width }));

  // Title and subtitle, each merged across the table.
  const title = sheet.getRow(1);
  title.getCell(1).value = table.title;
  title.getCell(1).font = { name: FONT, size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  title.height = rowHeight(wrappedLines(table.title, totalWidth / 1.6)) * 1.6;
  sheet.mergeCells(1, 1, 1, lastColumn);
  const subtitle = sheet.getRow(2);
  subtitle.getCell(1).value = table.subtitle;
  subtitle.getCell(1).font = { name: FONT, size: BODY_SIZE };
  subtitle.getCell(1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  subtitle.height = rowHeight(wrappedLines(table.subtitle, totalWidth));
  sheet.mergeCells(2, 1, 2, lastColumn);

  // Header.
  const header = sheet.getRow(HEADER_ROW);
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: FONT, size: BODY_SIZE, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS.header } };
    cell.border = BORDER;
  });
  header.height = rowHeight(Math.max(...table.columns.map((c) => wrappedLines(c.header, c.width))));

  // Rows.
  for (const [index, row] of table.rows.entries()) {
    const excelRow = sheet.getRow(HEADER_ROW + 1 + index);
    const bold = row.style !== 'data';
    const span = bold ? labelSpan(row.cells) : 1;
    let lines = 1;
    let minHeight = 0;
    row.cells.forEach((original, i) => {
      const excelCell = excelRow.getCell(i + 1);
      const column = table.columns[i];
      let cell = original;
      if (cell.kind === 'image') {
        if (placeImage(target, sheet, cell, { col: i, row: excelRow.number - 1 })) minHeight = THUMBNAIL.height * POINTS_PER_PIXEL + ROW_PADDING;
        else cell = { kind: 'text', text: cell.fallback };
      }
      excelCell.value = cellValue(cell, i + 1);
      const carried = cell.kind === 'money' && cell.tone === 'carried';
      excelCell.style = target.styles.of({
        numFmt: numberFormat(cell),
        bold: bold || (cell.kind === 'text' && cell.tone === 'alert'),
        color: cell.kind === 'text' && cell.tone === 'alert' ? 'FFC00000' : carried ? CARRIED_FONT : undefined,
        // A label spanning cells reads from the left.
        horizontal: i === 0 && span > 1 ? 'left' : cell.kind === 'text' ? (column?.align ?? 'left') : 'right',
        fill: row.style === 'subtotal' ? FILLS.subtotal : row.style === 'total' ? FILLS.total : cell.kind === 'text' && cell.tone === 'warn' ? FILLS.warn : carried ? FILLS.carried : undefined,
      });
      if (cell.kind === 'text' && cell.text) {
        const width = i === 0 && span > 1 ? table.columns.slice(0, span).reduce((s, c) => s + c.width, 0) : (column?.width ?? 10);
        lines = Math.max(lines, wrappedLines(cell.text, width));
      }
    });
    if (span > 1) sheet.mergeCells(excelRow.number, 1, excelRow.number, span);
    excelRow.height = Math.max(rowHeight(lines), minHeight);
    excelRow.commit();
    yield sheet;
  }

  // Notes below the rows, each merged across the table.
  (table.notes ?? []).forEach((note, index) => {
    const excelRow = sheet.getRow(HEADER_ROW + 1 + table.rows.length + index);
    const cell = excelRow.getCell(1);
    cell.value = note;
    cell.font = { name: FONT, size: BODY_SIZE, color: { argb: 'FFC00000' } };
    cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
    excelRow.height = rowHeight(wrappedLines(note, totalWidth));
    if (lastColumn > 1) sheet.mergeCells(excelRow.number, 1, excelRow.number, lastColumn);
    excelRow.commit();
  });
  return sheet;
}

/**
 * Builds the workbook for a book in memory (one worksheet per sheet, in order); image cells take
 * their bytes from `images`. The file itself is written streamed (writeLedgerXlsx), with the same sheets.
 */
export function ledgerWorkbook(book: LedgerBook, options: { creator?: string; created?: Date; images?: ImageBytes } = {}): ExcelJS.Workbook {
  const workbook = new (excel().Workbook)();
  workbook.creator = options.creator ?? '';
  if (options.created) {
    workbook.created = options.created;
    workbook.modified = options.created;
  }
  const target: BookTarget = { workbook, images: options.images ?? new Map(), ids: new Map(), styles: new BodyStyles(), place: (sheet, id, anchor) => sheet.addImage(id, { ...anchor, editAs: 'oneCell' }) };
  for (const table of book.sheets) {
    const rows = addSheet(target, table, book.footer);
    while (!rows.next().done);
  }
  return workbook;
}

/**
 * Writes the book as an .xlsx file at `path`, streamed: each row is written out once styled, each
 * sheet once done. Image cells are read with `readImage` (the file store's read) when their sheet
 * is reached; without it, or when a file cannot be read, they show their fallback text.
 */
export async function writeLedgerXlsx(book: LedgerBook, path: string, options: { creator?: string; created?: Date; readImage?: (key: string) => Promise<Uint8Array> } = {}): Promise<void> {
  const images = new Map<string, Uint8Array | null>();
  const created = options.created ?? new Date();
  const { workbook, place, drained, finish, abort } = streamedWorkbook(path);
  try {
    // As the in-memory writer names them: 'Unknown' for no creator and for the last to modify.
    Object.assign(workbook, { creator: options.creator || 'Unknown', lastModifiedBy: 'Unknown', created, modified: created });
    const target: BookTarget = { workbook, images, ids: new Map(), styles: new BodyStyles(), place };
    for (const table of book.sheets) {
      // A sheet's images are read when it is reached: the photo appendix comes last, so its bytes
      // (up to 20 MB) are not held while the ledger and history sheets are written.
      if (options.readImage) await readTableImages(table, options.readImage, images);
      const rows = addSheet(target, table, book.footer);
      let written = 0;
      let step = rows.next();
      for (; !step.done; step = rows.next()) if (++written % ROWS_PER_DRAIN === 0) await drained(step.value);
      step.value.commit();
    }
    await finish();
  } catch (error) {
    // The file stays open no longer than the write.
    abort(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
