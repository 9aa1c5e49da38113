// /import in chat: a coordinator sends the project list (XLSX or CSV) with /import; the bot answers
// with the import's dry-run summary and a confirm button, and keeps the pending import as a draft.
// Nothing changes until 确认 / import:confirm; a list with errors is never applied.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { readTableFile, TableReadError } from '../../io/read-table.ts';
import type { PersonContext, Reply } from '../commands/context.ts';
import { reply } from '../commands/context.ts';
import { message, type Block } from '../messages/outbound.ts';
import { importProjects, type ImportSummary } from '../projects/import-projects.ts';
import { renderImportSummary, renderTableReadError } from '../projects/render-import-summary.ts';
import { dropDraft, saveDraft, takeDraft, type DraftPayload } from '../reports/drafts.ts';
import { parseProjectTable, type SkippedRow } from '../rules/project-list.ts';

/** The draft kind of a pending import. */
export const IMPORT_DRAFT_KIND = 'import';
/** The action of the confirm button. */
export const IMPORT_CONFIRM_ACTION = 'import:confirm';
/** Where files to import are kept until confirmed (relative to the working directory). */
export const DEFAULT_IMPORT_DIR = 'data/imports';

/** What the draft keeps: the file's name as sent and the path of our copy. */
interface ImportDraftPayload extends DraftPayload {
  file: string;
}

function isImportPayload(payload: DraftPayload): payload is ImportDraftPayload {
  return typeof (payload as Partial<ImportDraftPayload>).file === 'string';
}

function text(...lines: string[]): Block {
  return { kind: 'text', lines: lines.map((line) => [line]) };
}

function coordinatorOnly(ctx: PersonContext): Reply[] {
  return reply(message([text(ctx.t('common.error.coordinator_only', { command: '/import' }))]));
}

/** Reads and dry-runs (or applies) the list at `path` for the speaker's org. */
async function runImport(ctx: PersonContext, path: string, dryRun: boolean): Promise<{ summary: ImportSummary; skipped: SkippedRow[] }> {
  const parsed = parseProjectTable(await readTableFile(path));
  const { org, person } = ctx.actor;
  const summary = await importProjects(ctx.deps.db, { orgName: org.name, rows: parsed.rows, errors: parsed.errors, dryRun, actorId: person.id, timeZone: org.timeZone, locale: org.locale });
  return { summary, skipped: parsed.skipped };
}

/** The summary lines for chat: the CLI's "remove --dry-run" hint does not apply here. */
function summaryLines(ctx: PersonContext, run: { summary: ImportSummary; skipped: SkippedRow[] }): string[] {
  const cliHint = ctx.t('import.dry_run_hint');
  return renderImportSummary(ctx.t, run.summary, { skipped: run.skipped }).filter((line) => line !== cliHint);
}

/** A list that only fills in people's contact details is a change too. */
function hasChanges(summary: ImportSummary): boolean {
  return summary.added.length > 0 || summary.changed.length > 0 || summary.peopleUpdated.length > 0;
}

/** A file problem in the reader's language. */
function fileProblem(ctx: PersonContext, fileName: string, error: unknown): string {
  // Name the file as the sender sent it, not the stored copy.
  return error instanceof TableReadError
    ? renderTableReadError(ctx.t, { code: error.code, file: fileName, detail: error.detail })
    : ctx.t('ledger.import.unreadable', { file: fileName, error: (error as Error).message });
}

/**
 * /import with a file: keeps a copy, previews the import and asks for confirmation. Without a
 * file, explains how to send one. Coordinators only.
 */
export async function importChatCommand(ctx: PersonContext, options: { dir?: string } = {}): Promise<Reply[]> {
  const { t, incoming, actor, deps } = ctx;
  if (!actor.person.isCoordinator) return coordinatorOnly(ctx);
  const file = incoming.file;
  if (!file) return reply(message([text(t('ledger.import.how'))]));

  // The adapter's download may be temporary: keep our own copy until the import is confirmed.
  const dir = resolve(options.dir ?? DEFAULT_IMPORT_DIR);
  const stored = join(dir, `${deps.now().getTime()}-${randomBytes(3).toString('hex')}-${basename(file.name).replace(/[\\/:*?"<>|\s]+/g, '_')}`);
  let run: { summary: ImportSummary; skipped: SkippedRow[] };
  try {
    await mkdir(dir, { recursive: true });
    await copyFile(file.path, stored);
    run = await runImport(ctx, stored, true);
  } catch (error) {
    if (!(error instanceof TableReadError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return reply(message([text(fileProblem(ctx, file.name, error))]));
  }
  const { summary } = run;

  const blocks: Block[] = [{ kind: 'heading', text: t('ledger.import.preview', { file: file.name }) }, text(...summaryLines(ctx, run))];
  if (summary.errors.length > 0 || summary.orgProblem) return reply(message([...blocks, text(t('ledger.import.has_errors'))]));
  if (!hasChanges(summary)) return reply(message([...blocks, text(t('ledger.import.no_changes'))]));

  const payload: ImportDraftPayload = { text: file.name, file: stored };
  await saveDraft(deps, { org: actor.org, person: actor.person, platform: incoming.platform, chatId: incoming.chat.id, kind: IMPORT_DRAFT_KIND, payload });
  return reply(
    message([...blocks, text(t('ledger.import.confirm_how'))], {
      buttons: [
        { label: t('ledger.import.button.confirm'), action: IMPORT_CONFIRM_ACTION, style: 'primary' },
        { label: t('ledger.import.button.cancel'), action: 'draft:cancel' },
      ],
      summary: t('ledger.import.preview', { file: file.name }),
    }),
  );
}

/**
 * import:confirm (or 确认 when the pending draft is an import): applies the previewed list. The
 * import runs again on the kept file, all or nothing; a list with errors changes nothing.
 */
export async function confirmImportAction(ctx: PersonContext): Promise<Reply[]> {
  const { t, incoming, actor, deps } = ctx;
  if (!actor.person.isCoordinator) return coordinatorOnly(ctx);
  const key = { person: actor.person, platform: incoming.platform, chatId: incoming.chat.id };
  const draft = await takeDraft(deps, key);
  if (!draft || draft.kind !== IMPORT_DRAFT_KIND || !isImportPayload(draft.payload)) return reply(message([text(t('ledger.import.none'))]));
  const { payload } = draft;
  let run: { summary: ImportSummary; skipped: SkippedRow[] };
  try {
    run = await runImport(ctx, payload.file, false);
  } catch (error) {
    if (!(error instanceof TableReadError)) throw error;
    await dropDraft(deps, key);
    return reply(message([text(t('ledger.import.file_gone', { file: payload.text }))]));
  }
  await dropDraft(deps, key);
  const { summary } = run;
  const lines = summaryLines(ctx, run);
  if (!summary.applied) return reply(message([text(...lines), text(t('ledger.import.has_errors'))]));
  return reply(message([{ kind: 'heading', text: t('ledger.import.applied', { file: payload.text }) }, text(...lines)], { summary: t('ledger.import.applied', { file: payload.text }) }));
}

/** Whether a pending draft is an import (for the router's 确认: confirm the import, not a report). */
export function isImportDraft(draft: { kind: string } | null): boolean {
  return draft?.kind === IMPORT_DRAFT_KIND;
}
