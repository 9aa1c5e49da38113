// The chat commands of quiet periods (coordinators; a member may list what is paused):
//   /pause [project] <code or name> [until|至 <date>] [reason]   (no date: until /resume)
//   /leave <name> until|至 <date> [reason]
//   /resume <code, project name or person's name>
//   /pause with nothing after it lists what is paused.
import { DateTime } from 'luxon';
import type { PersonContext, Reply } from '../../commands/context.ts';
import { reply } from '../../commands/context.ts';
import { message, type Block, type OutboundMessage } from '../../messages/outbound.ts';
import type { Project } from '../../model.ts';
import { findProjectForReport } from '../../projects/find-project.ts';
import { untilText } from '../schedule-views.ts';
import { endLeave } from './end-leave.ts';
import { checkDate, findPerson, splitRefDate, text } from './pause-args.ts';
import { pausedListView } from './paused-list.ts';
import { pauseProject, projectPausedAt } from './pause-project.ts';
import { recordLeave } from './record-leave.ts';
import { resumeProject } from './resume-project.ts';

/** Whether /pause arguments only list what is paused: any member may. */
export function isPauseView(args: string): boolean {
  const rest = args.trim().replace(/^(project|项目)\s+/i, '');
  return !rest || ['list', '列表'].includes(rest.toLowerCase());
}

/** /pause */
export async function pauseCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, actor, deps } = ctx;
  const args = ctx.args.trim().replace(/^(project|项目)\s+/i, '');
  if (isPauseView(args)) return reply(await pausedListView(ctx));
  const now = DateTime.fromJSDate(deps.now(), { zone: actor.org.timeZone });
  const parsed = splitRefDate(args, now.year);
  let until: Date | null = null;
  if (parsed.dateText) {
    const checked = checkDate(ctx, parsed);
    if ('reply' in checked) return checked.reply;
    until = checked.until;
  }
  const found = await findProjectForReport(deps.db, actor.person, parsed.ref);
  if (found.kind !== 'found') return reply(projectNotFound(ctx, parsed.ref, found.kind, found.candidates));
  const project = await pauseProject(deps, { project: found.project, actorId: actor.person.id, until, reason: parsed.reason });
  const lines = [[t('schedule.pause.done', { code: project.code, name: project.name, until: untilText(t, until, actor.org.timeZone) })]];
  if (parsed.reason) lines.push([t('schedule.pause.reason', { reason: parsed.reason })]);
  return reply(message([{ kind: 'text', lines }]));
}

/** /leave */
export async function leaveCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, actor, deps } = ctx;
  if (!ctx.args.trim()) return reply(text(t('schedule.leave.usage')));
  const parsed = splitRefDate(ctx.args, DateTime.fromJSDate(deps.now(), { zone: actor.org.timeZone }).year);
  if (!parsed.dateText) return reply(text(t('schedule.leave.needs_date', { name: parsed.ref })));
  const checked = checkDate(ctx, parsed);
  if ('reply' in checked) return checked.reply;
  const found = await findPerson(deps, actor.org, parsed.ref);
  if (found.kind === 'unknown') return reply(text(t('schedule.person.unknown', { name: parsed.ref })));
  if (found.kind === 'ambiguous') return reply(text(t('schedule.person.ambiguous', { name: parsed.ref, names: found.names.join('、') })));
  const person = await recordLeave(deps, { person: found.person, actorId: actor.person.id, until: checked.until, reason: parsed.reason });
  const lines = [[t('schedule.leave.done', { name: person.name, until: untilText(t, checked.until, actor.org.timeZone) })]];
  if (parsed.reason) lines.push([t('schedule.pause.reason', { reason: parsed.reason })]);
  return reply(message([{ kind: 'text', lines }]));
}

/** /resume: a project first (code or name), else a person. */
export async function resumeCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, actor, deps } = ctx;
  const raw = ctx.args.trim();
  if (!raw) return reply(text(t('schedule.resume.usage')));
  const personOnly = /^(person|人员|人)\s+/i.test(raw);
  const ref = raw.replace(/^(project|项目|person|人员|人)\s+/i, '').trim();
  const now = deps.now();
  if (!personOnly) {
    const found = await findProjectForReport(deps.db, actor.person, ref);
    if (found.kind === 'found') {
      if (!projectPausedAt(found.project, now) && found.project.status !== 'paused') return reply(text(t('schedule.resume.not_paused', { name: `${found.project.code} ${found.project.name}` })));
      await resumeProject(deps, { project: found.project, actorId: actor.person.id });
      return reply(text(t('schedule.resume.project', { code: found.project.code, name: found.project.name })));
    }
    if (found.kind === 'ambiguous') return reply(projectNotFound(ctx, ref, 'ambiguous', found.candidates));
  }
  const person = await findPerson(deps, actor.org, ref);
  if (person.kind === 'ambiguous') return reply(text(t('schedule.person.ambiguous', { name: ref, names: person.names.join('、') })));
  if (person.kind === 'unknown') return reply(text(t('schedule.resume.unknown', { ref })));
  if (!person.person.pausedUntil || person.person.pausedUntil <= now) return reply(text(t('schedule.resume.not_paused', { name: person.person.name })));
  await endLeave(deps, { person: person.person, actorId: actor.person.id });
  return reply(text(t('schedule.resume.person', { name: person.person.name })));
}

function projectNotFound(ctx: PersonContext, ref: string, kind: 'ambiguous' | 'unknown', candidates: Project[]): OutboundMessage {
  const { t } = ctx;
  const blocks: Block[] = [{ kind: 'text', lines: [[t(kind === 'ambiguous' ? 'schedule.project.ambiguous' : 'schedule.project.unknown', { ref })]] }];
  if (kind === 'ambiguous' && candidates.length) blocks.push({ kind: 'list', items: candidates.slice(0, 15).map((p) => [t('schedule.item.project', { code: p.code, name: p.name })]) });
  blocks.push({ kind: 'text', lines: [[t('schedule.pause.usage')]] });
  return message(blocks);
}
