// /report, 确认 / /confirm and 取消 / /cancel.
import { message } from '../messages/outbound.ts';
import { dropDraft, takeDraft } from '../reports/drafts.ts';
import { submitReport } from '../reports/submit-report.ts';
import { storedView, submitResultView } from '../views/report-views.ts';
import { confirmImportAction, isImportDraft } from '../ledger/import-command.ts';
import { reply, type PersonContext, type Reply } from './context.ts';

/** Files a report from the command's text (or a reply to a reminder for a project). */
export async function reportCommand(ctx: PersonContext, options: { projectCode?: string; confirmed?: boolean; text?: string } = {}): Promise<Reply[]> {
  const { deps, actor, incoming, t } = ctx;
  const result = await submitReport(deps, actor, {
    text: options.text ?? ctx.args,
    projectCode: options.projectCode,
    confirmed: options.confirmed,
    platform: incoming.platform,
    platformMessageId: incoming.messageId,
    chatId: incoming.chat.id,
  });
  if (result.kind !== 'stored') return reply(submitResultView(t, actor.org, result));
  const owner = result.report.project.ownerId === actor.person.id ? actor.person : result.report.project.ownerId ? await deps.db.person.findUnique({ where: { id: result.report.project.ownerId } }) : null;
  return reply(storedView(t, actor.org, result.report, actor.person, owner));
}

/** 确认: stores the sender's pending draft in this chat. */
export async function confirmCommand(ctx: PersonContext): Promise<Reply[]> {
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
