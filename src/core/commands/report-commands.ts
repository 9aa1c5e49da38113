// /report, 确认 / /confirm and 取消 / /cancel.
import { message } from '../messages/outbound.ts';
import { formatSubmission, parseSubmission, readReportForm, type ParsedSubmission } from '../rules/submission/index.ts';
import { parseAmount } from '../rules/money.ts';
import { dropDraft, saveDraft, takeDraft } from '../reports/drafts.ts';
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
import { formatWeek } from '../rules/period.ts';

/** Files a report from the command's text (or a reply to a reminder for a project). */
export async function reportCommand(ctx: PersonContext, options: { projectCode?: string; confirmed?: boolean; text?: string } = {}): Promise<Reply[]> {
  const { deps, actor, incoming, t } = ctx;
  const sourceEvent = sourceEventOf(incoming);
  // A message handled before (resumed after a restart, or retried) may have filed its report already.
  const replayed = ctx.fresh ? null : await replayedReport(deps, actor.org.id, sourceEvent);
  if (replayed) return storedReply(ctx, replayed);
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
  }, { defer: ctx.deferWrites === true && !incoming.photos?.length });
  if (result.kind === 'invalid' && deps.ports.llm) {
    const proposal = await proposeFromProse(ctx, result.text, options.projectCode);
    if (proposal) return proposal;
  }
  if (result.kind !== 'stored') {
    const view = result.kind === 'invalid' && isProse(result) ? proseHelpView(t, result.projectCode ?? (await exampleProjectCode(deps, actor))) : submitResultView(t, actor.org, result, resendable(ctx, options));
    // Photos come with the report in their caption: when it is not stored, neither are they; say so.
    const photos = incoming.photos?.length ?? 0;
    return reply(photos ? { ...view, blocks: [...view.blocks, { kind: 'text', lines: [[t('photos.not_kept', { count: photos })]] }] } : view);
  }
  return storedReply(ctx, result.report, result.filing);
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

async function storedReply(ctx: PersonContext, report: StoredReport, filing?: FilingWrite): Promise<Reply[]> {
  const { deps, actor, t } = ctx;
  const owner = report.project.ownerId === actor.person.id ? actor.person : report.project.ownerId ? await deps.db.person.findUnique({ where: { id: report.project.ownerId } }) : null;
  const photos = await reportPhotos(ctx, report);
  const complete = await offerCompletion(ctx, report);
  const view = storedView(t, actor.org, report, actor.person, owner, photos.total, complete);
  const refusals = photos.refused.length ? [{ kind: 'text' as const, lines: refusalLines(t, photos.refused).map((line) => [line]) }] : [];
  const filed = report.revision > 1 ? 'revision' : report.late ? 'late' : 'new';
  return [{ message: { ...view, blocks: [...view.blocks, ...refusals], photosFor: report.reportId }, filed, ...(filing ? { filing } : {}) }];
}

/** Attaches the message's site photos (a photo whose caption is the report) and counts the report's photos. */
async function reportPhotos(ctx: PersonContext, report: StoredReport): Promise<{ total: number; refused: AttachResult['refused'] }> {
  const { deps, actor, incoming } = ctx;
  if (!incoming.photos?.length) return { total: report.photos, refused: [] };
  const target = { reportId: report.reportId, orgId: report.project.orgId, projectId: report.project.id, period: formatWeek(report.week) };
  const result = await attachPhotos(deps, { target, photos: incoming.photos, fetchFile: ctx.fetchFile, byPersonId: actor.person.id, timeZone: actor.org.timeZone });
  return { total: result.total, refused: result.refused };
}

/**
 * A report the grammar cannot read, read by the LLM instead: the fields are shown back as a draft in
 * the grammar's own format, and nothing is stored until the owner confirms. Null when the LLM read
 * nothing usable (the owner then gets the grammar's usual help).
 */
async function proposeFromProse(ctx: PersonContext, text: string, projectCode: string | undefined): Promise<Reply[] | null> {
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
  await saveDraft(deps, { org: actor.org, person: actor.person, platform: incoming.platform, chatId: incoming.chat.id, kind: 'report', payload: { text: draftText, projectCode: code } });
  return reply(
    message(
      [
        { kind: 'text', lines: [[{ bold: t('report.ai.title') }]] },
        { kind: 'code', text: draftText },
        { kind: 'text', lines: [[t('report.ai.how')]] },
      ],
      { buttons: [{ label: t('report.confirm.button'), action: 'draft:confirm', style: 'primary' }, { label: t('report.cancel.button'), action: 'draft:cancel' }] },
    ),
  );
}

/** 确认: stores the sender's pending draft in this chat. */
export async function confirmCommand(ctx: PersonContext): Promise<Reply[]> {
  const replayed = await replayedReport(ctx.deps, ctx.actor.org.id, sourceEventOf(ctx.incoming));
  if (replayed) return storedReply(ctx, replayed);
  const key = { person: ctx.actor.person, platform: ctx.incoming.platform, chatId: ctx.incoming.chat.id };
  const draft = await takeDraft(ctx.deps, key);
  if (!draft) return reply(message([{ kind: 'text', lines: [[ctx.t('report.confirm.none')]] }]));
  if (isImportDraft(draft)) return confirmImportAction(ctx);
  if (isCompletionDraft(draft)) return confirmCompletionDraft(ctx, draft.payload.projectCode);
  return reportCommand(ctx, { text: draft.payload.text, projectCode: draft.payload.projectCode, confirmed: true });
}

/** 取消: drops the pending draft. */
export async function cancelCommand(ctx: PersonContext): Promise<Reply[]> {
  const dropped = await dropDraft(ctx.deps, { person: ctx.actor.person, platform: ctx.incoming.platform, chatId: ctx.incoming.chat.id });
  return reply(message([{ kind: 'text', lines: [[ctx.t(dropped ? 'report.confirm.cancelled' : 'report.confirm.none')]] }]));
}
