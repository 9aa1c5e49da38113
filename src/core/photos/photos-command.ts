// /photos <project> [week] (照片): a project's site photos, sent privately to its leader or a
// coordinator, one message each with its week and taken time. The project's owner sees them in the
// receipts; nobody else may ask. Without a week: the latest week that has photos.
import type { PersonContext, Reply } from '../commands/context.ts';
import { reply } from '../commands/context.ts';
import { message, type OutboundMessage } from '../messages/outbound.ts';
import type { Destination } from '../platform.ts';
import { findProjectForReport } from '../projects/find-project.ts';
import { formatWeek, localDateTime, parseWeekId, resolveWeek, type WeekRef } from '../rules/period.ts';
import { weekLabel } from '../views/format.ts';

/** The most photos one /photos sends. */
export const MAX_PHOTOS_SENT = 30;

const text = (value: string): OutboundMessage => message([{ kind: 'text', lines: [[value]] }]);

/** "2026-W47", "47", "第47周", "本周", "上周" → a week reference; null when it is none of these. */
function weekRefOf(word: string): WeekRef | null {
  const iso = parseWeekId(word.toUpperCase());
  if (iso) return { kind: 'iso', ...iso };
  if (/^(本周|this)$/i.test(word)) return { kind: 'this' };
  if (/^(上周|last)$/i.test(word)) return { kind: 'last' };
  const number = /^第?\s*(\d{1,2})\s*周?$/.exec(word);
  return number ? { kind: 'number', week: Number(number[1]) } : null;
}

export async function photosCommand(ctx: PersonContext): Promise<Reply[]> {
  const { deps, actor, t, incoming } = ctx;
  const words = ctx.args.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return reply(text(t('photos.command.usage')));
  // The last word is the week when it reads as one; the rest names the project.
  const lastRef = words.length > 1 ? weekRefOf(words.at(-1)!) : null;
  const projectRef = (lastRef ? words.slice(0, -1) : words).join(' ');
  const found = await findProjectForReport(deps.db, actor.person, projectRef);
  if (found.kind !== 'found') {
    const lines = [[t(found.kind === 'ambiguous' ? 'report.project.ambiguous' : 'report.project.unknown', { ref: projectRef })]];
    return reply(message([{ kind: 'text', lines }, { kind: 'list', items: found.candidates.slice(0, 15).map((p) => [t('report.project.candidate', { code: p.code, name: p.name })]) }]));
  }
  const project = found.project;
  // Its leader and the coordinators; the role check of the table let in leaders of other projects too.
  if (project.orgId !== actor.person.orgId || !(actor.person.isCoordinator || project.leaderId === actor.person.id)) {
    return reply(text(t('photos.command.not_visible', { project: project.name })));
  }

  let period: string | undefined;
  if (lastRef) {
    const week = resolveWeek(lastRef, deps.now(), actor.org.timeZone);
    if (!week.ok) return reply(text(t('photos.command.bad_week', { week: words.at(-1)! })));
    period = formatWeek(week.week);
  } else {
    const latest = await deps.db.reportPhoto.findFirst({ where: { projectId: project.id }, orderBy: { period: 'desc' }, select: { period: true } });
    period = latest?.period;
  }
  const week = period ? parseWeekId(period) : null;
  const weekText = week ? weekLabel(t, week) : (period ?? '');
  const photos = period ? await deps.db.reportPhoto.findMany({ where: { projectId: project.id, period }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: MAX_PHOTOS_SENT }) : [];
  if (photos.length === 0) return reply(text(t('photos.command.none', { project: project.name, week: weekText })));

  const to: Destination | undefined =
    incoming.chat.kind === 'private' ? undefined : incoming.platform === 'sandbox' ? { platform: 'sandbox', chatId: actor.person.name } : { platform: incoming.platform, chatId: incoming.sender.id };
  const messages: Reply[] = [{ message: text(t('photos.command.heading', { project: `${project.code} ${project.name}`, week: weekText, count: photos.length })) }];
  photos.forEach((photo, index) => {
    const file = deps.ports.files.find(photo.fileKey);
    if (!file) return;
    const taken = photo.takenAt ? t('photos.command.taken', { time: localDateTime(photo.takenAt, actor.org.timeZone) }) : '';
    const caption = t('photos.command.caption', { project: project.name, week: weekText, index: index + 1, count: photos.length, taken });
    messages.push({ message: message([], { attachment: { kind: 'image', fileName: file.name, path: file.path, caption }, summary: caption }) });
  });
  const key = (n: number) => `photos:${incoming.platform}:${incoming.eventId ?? incoming.messageId ?? incoming.receivedAt.getTime()}:${n}`;
  if (!to) return messages;
  return [...messages.map((m, n) => ({ ...m, to, key: key(n) })), { message: text(t('photos.command.sent', { project: project.name, week: weekText, count: photos.length })) }];
}
