// Site photos in the exported ledger, on both databases: the 现场照片 column of the week and month
// sheets, and the 现场照片 appendix with thumbnails embedded (JPEG, PNG), WebP listed without one,
// the embedding bound with its note, and a leader's scope. The files are opened with exceljs.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLedger } from '../../../src/core/ledger/export-ledger.ts';
import { PHOTO_EMBED_LIMITS, planEmbeds } from '../../../src/core/ledger/ledger-photos.ts';
import { translator } from '../../../src/core/messages/catalog/index.ts';
import { attachPhotos } from '../../../src/core/photos/attach-photos.ts';
import { readOrgSettings } from '../../../src/core/settings.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import type { World } from '../../support/world.ts';
import { jpeg, PNG_1x1, WEBP_HEADER } from '../photos/photo-bytes.ts';
import { buildLedgerWorld, EXPORT_AT } from './ledger-fixture.ts';

const PHOTO_COLUMN = 21;

async function openWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function values(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  const raw = sheet.getRow(row).values as unknown[];
  return Array.from({ length: sheet.columnCount }, (_, i) => raw[i + 1] ?? null);
}

/** Attaches photos to a project's report of a week through the core's attach use case, at `at`. */
async function attach(world: World, db: TestDatabase['db'], code: string, period: string, photos: Uint8Array[], at: string): Promise<void> {
  const project = await db.project.findFirstOrThrow({ where: { orgId: world.orgId, code } });
  const report = await db.report.findFirstOrThrow({ where: { projectId: project.id, period } });
  world.at(at);
  const files = photos.map((_, i) => ({ name: `p${i}`, ref: `ref-${i}` }));
  const result = await attachPhotos(world.deps, {
    target: { reportId: report.id, orgId: world.orgId, projectId: project.id, period },
    photos: files,
    fetchFile: async (file) => photos[Number(file.ref.slice(4))]!,
    byPersonId: report.authorId,
    timeZone: 'Asia/Shanghai',
  });
  if (result.added !== photos.length) throw new Error(`attached ${result.added} of ${photos.length}: ${result.refused.join(', ')}`);
  world.at(EXPORT_AT);
}

