// Exports the progress ledger of a week or a month as a file: the XLSX workbook (ledger, revisions,
// problems, reporting rate, site photos with thumbnails) or the CSV of the ledger sheet. Used by /export in chat and by the CLI.
import type { Org, Person } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import type { Translate } from '../messages/catalog/index.ts';
import type { OrgSettings } from '../settings.ts';
import { assembleMonthLedger, weeksOfMonth } from './build-month-ledger.ts';
import { assembleWeekLedger } from './build-week-ledger.ts';
import type { Ledger, LedgerPeriod } from './ledger-model.ts';
import type { PhotoEmbedLimits } from './ledger-photos.ts';
import { historyRows, loadProblemRows, reportingRates } from './ledger-sheets.ts';
import { ledgerBook, ledgerSheet, periodId, type LedgerBook } from './ledger-table.ts';
import { loadLedgerData } from './load-ledger-data.ts';

export type LedgerFormat = 'xlsx' | 'csv';

export interface ExportLedgerInput {
  org: Org;
  settings: OrgSettings;
  period: LedgerPeriod;
  /** Limits the export to what this person sees (a leader). Null: the whole org. */
  scope: Person | null;
  format: LedgerFormat;
  /**
   * Where to write: an exact path (the CLI's --out), a directory where the file gets its readable
   * name (the CLI's default), or the file store's exports area, where it keeps its readable name
   * behind a unique prefix and is deleted after its retention.
   */
  target: { path: string } | { dir: string } | 'store';
  /** The reader's language (sheet names, headers, marks). */
  t: Translate;
  /** How many site photos (and bytes) the workbook embeds as thumbnails; default PHOTO_EMBED_LIMITS. */
  photoLimits?: PhotoEmbedLimits;
}

export type ExportLedgerResult =
  | { kind: 'written'; ledger: Ledger; path: string; fileName: string; format: LedgerFormat }
  /** Nothing in scope: no file is written. */
  | { kind: 'empty'; ledger: Ledger };

/** Characters file systems and chat platforms dislike in a file name. */
function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_');
}

/** "进度台账-2026-W47.xlsx", "进度台账-2026-W47-李院长.xlsx" for a leader's scope. */
export function ledgerFileName(t: Translate, ledger: Ledger, format: LedgerFormat): string {
  const period = periodId(ledger);
  const base = t(ledger.period.kind === 'week' ? 'ledger.export.file.week' : 'ledger.export.file.month', { period });
  const scope = ledger.scopeName ? t('ledger.export.file.scope', { name: ledger.scopeName }) : '';
  return safeName(`${base}${scope}.${format}`);
}

/** Builds the ledger and writes the file. */
export async function exportLedger(deps: CoreDeps, input: ExportLedgerInput): Promise<ExportLedgerResult> {
  const { t } = input;
  const { ledger, book } = await buildExport(deps, input);
  if (ledger.total.projects === 0) return { kind: 'empty', ledger };

  const fileName = ledgerFileName(t, ledger, input.format);
  const { target } = input;
  const path = target === 'store' ? (await deps.ports.files.reserve('exports', fileName)).path : 'path' in target ? target.path : `${target.dir.replace(/\/+$/, '')}/${fileName}`;
  const { spreadsheets, files } = deps.ports;
  if (book) await spreadsheets.writeLedgerXlsx(book, path, { creator: input.org.name, created: deps.now(), readImage: (key) => files.read(key) });
  else await spreadsheets.writeTableCsv(ledgerSheet(t, ledger), path);
  return { kind: 'written', ledger, path, fileName, format: input.format };
}

/**
 * The ledger, and for an XLSX export its workbook's sheets. The loaded data stays in here: it is
 * let go before the file is written (at 10,000 projects it is the larger part of what the export holds).
 */
async function buildExport(deps: CoreDeps, input: ExportLedgerInput): Promise<{ ledger: Ledger; book: LedgerBook | null }> {
  const { period, t } = input;
  const weeks = period.kind === 'week' ? [period.week] : weeksOfMonth(period.year, period.month);
  const data = await loadLedgerData(deps, { org: input.org, settings: input.settings, weeks, scope: input.scope });
  const ledger = period.kind === 'week' ? assembleWeekLedger(data, period.week) : assembleMonthLedger(data, period.year, period.month);
  if (ledger.total.projects === 0 || input.format === 'csv') return { ledger, book: null };
  const problems = await loadProblemRows(deps, data);
  return { ledger, book: ledgerBook(t, { ledger, history: historyRows(data), problems, rates: reportingRates(data), ...(input.photoLimits ? { photoLimits: input.photoLimits } : {}) }) };
}
