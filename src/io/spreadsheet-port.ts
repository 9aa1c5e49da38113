// The core's spreadsheet port: reading a project list's bytes, writing the ledger as XLSX or CSV.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SpreadsheetPort } from '../core/ports.ts';
import { readTable, TableReadError } from './read-table.ts';
import { writeTableCsv } from './write-csv.ts';
import { writeLedgerXlsx } from './write-ledger-xlsx.ts';

/** The port; files are written with their directory created (0700). */
export function createSpreadsheetPort(): SpreadsheetPort {
  return {
    async readTable(bytes, fileName) {
      try {
        return { ok: true, rows: await readTable(bytes, fileName) };
      } catch (error) {
        if (error instanceof TableReadError) return { ok: false, problem: { code: error.code, file: error.file, detail: error.detail } };
        throw error;
      }
    },
    async writeLedgerXlsx(book, path, meta) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeLedgerXlsx(book, path, meta);
    },
    async writeTableCsv(table, path) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeTableCsv(table, path);
    },
  };
}
