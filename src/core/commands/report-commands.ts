// /report, 确认 / /confirm and 取消 / /cancel.
import { message } from '../messages/outbound.ts';
import { parseSubmission } from '../rules/submission/index.ts';
import { dropDraft, saveDraft, takeDraft } from '../reports/drafts.ts';
import { replayedReport, sourceEventOf } from '../reports/replayed-report.ts';
import { submitReport, type StoredReport } from '../reports/submit-report.ts';
import { storedView, submitResultView } from '../views/report-views.ts';
import { confirmImportAction, isImportDraft } from '../ledger/import-command.ts';
import { reply, type PersonContext, type Reply } from './context.ts';

/** Files a report from the command's text (or a reply to a reminder for a project). */
export async function reportCommand(ctx: PersonContext, options: { projectCode?: string; confirmed?: boolean; text?: string } = {}): Promise<Reply[]> {
  const { deps, actor, incoming, t } = ctx;
  const sourceEvent = sourceEventOf(incoming);
  const replayed = await replayedReport(deps, actor.org.id, sourceEvent);
  if (replayed) return storedReply(ctx, replayed);
  const result = await submitReport(deps, actor, {
    text: options.text ?? ctx.args,
    projectCode: options.projectCode,
    confirmed: options.confirmed,
    platform: incoming.platform,
    platformMessageId: incoming.messageId,
    sourceEvent,
    chatId: incoming.chat.id,
  });
  if (result.kind === 'invalid' && deps.ports.llm) {
    const proposal = await proposeFromProse(ctx, result.text, options.projectCode);
    if (proposal) return proposal;
  }
  if (result.kind !== 'stored') return reply(submitResultView(t, actor.org, result));
  return storedReply(ctx, result.report);
}

async function storedReply(ctx: PersonContext, report: StoredReport): Promise<Reply[]> {
  const { deps, actor, t } = ctx;
  const owner = report.project.ownerId === actor.person.id ? actor.person : report.project.ownerId ? await deps.db.person.findUnique({ where: { id: report.project.ownerId } }) : null;
  return reply(storedView(t, actor.org, report, actor.person, owner));
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
  const lines = [
    code,
    read.progress != null ? `形象进度: ${read.progress}%` : '',
    read.investedThisWeekWan != null ? `本周完成投资: ${read.investedThisWeekWan}万` : '',
    read.cumulativeWan != null ? `累计完成投资: ${read.cumulativeWan}万` : '',
    read.done ? `本周进展: ${read.done}` : '',
    read.problems ? `存在问题: ${read.problems}` : '',
    read.nextPlan ? `下周计划: ${read.nextPlan}` : '',
    read.help ? `需协调事项: ${read.help}` : '',
  ].filter(Boolean);
  const draftText = lines.join('\n');
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
  return reportCommand(ctx, { text: draft.payload.text, projectCode: draft.payload.projectCode, confirmed: true });
}

/** 取消: drops the pending draft. */
export async function cancelCommand(ctx: PersonContext): Promise<Reply[]> {
  const dropped = await dropDraft(ctx.deps, { person: ctx.actor.person, platform: ctx.incoming.platform, chatId: ctx.incoming.chat.id });
  return reply(message([{ kind: 'text', lines: [[ctx.t(dropped ? 'report.confirm.cancelled' : 'report.confirm.none')]] }]));
}
