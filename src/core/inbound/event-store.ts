// The stored inbound events: every platform event is written before the platform is told it
// arrived, and stays 'received' until the transaction that queues its replies marks it processed.
// A handler error that will not go away marks it 'failed' (listed and retried from the CLI).
import type { Db } from '../../db/client.ts';
import { filingStoreOf } from '../../db/filing-store/filing-store.ts';
import type { Incoming } from '../platform.ts';

/** A stored event's state. */
export type InboundStatus = 'received' | 'processed' | 'failed';

/** A failed event as the CLI lists it. */
export interface FailedEvent {
  id: string;
  platform: string;
  eventId: string;
  receivedAt: Date;
  processedAt: Date | null;
  error: string;
  incoming: Incoming;
}

/** Rebuilds an Incoming from its stored JSON. */
export function reviveIncoming(json: string): Incoming {
  const parsed = JSON.parse(json) as Incoming & { receivedAt: string };
  return { ...parsed, receivedAt: new Date(parsed.receivedAt) };
}

/** Stores the event. False when the same platform event id was stored before (a re-delivery). */
export async function recordEvent(db: Db, incoming: Incoming): Promise<boolean> {
  if (!incoming.eventId) return true;
  return filingStoreOf(db).recordEvent({ platform: incoming.platform, eventId: incoming.eventId, payload: JSON.stringify(incoming), receivedAt: incoming.receivedAt });
}

/** Marks an event failed with the error, so it is not processed again until someone retries it. */
export async function markEventFailed(db: Db, incoming: Incoming, error: string, now: Date): Promise<void> {
  if (!incoming.eventId) return;
  await db.inboundEvent.updateMany({ where: { platform: incoming.platform, eventId: incoming.eventId, status: 'received' }, data: { status: 'failed', error: error.slice(0, 2000), processedAt: now } });
}

/** Events recorded but not processed, oldest first; `before` leaves out events younger than it. */
export async function unfinishedEvents(db: Db, platform: string, options: { limit?: number; before?: Date } = {}): Promise<Incoming[]> {
  const rows = await db.inboundEvent.findMany({
    where: { platform, status: 'received', ...(options.before ? { receivedAt: { lt: options.before } } : {}) },
    orderBy: { receivedAt: 'asc' },
    take: options.limit ?? 100,
  });
  return rows.map((r) => reviveIncoming(r.payload));
}

/** Failed events, newest first. */
export async function failedEvents(db: Db, limit = 100): Promise<FailedEvent[]> {
  const rows = await db.inboundEvent.findMany({ where: { status: 'failed' }, orderBy: { receivedAt: 'desc' }, take: limit });
  return rows.map((r) => ({ id: r.id, platform: r.platform, eventId: r.eventId, receivedAt: r.receivedAt, processedAt: r.processedAt, error: r.error, incoming: reviveIncoming(r.payload) }));
}

/** Puts failed events back to 'received' (all, or those with the given row ids); the bot processes them again. Returns how many. */
export async function retryFailedEvents(db: Db, ids: 'all' | string[]): Promise<number> {
  const { count } = await db.inboundEvent.updateMany({ where: { status: 'failed', ...(ids === 'all' ? {} : { id: { in: ids } }) }, data: { status: 'received', error: '', processedAt: null } });
  return count;
}
