// Writes messages to the outbox. The key makes it idempotent: a message with a key already queued
// (by this run, an earlier one, or another instance) is not queued again.
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

/** Queues messages; returns how many were new. Safe inside a transaction on both providers. */
export async function enqueueMessages(db: Db | Tx, items: OutboxItem[], now: Date): Promise<number> {
  let added = 0;
  for (const item of items) {
    const existing = await db.outbox.findUnique({ where: { key: item.key }, select: { id: true } });
    if (existing) continue;
    // Upsert becomes INSERT … ON CONFLICT on PostgreSQL, so a concurrent insert never aborts the transaction.
    await db.outbox.upsert({
      where: { key: item.key },
      create: {
        key: item.key,
        orgId: item.orgId ?? null,
        platform: item.to.platform,
        platformChatId: item.to.chatId,
        message: JSON.stringify(item.message),
        nextAttemptAt: item.notBefore ?? now,
        createdAt: now,
        ...(item.claim ? { lockedBy: item.claim.by, lockedUntil: item.claim.until } : {}),
      },
      update: {},
    });
    added += 1;
  }
  return added;
}
