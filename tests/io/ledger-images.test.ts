// The XLSX writer's image cells: bytes read once per key through the given reader, embedded as
// thumbnails with their rows made tall enough, a key that cannot be read (or is not the image it
// claims) shown as its fallback text, and notes below the rows. Opened again with exceljs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerBook, TableCell } from '../../src/core/ledger/ledger-table.ts';
import { THUMBNAIL, writeLedgerXlsx } from '../../src/io/write-ledger-xlsx.ts';
import { jpeg, PNG_1x1 } from '../core/photos/photo-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'ledger-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const image = (key: string, format: 'jpeg' | 'png'): TableCell => ({ kind: 'image', key, format, fallback: '缺失' });
const text = (value: string): TableCell => ({ kind: 'text', text: value });

function book(): LedgerBook {
  return {
    footer: '第 &P 页',
    sheets: [
      {
        name: '现场照片',
        title: '现场照片',
        subtitle: '',
        columns: [
          { header: '项目', width: 10, align: 'left' },
          { header: '照片', width: 18, align: 'center' },
        ],
        rows: [
          { style: 'data', cells: [text('a'), image('photos/a.jpg', 'jpeg')] },
          { style: 'data', cells: [text('b'), image('photos/b.png', 'png')] },
          // The same file listed again: one image in the workbook, placed twice.
          { style: 'data', cells: [text('a again'), image('photos/a.jpg', 'jpeg')] },
          { style: 'data', cells: [text('gone'), image('photos/gone.jpg', 'jpeg')] },
          // Bytes that are not the JPEG the cell claims.
          { style: 'data', cells: [text('fake'), image('photos/fake.jpg', 'jpeg')] },
        ],
        notes: ['另有 3 张未嵌入'],
      },
    ],
  };
}

const STORE = new Map<string, Uint8Array>([
  ['photos/a.jpg', jpeg({ seed: 'io-a' })],
  ['photos/b.png', PNG_1x1],
  ['photos/fake.jpg', PNG_1x1],
]);

async function open(path: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook.worksheets[0]!;
}

describe('image cells in the ledger workbook', () => {
  it('embeds each readable image once, places it in its cell and makes the row tall enough', async () => {
    const reads: string[] = [];
    const path = join(dir, 'images.xlsx');
    await writeLedgerXlsx(book(), path, {
      readImage: async (key) => {
        reads.push(key);
        const bytes = STORE.get(key);
        if (!bytes) throw new Error(`ENOENT ${key}`);
        return bytes;
      },
    });
    expect(reads).toEqual(['photos/a.jpg', 'photos/b.png', 'photos/gone.jpg', 'photos/fake.jpg']);

    const sheet = await open(path);
    const images = sheet.getImages();
    expect(images.map((i) => [i.range.tl.nativeRow, i.range.tl.nativeCol])).toEqual([
      [3, 1],
      [4, 1],
      [5, 1],
    ]);
    expect(new Set(images.map((i) => i.imageId)).size).toBe(2);
    expect(sheet.workbook.model.media).toHaveLength(2);
    expect(sheet.getCell('B4').value).toBeNull();
    expect(sheet.getCell('B7').value).toBe('缺失');
    expect(sheet.getCell('B8').value).toBe('缺失');
    expect(sheet.getRow(4).height).toBeGreaterThanOrEqual(THUMBNAIL.height * 0.75);
    expect(sheet.getRow(7).height).toBeLessThan(THUMBNAIL.height * 0.75);
    expect(sheet.getCell('A9').value).toBe('另有 3 张未嵌入');
    expect(sheet.getCell('B9').isMerged).toBe(true);
  });

  it('shows every image cell as its fallback text when no reader is given', async () => {
    const path = join(dir, 'no-reader.xlsx');
    await writeLedgerXlsx(book(), path);
    const sheet = await open(path);
    expect(sheet.getImages()).toHaveLength(0);
    expect([4, 5, 6].map((r) => sheet.getCell(`B${r}`).value)).toEqual(['缺失', '缺失', '缺失']);
  });
});
