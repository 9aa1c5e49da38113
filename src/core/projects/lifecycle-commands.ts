// The chat side of a project's lifecycle (未开工 / 在建 / 停工 / 竣工):
//   /complete <project> [note]   (/竣工)  a coordinator marks a project completed
//   /reopen <project> [note]     (/重新开工) a coordinator reopens it
//   an owner's 100 % report: the receipt asks whether to mark it 竣工, with a button
//     ("project:complete:<id>") or the reply 确认 (a draft of kind "project_complete").
// Who decides: the owner's own 确认 (or the button) marks it 竣工 at once; the coordinators are told
// privately, and any of them can /reopen it. A 100 % figure is the owner's to report, and a wrong
// completion costs one /reopen, while waiting on a second person would keep nudging a finished project.
import type { PersonContext, Reply } from '../commands/context.ts';
import { reply } from '../commands/context.ts';
import { message, type Block, type Button, type OutboundMessage } from '../messages/outbound.ts';
import { translator } from '../messages/catalog/index.ts';
import type { Project } from '../model.ts';
import { dropDraft, saveDraft } from '../reports/drafts.ts';
import type { StoredReport } from '../reports/submit-report.ts';
import { loadAudience } from '../schedule/audience.ts';
import { completeProject, isCompleted, reopenProject } from './complete-project.ts';
import { findProjectForReport } from './find-project.ts';

/** The draft kind that makes a reply 确认 mark a project 竣工. */
export const COMPLETE_DRAFT_KIND = 'project_complete';
/** The button's action prefix; the argument is the project id. */
export const COMPLETE_ACTION = 'project:complete';

function text(line: string): OutboundMessage {
  return message([{ kind: 'text', lines: [[line]] }]);
}

/** "<ref> [note]": the first word names the project, the rest is the note. */
export function splitProjectNote(args: string): { ref: string; note: string } {
  const trimmed = args.trim();
  const space = trimmed.search(/\s/);
  return space < 0 ? { ref: trimmed, note: '' } : { ref: trimmed.slice(0, space), note: trimmed.slice(space).trim() };
}

async function findForLifecycle(ctx: PersonContext, ref: string, usageKey: 'admin.complete.usage' | 'admin.reopen.usage'): Promise<{ project: Project } | { reply: Reply[] }> {
  const { t, deps, actor } = ctx;
  if (!ref) return { reply: reply(text(t(usageKey))) };
  const found = await findProjectForReport(deps.db, actor.person, ref);
  if (found.kind === 'found') return { project: found.project };
  const blocks: Block[] = [{ kind: 'text', lines: [[t(found.kind === 'ambiguous' ? 'admin.lifecycle.ambiguous' : 'admin.lifecycle.unknown', { ref })]] }];
  if (found.kind === 'ambiguous' && found.candidates.length) blocks.push({ kind: 'list', items: found.candidates.slice(0, 15).map((p) => [`${p.code} ${p.name}`]) });
  blocks.push({ kind: 'text', lines: [[t(usageKey)]] });
  return { reply: reply(message(blocks)) };
}

/** /complete (竣工) by a coordinator. */
export async function completeCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, deps, actor } = ctx;
  const { ref, note } = splitProjectNote(ctx.args);
  const found = await findForLifecycle(ctx, ref, 'admin.complete.usage');
  if ('reply' in found) return found.reply;
  const { project } = found;
  if (isCompleted(project)) return reply(text(t('admin.complete.already', { code: project.code, name: project.name })));
  await completeProject(deps, { project, actorId: actor.person.id, note, via: 'command' });
  const lines = [[t('admin.complete.done', { code: project.code, name: project.name })]];
  if (note) lines.push([t('admin.lifecycle.note', { note })]);
  return reply(message([{ kind: 'text', lines }]));
}

