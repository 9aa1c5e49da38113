// `npm run cli -- import <file> [--dry-run] [--org <name>]`: reads a project list (XLSX or CSV),
// prints what was (or would be) added and changed, errors by row; all or nothing.
import { parseArgs } from 'node:util';
import { translator } from '../core/messages/catalog/index.ts';
import type { Locale } from '../core/model.ts';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Ports } from '../core/ports.ts';
import { importFailed, importProjectFile, renderImportFileResult } from '../core/projects/import-project-file.ts';
import { renderTableReadError } from '../core/projects/render-import-summary.ts';
import type { Db } from '../db/client.ts';

/** What the import command needs from its caller. */
export interface ImportCommandDeps {
  db: Db;
  /** Spreadsheets (app/ports.ts). */
  ports: Pick<Ports, 'spreadsheets'>;
  /** Prints one line. */
  out: (line: string) => void;
  locale: Locale;
  /** Time zone of an org this import creates. Default Asia/Shanghai. */
  timeZone?: string;
  /** ORG_NAME from the configuration, used when --org is not given. */
  orgName?: string;
}

/** Exit codes: 0 imported (or dry run fine), 1 nothing imported (bad file, row errors, unclear org), 2 usage. */
export const IMPORT_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Runs `import <file> [--dry-run] [--org <name>]`. The org is the one named by --org (created on
 * first import), else ORG_NAME, else the only org of the database. Returns the exit code.
 */
export async function importCommand(argv: string[], deps: ImportCommandDeps): Promise<number> {
  const t = translator(deps.locale);
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, org: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch {
    deps.out(t('import.cli.usage'));
    return IMPORT_EXIT.usage;
  }
  if (args.values.help) {
    deps.out(t('import.cli.usage'));
    return IMPORT_EXIT.ok;
  }
  const [file] = args.positionals;
  const org = args.values.org?.trim();
  if (!file || args.positionals.length > 1 || org === '') {
    deps.out(t('import.cli.usage'));
    return IMPORT_EXIT.usage;
  }

  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    deps.out(renderTableReadError(t, { code: code === 'ENOENT' ? 'not_found' : 'unreadable', file: basename(file), detail: code }));
    return IMPORT_EXIT.failed;
  }
  const orgName = org ?? deps.orgName?.trim();
  const result = await importProjectFile(deps, {
    bytes,
    fileName: basename(file),
    ...(orgName ? { orgName } : {}),
    dryRun: args.values['dry-run'] === true,
    actorId: null,
    timeZone: deps.timeZone ?? 'Asia/Shanghai',
    locale: deps.locale,
  });
  for (const line of renderImportFileResult(t, result)) deps.out(line);
  return importFailed(result) ? IMPORT_EXIT.failed : IMPORT_EXIT.ok;
}
