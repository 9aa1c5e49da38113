// The one path every platform event takes, whatever the platform and however it arrives (long
// polling, a webhook, a long connection, the sandbox's terminal):
//
//   accept   record the event before the platform is told it arrived; a re-delivery stops here
//   process  route it, then queue its replies in the transaction that marks it processed and send
//            those for its own chat at once (DeliverReplies); a transient failure is retried with
//            backoff and, if it persists, left 'received' for the sweep; any other failure marks it
//            'failed', tells the sender their message was kept, and tells the coordinators
//   resume   after a restart, and every minute, process what was recorded and never finished
//
// An adapter supplies only what is platform-specific (see src/adapters/README.md): decoding, the
// platform that sends, fetching an attached file, and (optionally) enriching the sender.
import { isTransientDbError } from '../../db/errors.ts';
import { createBackgroundTasks, RecentSet } from '../../lib/background-tasks.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import { message } from '../messages/outbound.ts';
import type { ChatPlatform, FetchFile, Incoming } from '../platform.ts';
import type { Reply } from '../commands/context.ts';
import { handleIncoming } from '../router.ts';
import { parseChatCommand } from '../commands/command-table.ts';
import { markEventFailed, recordEvent, unfinishedEvents } from './event-store.ts';
import { createChatQueue } from './chat-queue.ts';
import { failureNotices } from './failure-notices.ts';
import { cleanText } from '../rules/clean-text.ts';

/**
 * Queues an event's replies and marks the event processed in one transaction, then sends those for
 * the event's own chat through `platform` (quoting `replyTo` there when given). app/deliver-replies.ts.
 */
export type DeliverReplies = (platform: ChatPlatform, incoming: Incoming, replies: Reply[], options?: { replyTo?: string; chatBusy?: boolean }) => Promise<void>;

/** What a platform adapter gives the pipeline. */
export interface PipelineAdapter {
  /** The platform replies are sent through. */
  platform: ChatPlatform;
  /** Fetches an attached file's bytes (asked only by a command that wants the file, after its role check). */
  fetchFile?: FetchFile;
  /** Completes the sender before routing (Lark looks up email and mobile for binding). */
  enrich?: (incoming: Incoming) => Promise<Incoming>;
  /** The bot's username, so "/report@other_bot" is not ours (Telegram). */
  botUsername?: () => string | undefined;
  /** Whether answers in the event's chat quote the message they answer (default: group messages, not buttons or forms). */
  quote?: (incoming: Incoming) => boolean;
}

export interface PipelineOptions {
  deps: CoreDeps;
  deliver: DeliverReplies;
  /** Chats processed at once by submit() and resume() (default 16); one chat's events always in order. */
  concurrency?: number;
  /** Attempts at a transient failure before the event is left for the sweep (default 4). */
  transientAttempts?: number;
  /** First backoff after a transient failure, doubled each time (default 200 ms). */
  backoffMs?: number;
  /** How often left-over events are swept up (default 60 s; 0: only at start). */
  sweepEveryMs?: number;
}

/** What became of a stored event. */
export type AcceptOutcome = 'new' | 'duplicate';

export interface InboundPipeline {
  readonly platform: string;
  /**
   * Stores the event (before the platform is told it arrived). Throws when the store fails: the
   * platform must then deliver it again. 'duplicate' for a re-delivery of a stored event.
   */
  accept(incoming: Incoming): Promise<AcceptOutcome>;
  /** Processes an accepted event and delivers its replies. Never throws. */
  process(incoming: Incoming): Promise<void>;
  /** Processes an accepted event in the background, after the chat's earlier events. */
  submit(incoming: Incoming): void;
  /** accept + process, awaited (the sandbox). Returns the outcome of accept. */
  handle(incoming: Incoming): Promise<AcceptOutcome>;
  /** Processes every event left unfinished (by a previous run, or a persistent transient failure), in the background, then sweeps periodically. */
  resume(): void;
  /** Resolves when the processing started so far has finished, or after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
  /** Events being processed now: 0 once a stop has let everything under way finish. */
  readonly eventsProcessing: number;
  /** Stops taking events (accept throws) and the sweep, and waits up to `timeoutMs` for events in hand. */
  close(timeoutMs?: number): Promise<void>;
}

/** Thrown by accept() once the pipeline is closing: the platform keeps the event and delivers it again. */
export class PipelineClosedError extends Error {
  constructor() {
    super('the bot is shutting down; the event will be delivered again');
    this.name = 'PipelineClosedError';
  }
}

