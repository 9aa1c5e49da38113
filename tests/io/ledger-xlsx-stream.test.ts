// The ledger workbook is written streamed (row by row, with the thumbnails' drawing added to the
// streaming writer). Read back with exceljs, the file must hold what the in-memory workbook of the
// same book holds: the same sheets, cells (values, formulas, number formats, fonts, fills,
// borders, alignment), row heights, column widths, merges, frozen header, page setup with its print
// titles, footer, and the same pictures at the same cells with the same bytes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerBook, SheetTable, TableCell, TableRow } from '../../src/core/ledger/ledger-table.ts';
import { wanToFen } from '../../src/core/rules/money.ts';
import { ledgerWorkbook, readImages, writeLedgerXlsx } from '../../src/io/write-ledger-xlsx.ts';
import { jpeg, PNG_1x1 } from '../core/photos/photo-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'ledger-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (value: string, tone?: 'warn' | 'alert'): TableCell => (tone ? { kind: 'text', text: value, tone } : { kind: 'text', text: value });
const money = (wan: string | null, extra: Partial<Extract<TableCell, { kind: 'money' }>> = {}): TableCell => ({ kind: 'money', fen: wan === null ? null : wanToFen(wan), ...extra });
const image = (key: string, format: 'jpeg' | 'png'): TableCell => ({ kind: 'image', key, format, fallback: '照片缺失' });

/** A ledger-like sheet: units of data rows, subtotals with a label spanning the empty cells, a total. */
function ledgerTable(rows: number): SheetTable {
  const body: TableRow[] = [];
  const ranges: [number, number][] = [];
  for (let unit = 0; unit < 3; unit++) {
    const first = body.length;
    for (let i = 0; i < rows; i++) {
      const n = unit * rows + i + 1;
      body.push({
        style: 'data',
        cells: [
          text(String(n)),
          text(`项目${n}：门诊综合楼改扩建工程，完成主体结构第${n}层浇筑\n推进二次结构施工`),
          money(`${n}.25`),
          money(n % 2 ? `${n * 10}` : null, n % 3 ? {} : { tone: 'carried' }),
          { kind: 'percent', value: n % 4 ? n / 100 : null, digits: n % 5 ? 0 : 1 },
          { kind: 'integer', value: n % 6 ? n : null },
          text(n % 7 ? '按时' : '逾期未报', n % 7 ? undefined : 'alert'),
          text(n % 5 ? '' : '补报：出差', n % 5 ? undefined : 'warn'),
        ],
      });
    }
    ranges.push([first, body.length - 1]);
    body.push({ style: 'subtotal', cells: [text(`单位${unit} 小计`), text(''), money(`${unit}.5`, { sumOf: [[first, body.length - 1]] }), money('1', { sumOf: [[first, body.length - 1]] }), { kind: 'percent', value: 0.5, digits: 1 }, { kind: 'integer', value: rows }, text(''), text('')] });
  }
  body.push({ style: 'total', cells: [text('合计'), text(''), money('99.99', { sumOf: ranges }), money(null, { sumOf: ranges }), { kind: 'percent', value: null, digits: 1 }, { kind: 'integer', value: 3 * rows }, text(''), text('')] });
  return {
    name: '周报台账',
    title: '示例县卫生健康局重点项目进度台账（2026年第47周 11月16日—11月22日）',
    subtitle: '填报截止：2026-11-20 18:00；应报 30 个；金额单位：万元',
    columns: [
      { header: '序号', width: 5, align: 'center' },
      { header: '项目名称', width: 18, align: 'left' },
      { header: '本周完成投资', width: 10, align: 'right' },
      { header: '累计完成投资', width: 10, align: 'right' },
      { header: '形象进度', width: 7, align: 'right' },
      { header: '照片', width: 6, align: 'right' },
      { header: '是否逾期', width: 8, align: 'center' },
      { header: '说明', width: 16, align: 'left' },
    ],
    rows: body,
  };
}

function photosTable(): SheetTable {
  return {
    name: '现场照片',
    title: '现场照片',
    subtitle: '共 6 张',
    columns: [
      { header: '项目', width: 10, align: 'left' },
      { header: '照片', width: 18, align: 'center' },
    ],
    rows: [
      { style: 'data', cells: [text('a'), image('photos/a.jpg', 'jpeg')] },
      { style: 'data', cells: [text('b'), image('photos/b.png', 'png')] },
      { style: 'data', cells: [text('c'), image('photos/c.jpg', 'jpeg')] },
      // The same file again, after another: stored once, placed twice.
      { style: 'data', cells: [text('a again'), image('photos/a.jpg', 'jpeg')] },
      { style: 'data', cells: [text('gone'), image('photos/gone.jpg', 'jpeg')] },
      { style: 'data', cells: [text('webp'), text('格式不支持预览（WEBP）')] },
    ],
    notes: ['另有 3 张未嵌入（超过 200 张或 20 MB）'],
  };
}