describeEachProvider('site photos in the ledger', (provider) => {
  let database: TestDatabase;
  let world: World;
  const seed = `${provider}-${Math.random().toString(36).slice(2, 8)}`;

  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildLedgerWorld(database.db);
    // Project 1 (W47): a JPEG with its EXIF time, then a PNG; project 2 (W47): a WebP; project 1 (W46): a JPEG.
    await attach(world, database.db, '1', '2026-W47', [jpeg({ taken: '2026:11:17 09:30:00', seed: `a-${seed}` }), PNG_1x1], '2026-11-18T02:05:00Z');
    await attach(world, database.db, '2', '2026-W47', [Buffer.concat([WEBP_HEADER, Buffer.from(seed)])], '2026-11-21T02:05:00Z');
    await attach(world, database.db, '1', '2026-W46', [jpeg({ seed: `w46-${seed}` })], '2026-11-11T02:05:00Z');
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('counts photos in the week sheet and embeds the two thumbnails in the 现场照片 appendix', async () => {
    const [reply] = await world.send('王主任', '/export 2026-W47');
    const workbook = await openWorkbook(reply!.message.attachment!.path);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['周报台账', '修改记录', '问题清单', '报送率', '现场照片']);

    const sheet = workbook.getWorksheet('周报台账')!;
    expect(sheet.columnCount).toBe(PHOTO_COLUMN);
    expect(sheet.getRow(3).getCell(PHOTO_COLUMN).value).toBe('现场照片(张)');
    // Rows: 1 (2 photos), 3 (reported, none), 4 (no report: blank), subtotal, 2 (1 WebP), total.
    const photoCells = [4, 5, 6, 7, 8, 9].map((r) => sheet.getRow(r).getCell(PHOTO_COLUMN).value);
    expect(photoCells).toEqual([2, 0, null, '', 1, '']);

    const appendix = workbook.getWorksheet('现场照片')!;
    expect(appendix.getCell('A1').value).toBe('示例县卫生健康局重点项目现场照片（2026年第47周）');
    expect(String(appendix.getCell('A2').value)).toContain('共 3 张');
    expect(values(appendix, 3)).toEqual(['项目序号', '项目名称', '周次', '拍摄时间', '上传时间', '照片']);
    expect(values(appendix, 4)).toEqual(['1', '县医院城东院区感染防控中心工程', '2026-W47', '2026-11-17 09:30', '2026-11-18 10:05', null]);
    expect(values(appendix, 5)).toEqual(['1', '县医院城东院区感染防控中心工程', '2026-W47', '', '2026-11-18 10:05', null]);
    expect(values(appendix, 6)).toEqual(['2', '县中医院综合楼', '2026-W47', '', '2026-11-21 10:05', '格式不支持预览（WEBP）']);
    expect(appendix.rowCount).toBe(6);

    const images = appendix.getImages();
    expect(images).toHaveLength(2);
    expect(images.map((i) => [i.range.tl.nativeRow, i.range.tl.nativeCol])).toEqual([
      [3, 5],
      [4, 5],
    ]);
    const media = images.map((i) => workbook.getImage(Number(i.imageId)));
    expect(media.map((m) => m.extension)).toEqual(['jpeg', 'png']);
    expect(Buffer.from(media[1]!.buffer as unknown as Uint8Array).equals(PNG_1x1)).toBe(true);
    expect(appendix.getRow(4).height).toBeGreaterThanOrEqual(67.5);
  });

  it('sums a month’s photos per project and lists every week’s', async () => {
    const [reply] = await world.send('王主任', '/export month 2026-11');
    const workbook = await openWorkbook(reply!.message.attachment!.path);
    const sheet = workbook.getWorksheet('月报台账')!;
    expect(sheet.getRow(4).getCell(PHOTO_COLUMN).value).toBe(3);
    const appendix = workbook.getWorksheet('现场照片')!;
    expect([4, 5, 6, 7].map((r) => appendix.getCell(`C${r}`).value)).toEqual(['2026-W46', '2026-W47', '2026-W47', '2026-W47']);
    expect(appendix.getImages()).toHaveLength(3);
  });

  it('keeps a leader’s appendix to the projects they lead', async () => {
    const [reply] = await world.send('赵院长', '/export 2026-W47');
    const appendix = (await openWorkbook(reply!.message.attachment!.path)).getWorksheet('现场照片')!;
    expect(appendix.rowCount).toBe(4);
    expect(appendix.getCell('A4').value).toBe('2');
    expect(appendix.getImages()).toHaveLength(0);
  });

  it('embeds no more than the bound, lists the rest without thumbnails and says how many', async () => {
    const org = await database.db.org.findUniqueOrThrow({ where: { id: world.orgId } });
    const settings = readOrgSettings(org.settings);
    const t = translator('zh-CN');
    const run = (photoLimits: { count: number; bytes: number }) =>
      exportLedger(world.deps, { org, settings, period: { kind: 'month', year: 2026, month: 11 }, scope: null, format: 'xlsx', target: 'store', t, photoLimits });

    const byCount = await run({ count: 2, bytes: PHOTO_EMBED_LIMITS.bytes });
    if (byCount.kind !== 'written') throw new Error('nothing written');
    const appendix = (await openWorkbook(byCount.path)).getWorksheet('现场照片')!;
    expect(appendix.getImages()).toHaveLength(2);
    expect(appendix.getCell('F6').value).toBe('未嵌入（超出导出上限）');
    expect(appendix.getCell('F7').value).toBe('格式不支持预览（WEBP）');
    expect(appendix.getCell('A8').value).toBe('共 4 张照片，其中 1 张超出导出上限（每个文件最多嵌入 2 张、20 MB），未嵌入缩略图；原图可用 /photos 项目 周次 调阅。');
    expect(appendix.getCell('A8').isMerged).toBe(true);

    // The byte bound: only the first photo (the W46 JPEG) fits.
    const first = await database.db.reportPhoto.findFirstOrThrow({ where: { orgId: world.orgId, period: '2026-W46' } });
    const byBytes = await run({ count: 200, bytes: first.bytes });
    if (byBytes.kind !== 'written') throw new Error('nothing written');
    const bounded = (await openWorkbook(byBytes.path)).getWorksheet('现场照片')!;
    expect(bounded.getImages()).toHaveLength(1);
    expect(String(bounded.getCell('A8').value)).toContain('其中 2 张超出导出上限');
  });

  it('shows a photo whose file is gone as missing instead of failing the export', async () => {
    const png = await database.db.reportPhoto.findFirstOrThrow({ where: { orgId: world.orgId, mime: 'image/png' } });
    await world.deps.ports.files.delete(png.fileKey);
    const [reply] = await world.send('王主任', '/export 2026-W47');
    const appendix = (await openWorkbook(reply!.message.attachment!.path)).getWorksheet('现场照片')!;
    expect(appendix.getCell('F5').value).toBe('照片文件缺失或无法读取');
    expect(appendix.getImages()).toHaveLength(1);
  });
});

describe('the embedding bound', () => {
  const photo = (i: number, bytes: number, mime = 'image/jpeg') => ({ fileKey: `photos/${i}.jpg`, mime, bytes });

  it('embeds at most 200 photos and 20 MB, in order, and none after the first that does not fit', () => {
    const many = Array.from({ length: 205 }, (_, i) => photo(i, 1024));
    const plan = planEmbeds(many);
    expect(plan.filter((p) => p.kind === 'embed')).toHaveLength(200);
    expect(plan.slice(200).every((p) => p.kind === 'over_limit')).toBe(true);

    const big = Array.from({ length: 22 }, (_, i) => photo(i, 1024 * 1024));
    expect(planEmbeds(big).filter((p) => p.kind === 'embed')).toHaveLength(20);
    expect(planEmbeds([photo(0, 21 * 1024 * 1024), photo(1, 10)]).map((p) => p.kind)).toEqual(['over_limit', 'over_limit']);
  });

  it('does not count WebP/HEIC (never embedded) or a file listed twice against the bound', () => {
    const plan = planEmbeds([photo(0, 10, 'image/webp'), photo(1, 10, 'image/heic'), photo(2, 10), photo(2, 10), photo(3, 10, 'image/png')], { count: 2, bytes: 100 });
    expect(plan).toEqual([{ kind: 'unsupported' }, { kind: 'unsupported' }, { kind: 'embed', format: 'jpeg' }, { kind: 'embed', format: 'jpeg' }, { kind: 'embed', format: 'png' }]);
  });
});
