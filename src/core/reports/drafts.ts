// A draft holds a message that waits for the sender's 确认 / confirm; nothing is stored before.
import type { Org, Person } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import type { IncomingFile } from '../platform.ts';
import { readOrgSettings } from '../settings.ts';

export interface DraftPayload {
  text: string;
  projectCode?: string;
  /**
   * Site photos sent with the report (the platform's file references, fetched only once the report
   * is confirmed and stored): attached to it on 确认, dropped with the draft on 取消 or expiry.
   */
  photos?: IncomingFile[];
  /** The album the report came in (Incoming.albumId): the album's later photos join `photos`. */
  albumId?: string;
}

export interface DraftKey {
  person: Person;
  platform: string;
  chatId: string;
}

/** Keeps one draft per person and chat; a newer one replaces it. */
export async function saveDraft(deps: CoreDeps, input: DraftKey & { org: Org; kind: string; payload: DraftPayload }): Promise<void> {
  const hours = readOrgSettings(input.org.settings).draftHours;
  const expiresAt = new Date(deps.now().getTime() + hours * 3_600_000);
  const where = { personId_platform_chatId: { personId: input.person.id, platform: input.platform, chatId: input.chatId } };
  const data = { kind: input.kind, payload: JSON.stringify(input.payload), expiresAt, createdAt: deps.now() };
  await deps.db.draft.upsert({ where, create: { ...data, orgId: input.org.id, personId: input.person.id, platform: input.platform, chatId: input.chatId }, update: data });
}

/** The sender's pending draft in this chat, if it has not expired. */
export async function takeDraft(deps: CoreDeps, key: DraftKey): Promise<{ kind: string; payload: DraftPayload } | null> {
  const draft = await deps.db.draft.findUnique({ where: { personId_platform_chatId: { personId: key.person.id, platform: key.platform, chatId: key.chatId } } });
  if (!draft || draft.expiresAt.getTime() < deps.now().getTime()) return null;
  return { kind: draft.kind, payload: JSON.parse(draft.payload) as DraftPayload };
}

export async function dropDraft(deps: CoreDeps, key: DraftKey): Promise<boolean> {
  const { count } = await deps.db.draft.deleteMany({ where: { personId: key.person.id, platform: key.platform, chatId: key.chatId } });
  return count > 0;
}

/**
 * Adds site photos to the sender's pending report draft in this chat (and notes the album they came
 * in), so that 确认 attaches them. False when there is no such draft.
 */
export async function addDraftPhotos(deps: CoreDeps, key: DraftKey, photos: readonly IncomingFile[], albumId?: string): Promise<boolean> {
  const where = { personId_platform_chatId: { personId: key.person.id, platform: key.platform, chatId: key.chatId } };
  const draft = await deps.db.draft.findUnique({ where });
  if (!draft || draft.kind !== 'report' || draft.expiresAt.getTime() < deps.now().getTime()) return false;
  const payload = JSON.parse(draft.payload) as DraftPayload;
  const known = new Set((payload.photos ?? []).map((photo) => photo.ref));
  const next: DraftPayload = { ...payload, photos: [...(payload.photos ?? []), ...photos.filter((photo) => !known.has(photo.ref))], ...(albumId ? { albumId } : {}) };
  await deps.db.draft.update({ where, data: { payload: JSON.stringify(next) } });
  return true;
}
