// Writes zip archives by hand for the hostile-workbook tests: real entries, or entries whose
// central directory lies about their size, as an attacker would make them.
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { inflateZipEntry, readZipDirectory } from '../../src/io/zip-directory.ts';

export interface BuildEntry {
  name: string;
  data: Buffer | string;
  /** Store instead of deflate. */
  stored?: boolean;
  /** The uncompressed size written into the headers, when it should differ from the truth. */
  declaredSize?: number;
}

/** A zip archive of the entries, in order. */
export function buildZip(entries: readonly BuildEntry[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const data = entry.stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.declaredSize ?? raw.length;
    const method = entry.stored ? 0 : 8;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    directory.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The entries of an archive, unpacked. */
export function unzip(zip: Buffer): BuildEntry[] {
  return readZipDirectory(zip).map((entry) => ({ name: entry.name, data: inflateZipEntry(zip, entry) }));
}

/**
 * A real one-sheet workbook (written by ExcelJS: A1 = 项目名称) whose sheet XML `edit` rewrites,
 * plus any extra entries.
 */
export async function hostileWorkbook(edit: (sheetXml: string) => string, extra: BuildEntry[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('清单').getCell('A1').value = '项目名称';
  const entries = unzip(Buffer.from(await wb.xlsx.writeBuffer())).map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, data: edit(e.data.toString()) } : e));
  return buildZip([...entries, ...extra]);
}

/** Puts `cells` (complete <row> elements) after the sheet's existing rows. */
export function withRows(rows: string): (xml: string) => string {
  return (xml) => xml.replace('</sheetData>', `${rows}</sheetData>`);
}

/** Puts an element (mergeCells, dataValidations) where the schema wants it: after sheetData. */
export function afterSheetData(element: string): (xml: string) => string {
  return (xml) => xml.replace('</sheetData>', `</sheetData>${element}`);
}
