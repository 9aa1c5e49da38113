// /report, 确认 / /confirm and 取消 / /cancel.
import { message } from '../messages/outbound.ts';
import { formatSubmission, parseSubmission, readReportForm, type ParsedSubmission } from '../rules/submission/index.ts';
import { parseAmount } from '../rules/money.ts';
import { addDraftPhotos, dropDraft, saveDraft, takeDraft } from '../reports/drafts.ts';
import { replayedReport, sourceEventOf } from '../reports/replayed-report.ts';
import { submitReport, type StoredReport } from '../reports/submit-report.ts';
import type { FilingWrite } from '../../db/filing-store/filing-store.ts';
import { isProse, proseHelpView, storedView, submitResultView } from '../views/report-views.ts';
import { confirmImportAction, isImportDraft } from '../ledger/import-command.ts';
import { confirmCompletionDraft, isCompletionDraft, offerCompletion } from '../projects/lifecycle-commands.ts';
import { parseChatCommand } from './command-table.ts';
import { exampleProjectCode } from './help-command.ts';
import { reply, type PersonContext, type Reply } from './context.ts';
import { attachPhotos, type AttachResult } from '../photos/attach-photos.ts';
import { refusalLines } from '../photos/photo-message.ts';
import { keyedByAlbum } from '../photos/album.ts';
import type { IncomingFile } from '../platform.ts';
import { formatWeek } from '../rules/period.ts';

/**
 * Files a report from the command's text (or a reply to a reminder for a project). `photos` (a
 * confirmed draft's) stand for the message's own; in an album, the answer is the album's (album.ts).
 */
export async function reportCommand(ctx: PersonContext, options: { projectCode?: string; confirmed?: boolean; text?: string; photos?: IncomingFile[] } = {}): Promise<Reply[]> {
  return keyedByAlbum(ctx.deps, ctx.incoming, await fileReport(ctx, options.photos ?? ctx.incoming.photos ?? [], options));
}

async function fileReport(ctx: PersonContext, photos: readonly IncomingFile[], options: { projectCode?: string; confirmed?: boolean; text?: string }): Promise<Reply[]> {
  const { deps, actor, incoming, t } = ctx;
  const sourceEvent = sourceEventOf(incoming);
  // A message handled before (resumed after a restart, or retried) may have filed its report already.
  const replayed = ctx.fresh ? null : await replayedReport(deps, actor.org.id, sourceEvent);
  if (replayed) return storedReply(ctx, replayed, photos);
  // A form (Lark's 填报 card) is read field by field: what was typed in a field stays in it.
  const form = !options.text && incoming.form ? readReportForm(incoming.form) : null;
  const formProject = incoming.form?.project?.trim();
  const result = await submitReport(deps, actor, {
    text: options.text ?? ctx.args,
    ...(form?.ok ? { submission: { ...form.submission, ...(formProject ? { projectRef: formProject } : {}) } } : {}),
    projectCode: options.projectCode,
    confirmed: options.confirmed,
    platform: incoming.platform,
    platformMessageId: incoming.messageId,
    sourceEvent,
    chatId: incoming.chat.id,
    // Photos attach to the stored report, so a report with photos is written at once.
  }, { defer: ctx.deferWrites === true && !photos.length });
  if (result.kind === 'invalid' && deps.ports.llm) {
    const proposal = await proposeFromProse(ctx, result.text, options.projectCode, photos);
    if (proposal) return proposal;
  }
  if (result.kind !== 'stored') {
    const view = result.kind === 'invalid' && isProse(result) ? proseHelpView(t, result.projectCode ?? (await exampleProjectCode(deps, actor))) : submitResultView(t, actor.org, result, resendable(ctx, options));
    if (!photos.length) return reply(view);
    // Photos come with the report in their caption: a report waiting for 确认 keeps them in its
    // draft (attached once it is confirmed); a report not stored keeps none. Say which.
    const pending = result.kind === 'needs_confirm' && (await addDraftPhotos(deps, draftKey(ctx), photos, incoming.albumId));
    const line = photosLine(ctx, pending ? 'photos.pending' : 'photos.not_kept', photos.length);
    return reply({ ...view, blocks: [...view.blocks, { kind: 'text', lines: [[line]] }] });
  }
  return storedReply(ctx, result.report, photos, result.filing);
}

/** The sender's draft in this chat. */
function draftKey(ctx: PersonContext) {
  return { person: ctx.actor.person, platform: ctx.incoming.platform, chatId: ctx.incoming.chat.id };
}

/** What became of a report's photos: counted, or (in an album, whose later photos are still to come) not. */
function photosLine(ctx: PersonContext, key: 'photos.pending' | 'photos.not_kept', count: number): string {
  return ctx.incoming.albumId ? ctx.t(`${key}.album`) : ctx.t(key, { count });
}

/**
 * The message as the sender can send it again after fixing it: what they typed when it starts with
 * the command word; otherwise (a reply to a reminder, a report in a private chat, a draft) with
 * "/report <project>" put in front, so copying it back files it.
 */
function resendable(ctx: PersonContext, options: { projectCode?: string; text?: string }): string {
  const typed = ctx.incoming.text.trim();
  if (!options.text && parseChatCommand(typed)) return typed;
  const body = (options.text ?? typed).trim();
  const project = options.projectCode && !body.startsWith(options.projectCode) ? ` ${options.projectCode}` : '';
  return `/report${project}\n${body}`;
}