const BOOK: LedgerBook = { footer: '第 &P 页，共 &N 页', sheets: [ledgerTable(10), { ...ledgerTable(2), name: '修改记录' }, photosTable()] };
const STORE = new Map<string, Uint8Array>([
  ['photos/a.jpg', jpeg({ seed: 'stream-a' })],
  ['photos/b.png', PNG_1x1],
  ['photos/c.jpg', jpeg({ seed: 'stream-c' })],
]);
const readImage = async (key: string): Promise<Uint8Array> => {
  const bytes = STORE.get(key);
  if (!bytes) throw new Error(`ENOENT ${key}`);
  return bytes;
};
const CREATED = new Date('2026-11-23T01:02:03.000Z');

async function open(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** What a reader sees in a workbook, in plain data. */
function contents(workbook: ExcelJS.Workbook) {
  const media = workbook.model.media as unknown as { buffer: Buffer; extension: string }[];
  return {
    creator: workbook.creator,
    lastModifiedBy: workbook.lastModifiedBy,
    created: workbook.created,
    modified: workbook.modified,
    sheets: workbook.worksheets.map((sheet) => {
      const rows: unknown[] = [];
      sheet.eachRow({ includeEmpty: true }, (row) => {
        const cells: unknown[] = [];
        row.eachCell({ includeEmpty: true }, (cell) => {
          cells.push({ address: cell.address, value: cell.value, numFmt: cell.numFmt, font: cell.font, alignment: cell.alignment, border: cell.border, fill: cell.fill, master: cell.isMerged ? cell.master.address : null });
        });
        rows.push({ number: row.number, height: row.height, cells });
      });
      return {
        name: sheet.name,
        columns: sheet.columns.map((c) => c.width),
        views: sheet.views,
        pageSetup: sheet.pageSetup,
        headerFooter: sheet.headerFooter,
        properties: sheet.properties,
        merges: [...((sheet.model as unknown as { merges: string[] }).merges ?? [])].sort(),
        rows,
        images: sheet.getImages().map((i) => ({ tl: [i.range.tl.nativeRow, i.range.tl.nativeCol], ext: (i.range as unknown as { ext: unknown }).ext, editAs: (i.range as unknown as { editAs: unknown }).editAs, br: i.range.br ?? null, extension: media[Number(i.imageId)]?.extension, bytes: Buffer.from(media[Number(i.imageId)]!.buffer).toString('base64') })),
      };
    }),
  };
}

describe('the streamed ledger workbook', () => {
  it('reads back as the in-memory workbook of the same book: sheets, cells, styles, merges, page setup and pictures', async () => {
    const streamed = join(dir, 'streamed.xlsx');
    await writeLedgerXlsx(BOOK, streamed, { creator: '示例县卫生健康局', created: CREATED, readImage });
    const inMemory = join(dir, 'in-memory.xlsx');
    await ledgerWorkbook(BOOK, { creator: '示例县卫生健康局', created: CREATED, images: await readImages(BOOK, readImage) }).xlsx.writeFile(inMemory);

    const [a, b] = [contents(await open(streamed)), contents(await open(inMemory))];
    expect(a).toEqual(b);
    // What the comparison covers is there: three sheets, print titles, merges, four pictures of three files.
    expect(a.sheets.map((s) => s.name)).toEqual(['周报台账', '修改记录', '现场照片']);
    expect(a.sheets[0]!.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '3:3' });
    expect(a.sheets[0]!.views).toMatchObject([{ state: 'frozen', ySplit: 3 }]);
    expect(a.sheets[0]!.merges).toContain('A1:H1');
    expect(a.sheets[0]!.merges).toContain('A14:B14');
    const photos = a.sheets[2]!;
    expect(photos.images.map((i) => i.tl)).toEqual([
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
    expect(new Set(photos.images.map((i) => i.bytes)).size).toBe(3);
    expect(photos.images[1]!.extension).toBe('png');
    expect(photos.images[0]!.bytes).toBe(Buffer.from(STORE.get('photos/a.jpg')!).toString('base64'));
  });

  it('writes a book without pictures, and a creator-less one, as the in-memory workbook does', async () => {
    const book: LedgerBook = { footer: '', sheets: [ledgerTable(3)] };
    const streamed = join(dir, 'plain-streamed.xlsx');
    await writeLedgerXlsx(book, streamed, { created: CREATED });
    const inMemory = join(dir, 'plain-in-memory.xlsx');
    await ledgerWorkbook(book, { created: CREATED }).xlsx.writeFile(inMemory);
    expect(contents(await open(streamed))).toEqual(contents(await open(inMemory)));
  });

  it('fails with the file’s error, without hanging or an uncaught error, when the file cannot be written', async () => {
    // Found while rows are written (the writer waits for the zip every 200 rows), and at the commit.
    await expect(writeLedgerXlsx({ footer: '', sheets: [ledgerTable(300)] }, join(dir, 'no-such-dir', 'ledger.xlsx'))).rejects.toThrow(/ENOENT/);
    await expect(writeLedgerXlsx({ footer: '', sheets: [ledgerTable(1)] }, join(dir, 'no-such-dir', 'small.xlsx'))).rejects.toThrow(/ENOENT/);
  });
});
