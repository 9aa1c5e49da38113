// `npm run cli -- import <file> [--dry-run] [--org <name>]`
import { parseArgs } from 'node:util';
import { translator } from '../core/messages/catalog/index.ts';
import type { Locale } from '../core/model.ts';
import { importProjects } from '../core/projects/import-projects.ts';
import { renderImportSummary } from '../core/projects/render-import-summary.ts';
import { parseProjectTable } from '../core/rules/project-list.ts';
import type { Db } from '../db/client.ts';
import { readTableFile, TableReadError } from '../io/read-table.ts';

export interface ImportCommandDeps {
  db: Db;
  out: (line: string) => void;
  locale: Locale;
  timeZone?: string;
  /** ORG_NAME from the configuration, used when --org is not given. */
  orgName?: string;
}

/** Runs the import command; returns the exit code (0 ok, 1 nothing imported, 2 usage). */
export async function importCommand(argv: string[], deps: ImportCommandDeps): Promise<number> {
  const t = translator(deps.locale);
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, org: { type: 'string' } } });
  } catch {
    deps.out(t('import.cli.usage'));
    return 2;
  }
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) {
    deps.out(t('import.cli.usage'));
    return 2;
  }
  let table: string[][];
  try {
    table = await readTableFile(file);
  } catch (error) {
    if (!(error instanceof TableReadError)) throw error;
    deps.out(t('import.cli.unreadable', { reason: error.message }));
    return 1;
  }
  const parsed = parseProjectTable(table);
  const orgName = args.values.org ?? deps.orgName;
  const summary = await importProjects(deps.db, {
    ...(orgName ? { orgName } : {}),
    ...(parsed.title ? { fallbackOrgName: parsed.title } : {}),
    rows: parsed.rows,
    errors: parsed.errors,
    dryRun: args.values['dry-run'] === true,
    actorId: null,
    timeZone: deps.timeZone ?? 'Asia/Shanghai',
    locale: deps.locale,
  });
  for (const line of renderImportSummary(t, summary)) deps.out(line);
  return summary.errors.length > 0 || summary.orgProblem ? 1 : 0;
}
