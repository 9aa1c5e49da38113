// Importing a project list file: read its bytes as a table, read the table as project rows, then
// import (or dry-run) them. The one path for the CLI, the sandbox's :import and /import in chat.
import type { CoreDeps } from '../context.ts';
import type { Translate } from '../messages/catalog/index.ts';
import type { TableProblem } from '../ports.ts';
import { parseProjectTable, type SkippedRow } from '../rules/project-list.ts';
import { importProjects, type ImportInput, type ImportSummary } from './import-projects.ts';
import { renderImportSummary, renderTableReadError } from './render-import-summary.ts';

/** What became of a file. */
export type ImportFileResult = { kind: 'unreadable'; problem: TableProblem } | { kind: 'read'; summary: ImportSummary; skipped: SkippedRow[] };

/** Reads and imports (or dry-runs) a project list file's bytes. */
export async function importProjectFile(
  deps: { db: CoreDeps['db']; ports: Pick<CoreDeps['ports'], 'spreadsheets'> },
  input: Omit<ImportInput, 'rows' | 'errors' | 'warnings'> & { bytes: Uint8Array; fileName: string },
): Promise<ImportFileResult> {
  const { bytes, fileName, ...options } = input;
  const table = await deps.ports.spreadsheets.readTable(bytes, fileName);
  if (!table.ok) return { kind: 'unreadable', problem: table.problem };
  const parsed = parseProjectTable(table.rows);
  const summary = await importProjects(deps.db, { ...options, rows: parsed.rows, errors: parsed.errors, warnings: parsed.warnings });
  return { kind: 'read', summary, skipped: parsed.skipped };
}

/** The result as lines in the reader's language. */
export function renderImportFileResult(t: Translate, result: ImportFileResult): string[] {
  return result.kind === 'unreadable' ? [renderTableReadError(t, result.problem)] : renderImportSummary(t, result.summary, { skipped: result.skipped });
}

/** Whether the import failed (bad file, row errors, no clear org): the CLI's exit code 1. */
export function importFailed(result: ImportFileResult): boolean {
  return result.kind === 'unreadable' || result.summary.errors.length > 0 || Boolean(result.summary.orgProblem);
}
