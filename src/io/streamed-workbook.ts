// ExcelJS's streaming workbook writer, made to write what its in-memory writer writes for the
// ledger. Its streaming worksheet writer (ExcelJS 4.4) leaves out two things the ledger uses:
// - pictures: it takes no addImage (only a background picture). A sheet that shows thumbnails gets
//   its drawing here, as the in-memory writer writes it: a one-cell anchor per picture in
//   xl/drawings/drawingN.xml, its relationships to the workbook's media, the sheet's <drawing r:id>
//   (after rowBreaks, before legacyDrawing, where the schema puts it) and the drawing's content type;
// - print options: pageSetup.horizontalCentered (and the other <printOptions>) are dropped; here
//   they are written before the page margins, where the schema puts them.
// The parts come from ExcelJS's own xforms; only the wiring into the writer's internals is ours,
// kept to this file (tests/io/ledger-xlsx-stream.test.ts reads both writers' files back and compares).
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { once, type EventEmitter } from 'node:events';
import type ExcelJS from 'exceljs';
import { excel } from './exceljs.ts';

const require = createRequire(import.meta.url);

/** Where a picture sits: its top-left cell (0-based) and its size in pixels, moving with the cell. */
export interface PictureAnchor {
  tl: { col: number; row: number };
  ext: { width: number; height: number };
}

/**
 * Deflate level of the zip: the in-memory writer's (JSZip's default, 6), not archiver's fastest (1),
 * which made the week's ledger of 10,000 projects 2.6 MB instead of 2.0 MB.
 */
const ZIP_LEVEL = 6;

/** The relationship types of a sheet's drawing and of a drawing's picture. */
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_IMAGE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';

/** The writer's internals this file uses (ExcelJS 4.4's lib/stream/xlsx). */
interface WorkbookWriterInternals {
  zip: EventEmitter & { append(source: string, data: { name: string }): void; abort(): void };
  media: { name: string; extension: string; type: string }[];
  _worksheets: (WorksheetWriterInternals | undefined)[];
  sharedStrings: unknown;
  commentRefs: unknown;
  addContentTypes(): Promise<void>;
}
interface WorksheetWriterInternals {
  id: number;
  /** ExcelJS's StreamBuf: piped at once into the zip entry's PassThrough, whose fill it ignores. */
  stream: { write(text: string): void; pipes: (EventEmitter & { _writableState?: { needDrain: boolean } })[] };
  _sheetRelsWriter: { addRelationship(rel: { Type: string; Target: string }): string };
  pageSetup: Partial<ExcelJS.PageSetup>;
  _writeLegacyData(): void;
  _writePageMargins(): void;
  commit(): void;
}

interface Rel {
  Id: string;
  Type: string;
  Target: string;
}
interface Anchor {
  picture: { rId: string };
  range: { tl: { nativeCol: number; nativeColOff: number; nativeRow: number; nativeRowOff: number }; ext: { width: number; height: number }; editAs: 'oneCell' };
}
interface Drawing {
  name: string;
  anchors: Anchor[];
  rels: Rel[];
}

interface XformClass {
  new (): { prepare(model: unknown, options?: unknown): void; toXml(model: unknown): string };
}
const xform = (path: string): XformClass => require(`exceljs/lib/xlsx/xform/${path}.js`) as XformClass;

/** The print options of a sheet's page setup, as the in-memory writer takes them. */
function printOptionsXml(pageSetup: Partial<ExcelJS.PageSetup>): string {
  const { showRowColHeaders, showGridLines, horizontalCentered, verticalCentered } = pageSetup;
  return new (xform('sheet/print-options-xform'))().toXml({ showRowColHeaders, showGridLines, horizontalCentered, verticalCentered });
}

/** A streaming workbook writer and how to anchor a picture in one of its sheets. */
export interface StreamedWorkbook {
  workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  /** Anchors a picture added with the workbook's addImage; the sheet's drawing is written when the sheet is committed. */
  place(sheet: ExcelJS.Worksheet, imageId: number, anchor: PictureAnchor): void;
  /**
   * Resolves once the zip has taken what the sheet wrote so far. The writer itself never waits:
   * rows written in one go pile up in memory until the event loop lets the zip read them.
   */
  drained(sheet: ExcelJS.Worksheet): Promise<void>;
  /** Commits the workbook and resolves once the file is written; rejects with the first error of the file or the zip. */
  finish(): Promise<void>;
  /** Gives up: the zip and the file are torn down (the file is left as far as it got). */
  abort(error: Error): void;
}

/**
 * A streaming workbook writer to `filename`, with styles, shared strings and compression as the
 * in-memory writer writes them, whose sheets keep their print options and can show pictures.
 */