async function storedReply(ctx: PersonContext, report: StoredReport, incomingPhotos: readonly IncomingFile[], filing?: FilingWrite): Promise<Reply[]> {
  const { deps, actor, t } = ctx;
  const owner = report.project.ownerId === actor.person.id ? actor.person : report.project.ownerId ? await deps.db.person.findUnique({ where: { id: report.project.ownerId } }) : null;
  const photos = await reportPhotos(ctx, report, incomingPhotos);
  const complete = await offerCompletion(ctx, report);
  const view = storedView(t, actor.org, report, actor.person, owner, photos.total, complete);
  const refusals = photos.refused.length ? [{ kind: 'text' as const, lines: refusalLines(t, photos.refused).map((line) => [line]) }] : [];
  const filed = report.revision > 1 ? 'revision' : report.late ? 'late' : 'new';
  return [{ message: { ...view, blocks: [...view.blocks, ...refusals], photosFor: report.reportId }, filed, ...(filing ? { filing } : {}) }];
}

/**
 * Attaches the report's site photos (a photo whose caption is the report, or a confirmed draft's)
 * and counts the report's photos.
 */
async function reportPhotos(ctx: PersonContext, report: StoredReport, photos: readonly IncomingFile[]): Promise<{ total: number; refused: AttachResult['refused'] }> {
  const { deps, actor } = ctx;
  if (!photos.length) return { total: report.photos, refused: [] };
  const target = { reportId: report.reportId, orgId: report.project.orgId, projectId: report.project.id, period: formatWeek(report.week) };
  const result = await attachPhotos(deps, { target, photos, fetchFile: ctx.fetchFile, byPersonId: actor.person.id, timeZone: actor.org.timeZone });
  return { total: result.total, refused: result.refused };
}

/**
 * A report the grammar cannot read, read by the LLM instead: the fields are shown back as a draft in
 * the grammar's own format, and nothing is stored until the owner confirms. Null when the LLM read
 * nothing usable (the owner then gets the grammar's usual help).
 */
async function proposeFromProse(ctx: PersonContext, text: string, projectCode: string | undefined, photos: readonly IncomingFile[]): Promise<Reply[] | null> {
  const { deps, actor, t, incoming } = ctx;
  const projects = await deps.db.project.findMany({ where: { orgId: actor.org.id, ownerId: actor.person.id }, select: { code: true, name: true }, take: 50 });
  if (projects.length === 0) return null;
  const read = await deps.ports.llm?.extractReport({ text, locale: actor.locale, projects }).catch(() => null);
  if (!read) return null;
  const code = read.projectCode ?? projectCode ?? (projects.length === 1 ? projects[0]?.code : undefined);
  if (!code || !projects.some((p) => p.code === code)) return null;
  const fen = (wan: number | null) => {
    const amount = wan === null ? null : parseAmount(String(wan));
    return amount?.ok ? amount.fen : undefined;
  };
  const invested = fen(read.investedThisWeekWan);
  const cumulative = fen(read.cumulativeWan);
  const submission: ParsedSubmission = {
    confirmed: false,
    ...(read.progress != null ? { progress: read.progress } : {}),
    ...(invested !== undefined ? { investedThisWeek: invested } : {}),
    ...(cumulative !== undefined ? { cumulative } : {}),
    ...(read.done ? { done: read.done } : {}),
    ...(read.problems ? { problems: [read.problems] } : {}),
    ...(read.nextPlan ? { nextPlan: read.nextPlan } : {}),
    ...(read.help ? { help: read.help } : {}),
  };
  const draftText = formatSubmission(submission, { projectRef: code, locale: actor.locale });
  if (!parseSubmission(draftText).ok) return null;
  const kept = photos.length ? { photos: [...photos], ...(incoming.albumId ? { albumId: incoming.albumId } : {}) } : {};
  await saveDraft(deps, { org: actor.org, person: actor.person, platform: incoming.platform, chatId: incoming.chat.id, kind: 'report', payload: { text: draftText, projectCode: code, ...kept } });
  return reply(
    message(
      [
        { kind: 'text', lines: [[{ bold: t('report.ai.title') }]] },
        { kind: 'code', text: draftText },
        { kind: 'text', lines: [[t('report.ai.how')]] },
        ...(photos.length ? [{ kind: 'text' as const, lines: [[photosLine(ctx, 'photos.pending', photos.length)]] }] : []),
      ],
      { buttons: [{ label: t('report.confirm.button'), action: 'draft:confirm', style: 'primary' }, { label: t('report.cancel.button'), action: 'draft:cancel' }] },
    ),
  );
}

/** 确认: stores the sender's pending draft in this chat. */
export async function confirmCommand(ctx: PersonContext): Promise<Reply[]> {
  const replayed = await replayedReport(ctx.deps, ctx.actor.org.id, sourceEventOf(ctx.incoming));
  if (replayed) return storedReply(ctx, replayed, []);
  const draft = await takeDraft(ctx.deps, draftKey(ctx));
  if (!draft) return reply(message([{ kind: 'text', lines: [[ctx.t('report.confirm.none')]] }]));
  if (isImportDraft(draft)) return confirmImportAction(ctx);
  if (isCompletionDraft(draft)) return confirmCompletionDraft(ctx, draft.payload.projectCode);
  // The draft's photos (sent with the report) are attached once it is stored.
  return reportCommand(ctx, { text: draft.payload.text, projectCode: draft.payload.projectCode, confirmed: true, ...(draft.payload.photos?.length ? { photos: draft.payload.photos } : {}) });
}

/** 取消: drops the pending draft. */
export async function cancelCommand(ctx: PersonContext): Promise<Reply[]> {
  const dropped = await dropDraft(ctx.deps, { person: ctx.actor.person, platform: ctx.incoming.platform, chatId: ctx.incoming.chat.id });
  return reply(message([{ kind: 'text', lines: [[ctx.t(dropped ? 'report.confirm.cancelled' : 'report.confirm.none')]] }]));
}
