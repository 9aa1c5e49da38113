// /import in chat: a coordinator sends the project list (XLSX or CSV) with /import; the bot answers
// with the import's dry-run summary and a confirm button, and keeps the pending import as a draft.
// Nothing changes until 确认 / import:confirm; a list with errors is never applied.
import type { PersonContext, Reply } from '../commands/context.ts';
import { reply } from '../commands/context.ts';
import { message, type Block } from '../messages/outbound.ts';
import { importProjectFile, type ImportFileResult } from '../projects/import-project-file.ts';
import type { ImportSummary } from '../projects/import-projects.ts';
import { renderImportSummary, renderTableReadError } from '../projects/render-import-summary.ts';
import { dropDraft, saveDraft, takeDraft, type DraftPayload } from '../reports/drafts.ts';
import type { SkippedRow } from '../rules/project-list.ts';

/** The draft kind of a pending import. */
export const IMPORT_DRAFT_KIND = 'import';
/** The action of the confirm button. */
export const IMPORT_CONFIRM_ACTION = 'import:confirm';

/** What the draft keeps: the file's name as sent (`text`) and the key of our copy in the file store. */
interface ImportDraftPayload extends DraftPayload {
  file: string;
}

function isImportPayload(payload: DraftPayload): payload is ImportDraftPayload {
  return typeof (payload as Partial<ImportDraftPayload>).file === 'string';
}

function text(...lines: string[]): Block {
  return { kind: 'text', lines: lines.map((line) => [line]) };
}

/** Reads and dry-runs (or applies) a list's bytes for the speaker's org. */
function runImport(ctx: PersonContext, bytes: Uint8Array, fileName: string, dryRun: boolean): Promise<ImportFileResult> {
  const { org, person } = ctx.actor;
  return importProjectFile(ctx.deps, { bytes, fileName, orgName: org.name, dryRun, actorId: person.id, timeZone: org.timeZone, locale: org.locale });
}

/** The summary lines for chat: the CLI's "remove --dry-run" hint does not apply here. */
function summaryLines(ctx: PersonContext, run: { summary: ImportSummary; skipped: SkippedRow[] }): string[] {
  const cliHint = ctx.t('import.dry_run_hint');
  return renderImportSummary(ctx.t, run.summary, { skipped: run.skipped }).filter((line) => line !== cliHint);
}

/** A list that only fills in people's contact details, or retires people no project names, is a change too. */
function hasChanges(summary: ImportSummary): boolean {
  return summary.added.length > 0 || summary.changed.length > 0 || summary.peopleUpdated.length > 0 || summary.retired.length > 0;
}

/**
 * /import with a file: keeps a copy in the file store, previews the import and asks for
 * confirmation. Without a file, explains how to send one. Coordinators only (the command table
 * checks before the file is fetched).
 */
export async function importChatCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, incoming, actor, deps } = ctx;
  const file = incoming.file;
  if (!file) return reply(message([text(t('ledger.import.how'))]));

  let bytes: Uint8Array;
  try {
    bytes = await ctx.fetchFile(file);
  } catch (error) {
    deps.log.warn('an attached file could not be fetched', { platform: incoming.platform, file: file.name, error: String(error) });
    return reply(message([text(t('ledger.import.unreadable', { file: file.name, error: t('ledger.import.fetch_failed') }))]));
  }
  const run = await runImport(ctx, bytes, file.name, true);
  if (run.kind === 'unreadable') return reply(message([text(renderTableReadError(t, { ...run.problem, file: file.name }))]));
  const { summary } = run;

  const blocks: Block[] = [{ kind: 'heading', text: t('ledger.import.preview', { file: file.name }) }, text(...summaryLines(ctx, run))];
  if (summary.errors.length > 0 || summary.orgProblem) return reply(message([...blocks, text(t('ledger.import.has_errors'))]));
  if (!hasChanges(summary)) return reply(message([...blocks, text(t('ledger.import.no_changes'))]));

  // Our own copy, kept until the import is confirmed (the platform's file may be gone by then).
  const stored = await deps.ports.files.write('imports', file.name, bytes);
  const payload: ImportDraftPayload = { text: file.name, file: stored.key };
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
  const key = { person: actor.person, platform: incoming.platform, chatId: incoming.chat.id };
  const draft = await takeDraft(deps, key);
  if (!draft || draft.kind !== IMPORT_DRAFT_KIND || !isImportPayload(draft.payload)) return reply(message([text(t('ledger.import.none'))]));
  const { payload } = draft;
  const bytes = await deps.ports.files.read(payload.file).catch(() => null);
  const run = bytes ? await runImport(ctx, bytes, payload.text, false) : null;
  if (!run || run.kind === 'unreadable') {
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
