// A message that is only site photos (no caption): attached to the report it follows. That report
// is the one whose receipt the photos reply to (sent at most 30 minutes before), or else the
// sender's latest report filed on this platform in the last 30 minutes. Only someone who may report
// for the project (its owner, a coordinator) attaches; anything else gets a short hint. An album's
// photos are answered once (album.ts): its later photos follow the album's first answer silently.
import type { CoreDeps } from '../context.ts';
import type { Reply } from '../commands/context.ts';
import { reply } from '../commands/context.ts';
import { translator, type Translate } from '../messages/catalog/index.ts';
import { message } from '../messages/outbound.ts';
import type { Person } from '../model.ts';
import { resolveActor } from '../people/resolve-actor.ts';
import type { FetchFile, Incoming } from '../platform.ts';
import { parseWeekId } from '../rules/period.ts';
import { reportRight } from '../rules/permissions.ts';
import { weekLabel } from '../views/format.ts';
import { addDraftPhotos, takeDraft } from '../reports/drafts.ts';
import { albumAnswer, withAlbumKey, type AlbumAnswer } from './album.ts';
import { attachPhotos, type AttachResult, type PhotoTarget } from './attach-photos.ts';
import type { PhotoRefusal } from './store-photo.ts';

/** How long after a report (or its receipt) photos still attach to it. */
export const PHOTO_WINDOW_MS = 30 * 60_000;

/** A message with photos and nothing else to read. */
export function isPhotoOnly(incoming: Incoming): boolean {
  return !!incoming.photos?.length && !incoming.text.trim() && !incoming.action && !incoming.form;
}

const say = (t: Translate, text: string): Reply[] => reply(message([{ kind: 'text', lines: [[text]] }]));

/** Attaches a photo-only message's photos to the report it follows, or says how to attach them. */
export async function photoMessage(deps: CoreDeps, incoming: Incoming, fetchFile: FetchFile): Promise<Reply[]> {
  const album = await albumAnswer(deps, incoming);
  if (album) return albumPhoto(deps, incoming, fetchFile, album);
  // The first message of an album to be answered: its answer is the album's (keyed by it).
  return withAlbumKey(incoming, await firstPhotoMessage(deps, incoming, fetchFile));
}

async function firstPhotoMessage(deps: CoreDeps, incoming: Incoming, fetchFile: FetchFile): Promise<Reply[]> {
  // In a group, only photos answering the bot are the bot's business.
  if (incoming.chat.kind === 'group' && !incoming.addressed) return [];
  const actor = await resolveActor(deps, incoming);
  const t = translator(actor.locale);
  if (!actor.person || !actor.org) return incoming.chat.kind === 'group' ? [] : say(t, t('common.error.unbound'));
  const found = await targetOf(deps, incoming, actor.person);
  if (found.kind === 'expired') return say(t, t('photos.hint.expired'));
  if (found.kind === 'none') return say(t, t('photos.hint.no_report'));
  const { target, project } = found;
  if (reportRight(actor.person, project) === 'none') return say(t, t('photos.refused.not_owner', { project: project.name }));
  const result = await attachPhotos(deps, { target, photos: incoming.photos ?? [], fetchFile, byPersonId: actor.person.id, timeZone: actor.org.timeZone });
  const text = attachedText(t, { project: project.name, period: target.period }, result, { album: !!incoming.albumId });
  // In an album, the answer names the report, so the album's later photos go to the same one.
  return reply(message([{ kind: 'text', lines: [[text]] }], incoming.albumId ? { photosFor: target.reportId } : {}));
}

/**
 * A later photo of an album already answered: it follows the album's photos (to the report they went
 * to, or into the draft waiting for 确认), with no answer of its own unless a photo was refused.
 */
async function albumPhoto(deps: CoreDeps, incoming: Incoming, fetchFile: FetchFile, album: AlbumAnswer): Promise<Reply[]> {
  const actor = await resolveActor(deps, incoming);
  if (!actor.person || !actor.org) return [];
  const photos = incoming.photos ?? [];
  if (!album.reportId) {
    // The album's report waits for 确认: its photos wait with it. Otherwise (the report was not
    // stored, or the photos followed no report) the album's answer has said what became of them.
    const key = { person: actor.person, platform: incoming.platform, chatId: incoming.chat.id };
    const draft = await takeDraft(deps, key);
    if (draft?.kind === 'report' && draft.payload.albumId === incoming.albumId) await addDraftPhotos(deps, key, photos);
    return [];
  }
  const report = await deps.db.report.findUnique({ where: { id: album.reportId }, include: { project: true } });
  if (!report || report.orgId !== actor.person.orgId || reportRight(actor.person, report.project) === 'none') return [];
  const target = { reportId: report.id, orgId: report.orgId, projectId: report.projectId, period: report.period };
  const result = await attachPhotos(deps, { target, photos, fetchFile, byPersonId: actor.person.id, timeZone: actor.org.timeZone });
  const t = translator(actor.locale);
  return result.refused.length ? say(t, refusalLines(t, result.refused).join('\n')) : [];
}

/** "已附现场照片 2 张（第47周共 3 张）", with what was refused; for an album, that its other photos follow. */
export function attachedText(t: Translate, report: { project: string; period: string }, result: AttachResult, options: { album?: boolean } = {}): string {
  const week = parseWeekId(report.period);
  const lines: string[] = [];
  if (result.added > 0) lines.push(t(options.album ? 'photos.attached.album' : 'photos.attached', { count: result.added, project: report.project, week: week ? weekLabel(t, week) : report.period, total: result.total }));
  else if (result.refused.length === 0) lines.push(t('photos.already', { total: result.total }));
  lines.push(...refusalLines(t, result.refused));
  return lines.join('\n');
}

/** One line per reason photos were not kept: "1 张照片超过 10 MB，没有保存…". */
export function refusalLines(t: Translate, refused: readonly PhotoRefusal[]): string[] {
  return [...new Set(refused)].map((reason) => t(`photos.refused.${reason}`, { count: refused.filter((r) => r === reason).length }));
}

type Found = { kind: 'found'; target: PhotoTarget; project: { name: string; orgId: string; ownerId: string | null; leaderId: string | null } } | { kind: 'expired' } | { kind: 'none' };

async function targetOf(deps: CoreDeps, incoming: Incoming, person: Person): Promise<Found> {
  const since = new Date(deps.now().getTime() - PHOTO_WINDOW_MS);
  let reportId: string | undefined;
  if (incoming.replyToMessageId) {
    const sent = await deps.db.outbox.findFirst({
      where: { platform: incoming.platform, platformChatId: incoming.chat.id, platformMessageId: incoming.replyToMessageId },
      select: { message: true, createdAt: true },
    });
    const photosFor = sent ? (JSON.parse(sent.message) as { photosFor?: string }).photosFor : undefined;
    if (sent && photosFor) {
      if (sent.createdAt < since) return { kind: 'expired' };
      reportId = photosFor;
    }
  }
  if (!reportId) {
    const latest = await deps.db.reportRevision.findFirst({
      where: { authorId: person.id, platform: incoming.platform, filedAt: { gte: since } },
      orderBy: { filedAt: 'desc' },
      select: { reportId: true },
    });
    reportId = latest?.reportId;
  }
  if (!reportId) return { kind: 'none' };
  const report = await deps.db.report.findUnique({ where: { id: reportId }, include: { project: true } });
  if (!report || report.orgId !== person.orgId) return { kind: 'none' };
  return { kind: 'found', target: { reportId: report.id, orgId: report.orgId, projectId: report.projectId, period: report.period }, project: report.project };
}