/** /reopen by a coordinator. */
export async function reopenCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, deps, actor } = ctx;
  const { ref, note } = splitProjectNote(ctx.args);
  const found = await findForLifecycle(ctx, ref, 'admin.reopen.usage');
  if ('reply' in found) return found.reply;
  const { project } = found;
  if (!isCompleted(project)) return reply(text(t('admin.reopen.not_completed', { code: project.code, name: project.name })));
  await reopenProject(deps, { project, actorId: actor.person.id, note });
  return reply(text(t('admin.reopen.done', { code: project.code, name: project.name })));
}

/**
 * After a stored report: whether its receipt should offer 竣工 (progress 100 %, the project not yet
 * completed, the sender its owner or a coordinator). When it does, a reply 确认 in this chat marks it.
 */
export async function offerCompletion(ctx: PersonContext, report: StoredReport): Promise<Button | null> {
  const { deps, actor, incoming, t } = ctx;
  const project = report.project;
  if (report.submission.progress === undefined || report.submission.progress < 100) return null;
  if (isCompleted(project)) return null;
  if (project.ownerId !== actor.person.id && !actor.person.isCoordinator) return null;
  await saveDraft(deps, { org: actor.org, person: actor.person, platform: incoming.platform, chatId: incoming.chat.id, kind: COMPLETE_DRAFT_KIND, payload: { text: '', projectCode: project.code } });
  return { label: t('report.stored.complete_button'), action: `${COMPLETE_ACTION}:${project.id}`, style: 'primary' };
}

/** Whether a pending draft is a 竣工 offer. */
export function isCompletionDraft(draft: { kind: string } | null): boolean {
  return draft?.kind === COMPLETE_DRAFT_KIND;
}

/** 确认 after a 100 % receipt: marks the offered project 竣工. */
export async function confirmCompletionDraft(ctx: PersonContext, projectCode: string | undefined): Promise<Reply[]> {
  await dropDraft(ctx.deps, { person: ctx.actor.person, platform: ctx.incoming.platform, chatId: ctx.incoming.chat.id });
  const project = projectCode ? await ctx.deps.db.project.findUnique({ where: { orgId_code: { orgId: ctx.actor.org.id, code: projectCode } } }) : null;
  return markByOwner(ctx, project);
}

/** The 「标记竣工」 button (argument: the project id). */
export async function completeAction(ctx: PersonContext, projectId: string): Promise<Reply[]> {
  const project = await ctx.deps.db.project.findFirst({ where: { id: projectId, orgId: ctx.actor.org.id } });
  await dropDraft(ctx.deps, { person: ctx.actor.person, platform: ctx.incoming.platform, chatId: ctx.incoming.chat.id });
  return markByOwner(ctx, project);
}

async function markByOwner(ctx: PersonContext, project: Project | null): Promise<Reply[]> {
  const { t, deps, actor } = ctx;
  if (!project) return reply(text(t('admin.lifecycle.gone')));
  if (isCompleted(project)) return reply(text(t('admin.complete.already', { code: project.code, name: project.name })));
  if (project.ownerId !== actor.person.id && !actor.person.isCoordinator) return reply(text(t('admin.complete.not_owner', { code: project.code, name: project.name })));
  await completeProject(deps, { project, actorId: actor.person.id, note: '', via: 'owner_confirm' });
  const replies: Reply[] = reply(text(t('admin.complete.done', { code: project.code, name: project.name })));
  // The project office hears of a completion it did not make itself.
  const audience = await loadAudience(deps, actor.org);
  for (const coordinator of audience.coordinators) {
    if (coordinator.id === actor.person.id) continue;
    const to = audience.privateChat(coordinator);
    if (!to) continue;
    const tc = translator(audience.localeOf(coordinator));
    replies.push({ to, key: `complete:${project.id}:${deps.now().getTime()}:${coordinator.id}`, message: text(tc('admin.complete.notify', { owner: actor.person.name, code: project.code, name: project.name })) });
  }
  return replies;
}
