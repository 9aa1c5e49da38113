// What is paused now: projects (停工) and people on leave (请假), as a message.
import type { PersonContext } from '../../commands/context.ts';
import { message, type Block, type OutboundMessage } from '../../messages/outbound.ts';
import { untilText } from '../schedule-views.ts';
import { projectPausedAt } from './pause-project.ts';

/** What is paused now: projects (停工) and people on leave (请假). */
export async function pausedListView(ctx: PersonContext): Promise<OutboundMessage> {
  const { t, actor, deps } = ctx;
  const now = deps.now();
  const zone = actor.org.timeZone;
  const [projects, people] = await Promise.all([
    deps.db.project.findMany({ where: { orgId: actor.org.id, OR: [{ status: 'paused' }, { pausedUntil: { gt: now } }] }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] }),
    deps.db.person.findMany({ where: { orgId: actor.org.id, pausedUntil: { gt: now } }, orderBy: { name: 'asc' } }),
  ]);
  const paused = projects.filter((p) => projectPausedAt(p, now));
  if (paused.length === 0 && people.length === 0) return message([{ kind: 'text', lines: [[t('schedule.pause.list_none')], [t('schedule.pause.usage')]] }]);
  const blocks: Block[] = [{ kind: 'heading', text: t('schedule.pause.list_title') }];
  if (paused.length) blocks.push({ kind: 'list', items: paused.map((p) => [t('schedule.pause.list_project', { code: p.code, name: p.name, until: untilText(t, p.pausedUntil, zone) })]) });
  if (people.length) blocks.push({ kind: 'list', items: people.map((p) => [t('schedule.pause.list_person', { name: p.name, until: untilText(t, p.pausedUntil, zone) })]) });
  blocks.push({ kind: 'text', lines: [[t('schedule.resume.usage')]] });
  return message(blocks);
}
