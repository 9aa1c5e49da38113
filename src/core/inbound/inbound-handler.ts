// The door every adapter uses: record an event (dropping duplicates) before acknowledging it,
// then process it. A handler error never escapes: the sender is told their message was kept.
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import { message } from '../messages/outbound.ts';
import type { Incoming } from '../platform.ts';
import { handleIncoming, type Reply, type RouterOptions } from '../router.ts';

export interface InboundHandler {
  /** Stores the event. False when the same platform event id was stored before (a re-delivery). */
  record(incoming: Incoming, rawPayload?: unknown): Promise<boolean>;
  /** Processes an event and returns the replies. Never throws. */
  process(incoming: Incoming): Promise<Reply[]>;
  /** record + process; a duplicate returns no replies. */
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

  async function mark(incoming: Incoming, status: 'processed' | 'failed', error = ''): Promise<void> {
    if (!incoming.eventId) return;
    await db.inboundEvent
      .update({ where: { platform_eventId: { platform: incoming.platform, eventId: incoming.eventId } }, data: { status, error, processedAt: deps.now() } })
      .catch((e: unknown) => log.error('could not mark inbound event', { eventId: incoming.eventId, error: String(e) }));
  }

  async function process(incoming: Incoming): Promise<Reply[]> {
    try {
      const replies = await handleIncoming(deps, incoming, options);
      await mark(incoming, 'processed');
      return replies;
    } catch (error) {
      log.error('handler failed', { platform: incoming.platform, eventId: incoming.eventId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      await mark(incoming, 'failed', error instanceof Error ? error.message : String(error));
      const t = translator(incoming.sender.languageHint ?? deps.defaults.locale);
      return [{ message: message([{ kind: 'text', lines: [[t('common.error.internal')]] }]) }];
    }
  }

  return {
    record,
    process,
    async handle(incoming) {
      return (await record(incoming)) ? process(incoming) : [];
    },
    async unfinished(platform, limit = 100) {
      const rows = await db.inboundEvent.findMany({ where: { platform, status: 'received' }, orderBy: { receivedAt: 'asc' }, take: limit });
      return rows.map((r) => reviveIncoming(r.payload));
    },
  };
}
