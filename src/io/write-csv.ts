// CSV for people who open it in Excel: UTF-8 with a byte-order mark (or Excel guesses the ANSI code
// page and Chinese turns to mojibake), CRLF line ends and RFC 4180 quoting.
import { writeFile } from 'node:fs/promises';
import type { SheetTable, TableCell } from '../core/ledger/ledger-table.ts';
import { formatWan } from '../core/rules/money.ts';

/** The UTF-8 byte-order mark Excel looks for. */
export const BOM = '\uFEFF';

/** Quotes a field when it holds a comma, a quote, a line break or leading/trailing space (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
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