export function streamedWorkbook(filename: string): StreamedWorkbook {
  // Our own file stream: the writer listens for its errors only once committed, so an error while
  // rows are written (no such directory, a full disk) was an uncaught 'error' event, and the
  // commit then waited forever for the stream to finish. Here the first error of the file or the
  // zip fails the write at once: `failed` rejects, both streams are torn down.
  const file = createWriteStream(filename);
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({ stream: file, useStyles: true, useSharedStrings: true, zip: { zlib: { level: ZIP_LEVEL } } });
  const book = workbook as unknown as WorkbookWriterInternals;
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  let failure: Error | null = null;
  const onError = (error: Error) => {
    if (failure) return;
    failure = error;
    fail(error);
    book.zip.abort();
    file.destroy();
  };
  file.on('error', onError);
  book.zip.on('error', onError);
  const unlessFailed = async <T>(work: Promise<T>): Promise<T> => {
    if (failure) throw failure;
    return Promise.race([work, failed]);
  };
  const drawings: Drawing[] = [];
  const bySheet = new Map<WorksheetWriterInternals, { drawing: Drawing; relOf: Map<number, string> }>();

  // Every sheet writes its print options before its page margins.
  const addWorksheet = workbook.addWorksheet.bind(workbook);
  workbook.addWorksheet = (name, options) => {
    const sheet = addWorksheet(name, options) as unknown as WorksheetWriterInternals;
    const writePageMargins = sheet._writePageMargins.bind(sheet);
    sheet._writePageMargins = () => {
      sheet.stream.write(printOptionsXml(sheet.pageSetup));
      writePageMargins();
    };
    return sheet as unknown as ExcelJS.Worksheet;
  };

  // The content types gain each drawing's part (the writer's own model has no drawings).
  book.addContentTypes = async () => {
    const model = { worksheets: book._worksheets.filter(Boolean), sharedStrings: book.sharedStrings, commentRefs: book.commentRefs, media: book.media, drawings };
    book.zip.append(new (xform('core/content-types-xform'))().toXml(model), { name: '[Content_Types].xml' });
  };

  function drawingOf(sheet: WorksheetWriterInternals): { drawing: Drawing; relOf: Map<number, string> } {
    let entry = bySheet.get(sheet);
    if (entry) return entry;
    const drawing: Drawing = { name: `drawing${drawings.length + 1}`, anchors: [], rels: [] };
    drawings.push(drawing);
    entry = { drawing, relOf: new Map() };
    bySheet.set(sheet, entry);
    const rId = sheet._sheetRelsWriter.addRelationship({ Type: REL_DRAWING, Target: `../drawings/${drawing.name}.xml` });
    const writeLegacyData = sheet._writeLegacyData.bind(sheet);
    sheet._writeLegacyData = () => {
      sheet.stream.write(`<drawing r:id="${rId}"/>`);
      writeLegacyData();
    };
    const commit = sheet.commit.bind(sheet);
    sheet.commit = () => {
      commit();
      const drawingXform = new (xform('drawing/drawing-xform'))();
      drawingXform.prepare(drawing);
      book.zip.append(drawingXform.toXml(drawing), { name: `xl/drawings/${drawing.name}.xml` });
      book.zip.append(new (xform('core/relationships-xform'))().toXml(drawing.rels), { name: `xl/drawings/_rels/${drawing.name}.xml.rels` });
    };
    return entry;
  }

  return {
    workbook,
    async drained(worksheet) {
      // archiver's PassThrough is readable-stream 2's, without writableNeedDrain: its state says it.
      for (const pipe of (worksheet as unknown as WorksheetWriterInternals).stream.pipes) {
        if (pipe._writableState?.needDrain) await unlessFailed(once(pipe, 'drain'));
      }
      if (failure) throw failure;
    },
    async finish() {
      await unlessFailed(workbook.commit());
    },
    abort: onError,
    place(worksheet, imageId, anchor) {
      const medium = book.media[imageId];
      if (!medium) throw new Error(`no image ${imageId} in the workbook`);
      const { drawing, relOf } = drawingOf(worksheet as unknown as WorksheetWriterInternals);
      let rId = relOf.get(imageId);
      if (!rId) {
        rId = `rId${drawing.rels.length + 1}`;
        drawing.rels.push({ Id: rId, Type: REL_IMAGE, Target: `../media/${medium.name}` });
        relOf.set(imageId, rId);
      }
      drawing.anchors.push({
        picture: { rId },
        range: { tl: { nativeCol: anchor.tl.col, nativeColOff: 0, nativeRow: anchor.tl.row, nativeRowOff: 0 }, ext: { ...anchor.ext }, editAs: 'oneCell' },
      });
    },
  };
}
