// `npm run cli -- export`: the progress ledger of a week or month as XLSX (or CSV), or the project
// list in the import's own layout (--projects), for the project office's desk and for scripts.
import type { CliDeps } from './cli-deps.ts';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CoreDeps } from '../core/context.ts';
import { silentLogger } from '../core/context.ts';
import { exportSummary, parseExportArgs } from '../core/ledger/export-command.ts';
import { exportLedger, type LedgerFormat } from '../core/ledger/export-ledger.ts';
import { translator } from '../core/messages/catalog/index.ts';
import { readOrgSettings } from '../core/settings.ts';
import type { Db } from '../db/client.ts';
import { loadProjectList } from '../core/ledger/load-project-list.ts';
import { writeProjectList } from '../io/write-project-list.ts';

export const EXPORT_USAGE = `Usage: npm run cli -- export [--week 2026-W47 | --month 2026-11] [--out <file>] [--csv] [--org <name>]
       npm run cli -- export --projects [--out <file>] [--csv] [--org <name>]

  --week <id>     the ISO week to export (default: this week in the org's time zone)
  --month <id>    a calendar month instead (weeks whose Thursday falls in it)
  --out <file>    where to write (default: the current directory, under the ledger's name); .csv implies --csv
  --csv           the ledger sheet as CSV (UTF-8 with BOM) instead of the XLSX workbook
  --projects      the project list in the import's column layout (re-importing it changes nothing)
  --org <name>    the org (may be left out when there is only one)`;

/** What the command needs (src/cli/main.ts). */
export type ExportCliDeps = CliDeps;

interface ExportOptions {
  week?: string;
  month?: string;
  out?: string;
  csv: boolean;
  projects: boolean;
  org?: string;
}

function parseOptions(argv: readonly string[]): ExportOptions | string {
  const options: ExportOptions = { csv: false, projects: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--csv':
        options.csv = true;
        break;
      case '--projects':
        options.projects = true;
        break;
      case '--week':
      case '--month':
      case '--out':
      case '--org': {
        const v = value();
        if (!v) return `${flag} needs a value`;
        options[flag.slice(2) as 'week' | 'month' | 'out' | 'org'] = v;
        break;
      }
      default:
        return `Unknown option "${arg}"`;
    }
  }
  if (options.week && options.month) return 'Give either --week or --month, not both';
  if (options.out?.toLowerCase().endsWith('.csv')) options.csv = true;
  return options;
}

/** Runs `export`. Returns the process exit code: 0 done, 1 failed, 2 bad usage. */
export async function exportCommand(argv: readonly string[], deps: ExportCliDeps): Promise<number> {
  const options = parseOptions(argv);
  if (typeof options === 'string') {
    deps.out(`${options}\n\n${EXPORT_USAGE}`);
    return 2;
  }
  const org = options.org ? await deps.db.org.findUnique({ where: { name: options.org } }) : await soleOrg(deps.db);
  if (!org) {
    const names = (await deps.db.org.findMany({ select: { name: true }, orderBy: { name: 'asc' } })).map((o) => o.name);
    deps.out(options.org ? `No org named "${options.org}". Orgs: ${names.join(', ') || '(none)'}` : names.length ? `There are several orgs; choose one with --org: ${names.join(', ')}` : 'There is no org yet: import a project list first.');
    return 1;
  }
  const format: LedgerFormat = options.csv ? 'csv' : 'xlsx';
  const t = translator(deps.locale);

  if (options.projects) {
    const list = await loadProjectList(deps.db, org.id);
    const path = resolve(options.out ?? `${org.name}-projects.${format}`);
    await mkdir(dirname(path), { recursive: true });
    await writeProjectList(list, path, { format, sheetName: t('ledger.sheet.projects') });
    deps.out(`Wrote ${path}: ${list.length} projects of ${org.name}.`);
    return 0;
  }

  const request = parseExportArgs([options.month ? 'month' : 'week', options.week ?? options.month ?? ''].join(' '), deps.now(), org.timeZone);
  if (!request.ok) {
    deps.out(request.reason === 'future' ? `${request.period} has not begun yet.` : `Cannot read "${request.arg}": weeks are written 2026-W47, months 2026-11.\n\n${EXPORT_USAGE}`);
    return 2;
  }
  const core: CoreDeps = { db: deps.db, now: deps.now, admins: [], defaults: { timeZone: org.timeZone, locale: deps.locale }, log: silentLogger, ports: deps.ports };
  const result = await exportLedger(core, {
    org,
    settings: readOrgSettings(org.settings),
    period: request.period,
    scope: null,
    format,
    target: options.out ? { path: resolve(options.out) } : { dir: process.cwd() },
    t,
  });
  if (result.kind === 'empty') {
    deps.out(t('ledger.export.empty'));
    return 1;
  }
  deps.out(`Wrote ${result.path}`);
  deps.out(exportSummary(t, result.ledger, result.format));
  return 0;
}

async function soleOrg(db: Db) {
  const orgs = await db.org.findMany({ take: 2 });
  return orgs.length === 1 ? (orgs[0] ?? null) : null;
}
