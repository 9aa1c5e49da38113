// Delivers the router's replies. All of an event's replies are queued in the outbox, with the
// reports they confirm, in the transaction that marks the event processed, so a crash anywhere
// loses none and a restart queues none twice (the keys are the event's). Replies to the event's own chat are claimed by this
// instance as they are queued and sent at once (quick answers), quoting the message they answer
// when asked; the rest, and any direct send that fails, go out through the outbox loop.
import type { CoreDeps } from '../core/context.ts';
import type { DeliverReplies } from '../core/inbound/pipeline.ts';
import { filingStoreOf, newRowId } from '../db/filing-store/filing-store.ts';
import type { ChatPlatform, Incoming } from '../core/platform.ts';
import type { OutboxRow, OutboxWorker } from '../delivery/outbox-worker.ts';
import { countFiled } from './telemetry.ts';

/** How long a direct send may take before the outbox loop may take the reply over. */
const DIRECT_CLAIM_MS = 60_000;

/** The key of an event's reply: the same on every run, so a reply is queued once. Keys sort in reply order. */
export function replyKey(incoming: Incoming, index: number): string {
  const eventKey = incoming.eventId ?? `${incoming.chat.id}:${incoming.messageId ?? incoming.receivedAt.getTime()}`;
  return `reply:${incoming.platform}:${eventKey}:${String(index).padStart(2, '0')}`;
}

/** A view of the platform whose sends to `chatId` quote the message `replyTo`. */
function quoting(platform: ChatPlatform, chatId: string, replyTo: string | undefined): ChatPlatform {
  if (!replyTo) return platform;
  return {
    name: platform.name,
    send: (to, message, options) => platform.send(to, message, { ...options, ...(to === chatId ? { replyTo } : {}) }),
    ...(platform.sendDelayMs ? { sendDelayMs: (to: string) => platform.sendDelayMs?.(to) ?? 0 } : {}),
    start: () => platform.start(),
    stop: () => platform.stop(),
  };
}

export interface ReplyDeliveryOptions {
  /** Wraps the platform of direct sends (the app's send metrics). */
  meter?: (platform: ChatPlatform) => ChatPlatform;
}

export function createReplyDelivery(deps: CoreDeps, outbox: OutboxWorker, deliveryOptions: ReplyDeliveryOptions = {}): DeliverReplies {
  const meter = deliveryOptions.meter ?? ((platform: ChatPlatform) => platform);
  const store = filingStoreOf(deps.db);
  return async (platform, incoming, replies, options = {}) => {
    const now = deps.now();
    const claimedUntil = new Date(now.getTime() + DIRECT_CLAIM_MS);
    const rows: (OutboxRow & { direct: boolean })[] = replies.map((reply, index) => {
      const to = reply.to ?? { platform: incoming.platform, chatId: incoming.chat.id };
      const direct = to.platform === platform.name && to.chatId === incoming.chat.id;
      // The same key on the direct path and the outbox path: a platform that de-duplicates (Lark's
      // uuid) never shows a reply twice.
      // Receipts merge only in a busy group; in a private chat each goes out whole.
      const mergeable = direct && incoming.chat.kind === 'group';
      const { merge: _merge, ...whole } = reply.message;
      return {
        id: newRowId(),
        orgId: null,
        key: reply.key ?? replyKey(incoming, index),
        platform: to.platform,
        platformChatId: to.chatId,
        message: JSON.stringify(mergeable ? reply.message : whole),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lockedBy: direct ? outbox.instanceId : null,
        lockedUntil: direct ? claimedUntil : null,
        lastError: '',
        platformMessageId: '',
        createdAt: now,
        sentAt: null,
        direct,
      };
    });
    // One transaction: the reports the replies confirm, the replies, and the event marked processed.
    const filings = replies.flatMap((reply) => (reply.filing ? [reply.filing] : []));
    const processed = incoming.eventId ? { platform: incoming.platform, eventId: incoming.eventId, at: now } : null;
    const queued = await store.commitEvent({ filings, outbox: rows, processed });
    // Counted once the replies are committed (a retried event is counted once): a report and its receipt (回执).
    for (const reply of replies) countFiled(deps.telemetry, incoming.platform, reply.filed ?? null);
    // A key queued before (by an earlier run) is not this run's to send: the loop has it.
    const direct = rows.filter((row) => row.direct && queued.has(row.key)).map(({ direct: _direct, ...row }) => row);
    if (direct.length) await outbox.sendQueued(direct, quoting(meter(platform), incoming.chat.id, options.replyTo), { chatBusy: options.chatBusy ?? false });
    if (direct.length < rows.length) outbox.poke();
  };
}
