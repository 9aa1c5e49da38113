// The door every adapter uses: record an event (dropping duplicates) before acknowledging it,
// then process it. A handler error never escapes: the sender is told their message was kept.
//
// An event is marked processed in the same transaction that queues its replies (the adapter's
// DeliverReplies does both), so a process that dies in between processes it again at restart and
// queues the replies once; the use cases recognise a message they already stored.
import type { Db, Tx } from '../../db/client.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import { message } from '../messages/outbound.ts';
import type { ChatPlatform, Incoming } from '../platform.ts';
import { handleIncoming, type Reply, type RouterOptions } from '../router.ts';

export interface InboundHandler {
  /** Stores the event. False when the same platform event id was stored before (a re-delivery). */
  record(incoming: Incoming, rawPayload?: unknown): Promise<boolean>;
  /**
   * Processes an event and returns the replies. Never throws. The event stays unfinished until
   * markProcessed, which the delivery of its replies calls in the transaction that queues them.
   */
  process(incoming: Incoming): Promise<Reply[]>;
  /** Marks a processed event finished (inside the caller's transaction). */
  markProcessed(db: Db | Tx, incoming: Incoming): Promise<void>;
  /** record + process + markProcessed, for a caller that shows the replies itself (the sandbox); a duplicate returns no replies. */
  handle(incoming: Incoming, rawPayload?: unknown): Promise<Reply[]>;
  /** Events recorded but not processed (the process stopped in between), oldest first. */
  unfinished(platform: string, limit?: number): Promise<Incoming[]>;
}

function isUnique(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

function reviveIncoming(json: string): Incoming {
  const parsed = JSON.parse(json) as Incoming & { receivedAt: string };
  return { ...parsed, receivedAt: new Date(parsed.receivedAt) };
}

/**
 * What an adapter does with an event's replies: queue them and mark the event processed in one
 * transaction, then send those for the event's own chat at once through `platform` (a view of the
 * platform that may quote the message answered). Replies are sent in order, each exactly once.
 */
export type DeliverReplies = (platform: ChatPlatform, incoming: Incoming, replies: Reply[]) => Promise<void>;

export function createInboundHandler(deps: CoreDeps, options: RouterOptions = {}): InboundHandler {
  const { db, log } = deps;

  async function record(incoming: Incoming): Promise<boolean> {
    if (!incoming.eventId) return true;
    try {
      await db.inboundEvent.create({ data: { platform: incoming.platform, eventId: incoming.eventId, payload: JSON.stringify(incoming), receivedAt: incoming.receivedAt } });
      return true;
    } catch (error) {
      if (isUnique(error)) {
        log.info('duplicate event dropped', { platform: incoming.platform, eventId: incoming.eventId });
        return false;
      }
      throw error;
    }
  }

  async function markFailed(incoming: Incoming, error: string): Promise<void> {
    if (!incoming.eventId) return;
    await db.inboundEvent
      .updateMany({ where: { platform: incoming.platform, eventId: incoming.eventId, status: 'received' }, data: { status: 'failed', error, processedAt: deps.now() } })
      .catch((e: unknown) => log.error('could not mark inbound event', { eventId: incoming.eventId, error: String(e) }));
  }

  async function markProcessed(store: Db | Tx, incoming: Incoming): Promise<void> {
    if (!incoming.eventId) return;
    await store.inboundEvent.updateMany({ where: { platform: incoming.platform, eventId: incoming.eventId, status: 'received' }, data: { status: 'processed', processedAt: deps.now() } });
  }

  async function process(incoming: Incoming): Promise<Reply[]> {
    try {
      return await handleIncoming(deps, incoming, options);
    } catch (error) {
      log.error('handler failed', { platform: incoming.platform, eventId: incoming.eventId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      await markFailed(incoming, error instanceof Error ? error.message : String(error));
      const t = translator(incoming.sender.languageHint ?? deps.defaults.locale);
      return [{ message: message([{ kind: 'text', lines: [[t('common.error.internal')]] }]) }];
    }
  }

  return {
    record,
    process,
    markProcessed,
    async handle(incoming) {
      if (!(await record(incoming))) return [];
      const replies = await process(incoming);
      await markProcessed(db, incoming);
      return replies;
    },
    async unfinished(platform, limit = 100) {
      const rows = await db.inboundEvent.findMany({ where: { platform, status: 'received' }, orderBy: { receivedAt: 'asc' }, take: limit });
      return rows.map((r) => reviveIncoming(r.payload));
    },
  };
}