function defaultQuote(incoming: Incoming): boolean {
  return incoming.chat.kind === 'group' && !incoming.action && !incoming.form;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createInboundPipeline(options: PipelineOptions, adapter: PipelineAdapter): InboundPipeline {
  const { deps, deliver } = options;
  const { log, db } = deps;
  const name = adapter.platform.name;
  const tasks = createBackgroundTasks(log, `${name}:`);
  const queue = createChatQueue(options.concurrency ?? 16);
  /** Events this process has in hand: a sweep must not process them a second time. */
  const taken = new RecentSet(50_000);
  const attempts = options.transientAttempts ?? 4;
  const backoffMs = options.backoffMs ?? 200;
  /** Events in hand per chat (accepted or swept up, not finished): a busy chat's receipts are merged. */
  const inHand = new Map<string, number>();
  const hold = (chatId: string, delta: number) => {
    const count = Math.max(0, (inHand.get(chatId) ?? 0) + delta);
    if (count === 0) inHand.delete(chatId);
    else inHand.set(chatId, count);
  };
  /** Events being processed now (started, not finished). */
  let processing = 0;
  let closed = false;
  let sweepTimer: NodeJS.Timeout | null = null;
  let sweeping = false;

  /** Routes the event; a report's write comes back on its receipt, committed with the replies (one transaction per event). */
  async function route(incoming: Incoming, fresh: boolean): Promise<Reply[]> {
    const ready = adapter.enrich ? await adapter.enrich(incoming) : incoming;
    return handleIncoming(deps, ready, { botUsername: adapter.botUsername?.(), ...(adapter.fetchFile ? { fetchFile: adapter.fetchFile } : {}), fresh, deferWrites: true });
  }

  async function fail(incoming: Incoming, error: unknown): Promise<void> {
    const text = error instanceof Error ? error.message : String(error);
    log.error('an event could not be handled; it is marked failed (npm run cli -- events --failed)', {
      platform: name,
      eventId: incoming.eventId,
      error: error instanceof Error ? (error.stack ?? error.message) : text,
    });
    deps.telemetry?.inboundEvent(name, 'failed');
    await markEventFailed(db, incoming, text, deps.now()).catch((e: unknown) => log.error('could not mark the event failed', { eventId: incoming.eventId, error: String(e) }));
    const t = translator(incoming.sender.languageHint ?? deps.defaults.locale);
    // Keys of their own: if the event is retried later and succeeds, its real answers still go out.
    const key = (n: number) => `reply:${name}:${incoming.eventId ?? incoming.messageId ?? incoming.receivedAt.getTime()}:failed:${n}`;
    const notices = await failureNotices(deps, incoming, text).catch(() => []);
    const replies: Reply[] = [{ message: message([{ kind: 'text', lines: [[t('common.error.internal')]] }]) }, ...notices].map((reply, n) => ({ ...reply, key: key(n) }));
    // The failed event is not 'received' any more, so delivering marks nothing; the replies still go out.
    await deliver(adapter.platform, incoming, replies).catch((e: unknown) => log.error('could not tell the sender about a failed event', { eventId: incoming.eventId, error: String(e) }));
  }

  /**
   * Processes an event, tracked with the pipeline's tasks: idle() and close() wait for it, however it
   * was started. `resumed`: swept up, not just accepted (an earlier run may have handled part of it).
   */
  function process(incoming: Incoming, resumed = false): Promise<void> {
    processing += 1;
    return tasks.run('event', async () => {
      try {
        await processOnce(incoming, resumed);
      } finally {
        processing -= 1;
        hold(incoming.chat.id, -1);
      }
    });
  }

  async function processOnce(received: Incoming, resumed: boolean): Promise<void> {
    const incoming = cleanIncoming(received);
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const replies = await route(incoming, !resumed && attempt === 1);
        const quote = (adapter.quote ?? defaultQuote)(incoming);
        const chatBusy = (inHand.get(incoming.chat.id) ?? 0) > 1;
        await deliver(adapter.platform, incoming, replies, { ...(quote && incoming.messageId ? { replyTo: incoming.messageId } : {}), chatBusy });
        deps.telemetry?.inboundEvent(name, 'processed');
        deps.telemetry?.observeProcessing(name, (Date.now() - started) / 1000);
        return;
      } catch (error) {
        if (!isTransientDbError(error)) return fail(incoming, error);
        if (attempt >= attempts) {
          // Still failing: leave it 'received'; the sweep takes it up again later.
          taken.delete(incoming.eventId);
          log.warn('an event met a transient database failure; it is kept and will be retried', { platform: name, eventId: incoming.eventId, attempts: attempt, error: String(error) });
          return;
        }
        deps.telemetry?.inboundEvent(name, 'retried');
        await sleep(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }

  async function accept(received: Incoming): Promise<AcceptOutcome> {
    if (closed) throw new PipelineClosedError();
    const incoming = cleanIncoming(received);
    // Taken before it is stored, so a sweep running now never picks it up as left over. A
    // re-delivery of an event an earlier run stored is not this run's: the sweep processes it.
    const wasTaken = taken.has(incoming.eventId);
    taken.add(incoming.eventId);
    let fresh: boolean;
    try {
      fresh = await recordEvent(db, incoming);
    } catch (error) {
      if (!wasTaken) taken.delete(incoming.eventId);
      throw error;
    }
    if (!fresh && !wasTaken) taken.delete(incoming.eventId);
    deps.telemetry?.inboundEvent(name, fresh ? 'received' : 'duplicate');
    if (fresh) hold(incoming.chat.id, +1);
    if (!fresh) log.info('duplicate event dropped', { platform: name, eventId: incoming.eventId });
    else if (acknowledges(incoming)) {
      // Seen at once, however long the group's queue: the receipt follows when the chat has room.
      void tasks.run('acknowledge', () => adapter.platform.acknowledge?.(incoming.chat.id, incoming.messageId as string) ?? Promise.resolve());
    }
    return fresh ? 'new' : 'duplicate';
  }

  /** A filing typed in a group (a report command, or an answer to a reminder) is acknowledged with a reaction. */
  function acknowledges(incoming: Incoming): boolean {
    if (!adapter.platform.acknowledge || incoming.chat.kind !== 'group' || !incoming.messageId || incoming.action || incoming.form) return false;
    if (incoming.replyContext?.startsWith('report:')) return true;
    return parseChatCommand(incoming.text, adapter.botUsername?.())?.name === 'report';
  }

  /** Processes every left-over event not in hand, batch by batch, chats in parallel. */
  async function sweep(before?: Date): Promise<number> {
    if (sweeping) return 0;
    sweeping = true;
    let total = 0;
    try {
      for (;;) {
        const batch = (await unfinishedEvents(db, name, { limit: 500, ...(before ? { before } : {}) })).filter((incoming) => !taken.has(incoming.eventId));
        if (batch.length === 0 || closed) return total;
        for (const incoming of batch) {
          taken.add(incoming.eventId);
          hold(incoming.chat.id, +1);
        }
        await Promise.all(batch.map((incoming) => queue.run(incoming.chat.id, () => process(incoming, true))));
        total += batch.length;
      }
    } finally {
      sweeping = false;
    }
  }

  return {
    platform: name,
    accept,
    process: (incoming) => process(incoming),
    submit(incoming) {
      void tasks.run('event', () => queue.run(incoming.chat.id, () => process(incoming)));
    },
    async handle(incoming) {
      const outcome = await accept(incoming);
      if (outcome === 'new') await queue.run(incoming.chat.id, () => process(incoming));
      return outcome;
    },
    resume() {
      void tasks.run('resume', async () => {
        const count = await sweep();
        if (count > 0) log.info('processed events left unfinished by the previous run', { platform: name, count });
      });
      const every = options.sweepEveryMs ?? 60_000;
      if (every > 0 && !sweepTimer) {
        sweepTimer = setInterval(() => {
          // Only events old enough that no instance can still be working on them.
          void tasks.run('sweep', async () => void (await sweep(new Date(deps.now().getTime() - 2 * every))));
        }, every);
        sweepTimer.unref();
      }
    },
    idle: (timeoutMs) => tasks.idle(timeoutMs),
    get eventsProcessing() {
      return processing;
    },
    async close(timeoutMs = 10_000) {
      closed = true;
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
      await tasks.idle(timeoutMs);
    },
  };
}

/** The event with control, zero-width and bidi characters removed from what people typed. */
function cleanIncoming(incoming: Incoming): Incoming {
  const form = incoming.form ? Object.fromEntries(Object.entries(incoming.form).map(([k, v]) => [k, cleanText(v)])) : undefined;
  return { ...incoming, text: cleanText(incoming.text), sender: { ...incoming.sender, displayName: cleanText(incoming.sender.displayName) }, ...(form ? { form } : {}) };
}
