// An album (Telegram's media group) is one unit: the platform sends it as one message per photo, all
// with the same album id, and the chat's messages are handled in order. The first message of an album
// to be answered (a caption report's receipt, its needs-confirm prompt, or the answer to a photo)
// is queued under the album's outbox key; the album's later photos find that answer by its key and
// follow it (the report it attached photos to, or the draft waiting for 确认) without a reply of their own.
import type { Reply } from '../commands/context.ts';
import type { CoreDeps } from '../context.ts';
import type { Incoming } from '../platform.ts';

/**
 * The outbox key of an album's one answer; undefined for a message outside an album. Shaped like an
 * event's reply keys ("reply:<platform>:…") and sorting after Telegram's numeric event keys, so a
 * notice queued before it in the same event stays before it.
 */
export function albumReplyKey(incoming: Incoming): string | undefined {
  return incoming.albumId ? `reply:${incoming.platform}:album:${incoming.chat.id}:${incoming.albumId}` : undefined;
}

/** How an album was answered: `reportId` when its photos went to a stored report. */
export interface AlbumAnswer {
  reportId?: string;
}

/** The answer already queued for the message's album, or null when the album has none yet (or the message is in none). */
export async function albumAnswer(deps: CoreDeps, incoming: Incoming): Promise<AlbumAnswer | null> {
  const key = albumReplyKey(incoming);
  if (!key) return null;
  const row = await deps.db.outbox.findUnique({ where: { key }, select: { message: true } });
  if (!row) return null;
  const photosFor = (JSON.parse(row.message) as { photosFor?: string }).photosFor;
  return photosFor ? { reportId: photosFor } : {};
}

/** `replies` with the first one for the message's own chat keyed by its album (no change outside an album). */
export function withAlbumKey(incoming: Incoming, replies: Reply[]): Reply[] {
  const key = albumReplyKey(incoming);
  const index = replies.findIndex((r) => !r.to && !r.key);
  if (!key || index < 0) return replies;
  return replies.map((r, i) => (i === index ? { ...r, key } : r));
}

/**
 * `replies` keyed by the message's album when the album has no answer yet (the album's first
 * message to be answered); unchanged otherwise, so an answer to a later message is never lost to the key.
 */
export async function keyedByAlbum(deps: CoreDeps, incoming: Incoming, replies: Reply[]): Promise<Reply[]> {
  if (!incoming.albumId || (await albumAnswer(deps, incoming))) return replies;
  return withAlbumKey(incoming, replies);
}
