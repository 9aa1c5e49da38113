// ExcelJS, loaded on first use: it costs about 16 MB of memory, and most runs of the bot never
// open or write a workbook.
import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';

const require = createRequire(import.meta.url);
let loaded: typeof ExcelJSModule | undefined;

/** The ExcelJS module. */
export function excel(): typeof ExcelJSModule {
  loaded ??= require('exceljs') as typeof ExcelJSModule;
  return loaded;
}
