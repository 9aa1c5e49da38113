// Writes messages to the outbox. The key makes it idempotent: a message with a key already queued
// (by this run, an earlier one, or another instance) is not queued again.
import { findInChunks } from '../../db/chunked.ts';
import type { Db, Tx } from '../../db/client.ts';
import type { OutboundMessage } from '../messages/outbound.ts';
import type { Destination } from '../platform.ts';

export interface OutboxItem {
  key: string;
  orgId?: string | null;
  to: Destination;
  message: OutboundMessage;
  /** Not before this instant (default: now). */
  notBefore?: Date;
  /** Claimed on creation by this outbox instance (a reply it sends at once), until this instant. */
  claim?: { by: string; until: Date };
}

/** Up to this many new messages are inserted one by one, each safe against a concurrent insert. */
const ONE_BY_ONE = 20;
/** Rows per multi-row insert: about ten parameters each, under SQLite's 999. */
const ROWS_PER_INSERT = 90;

/**
 * Queues messages; returns how many were new. Safe inside a transaction on both providers.
 *
 * A few messages (an event's replies) are upserted one by one: on PostgreSQL an upsert is INSERT …
 * ON CONFLICT, so an instance queuing the same key at the same moment never aborts the transaction.
 * A large batch (a scheduled job's fan-out, queued only by the instance that claimed the job run)
 * is inserted many rows at a time: a thousand reminders take a few statements, not two thousand.
 */
export async function enqueueMessages(db: Db | Tx, items: OutboxItem[], now: Date): Promise<number> {
  const existing = new Set((await findInChunks([...new Set(items.map((i) => i.key))], (keys) => db.outbox.findMany({ where: { key: { in: keys } }, select: { key: true } }))).map((r) => r.key));
  const fresh = new Map<string, OutboxItem>();
  for (const item of items) if (!existing.has(item.key) && !fresh.has(item.key)) fresh.set(item.key, item);
  const rows = [...fresh.values()].map((item) => ({
    key: item.key,
    orgId: item.orgId ?? null,
    platform: item.to.platform,
    platformChatId: item.to.chatId,
    message: JSON.stringify(item.message),
    nextAttemptAt: item.notBefore ?? now,
    createdAt: now,
    ...(item.claim ? { lockedBy: item.claim.by, lockedUntil: item.claim.until } : {}),
  }));
  if (rows.length <= ONE_BY_ONE) {
    for (const row of rows) await db.outbox.upsert({ where: { key: row.key }, create: row, update: {} });
  } else {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) await db.outbox.createMany({ data: rows.slice(start, start + ROWS_PER_INSERT) });
  }
  return rows.length;
}
