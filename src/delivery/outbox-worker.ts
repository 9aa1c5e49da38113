// Sends what the outbox holds: claims due rows (safe with several instances), sends each chat's
// messages in order through its platform, retries with backoff honouring retry-after, and records
// a message that still fails after the last attempt, telling the org's coordinators.
//
// A row is marked 'sending' when its request is about to leave (after the platform's rate-limit
// wait) and 'sent' when the platform answers. A row found 'sending' under an expired claim belongs to an instance that died in that
// window: whether the platform took it cannot be known, so it is sent again (at least once) and
// logged. Lark drops the repeat by its uuid; Telegram's Bot API has no such key.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/context.ts';
import { translator } from '../core/messages/catalog/index.ts';
import { MAX_MERGED_LINES, mergedMessage, message, type OutboundMessage } from '../core/messages/outbound.ts';
import { isLocale } from '../core/model.ts';
import { enqueueMessages } from '../core/outbox/enqueue.ts';
import { SendError, type ChatPlatform } from '../core/platform.ts';
import type { Db } from '../db/client.ts';
import { filingStoreOf } from '../db/filing-store/filing-store.ts';

/**
 * How long a direct reply (a receipt quoting its message) may wait for its chat's window before it
 * is held for merging: about one slot of a chat (Telegram: 1 a second), so a quiet group gets
 * quoted receipts and a busy one never makes its next filing wait behind a receipt.
 */
const DIRECT_WAIT_MS = 1100;

export interface OutboxWorkerOptions {
  db: Db;
  platforms: ChatPlatform[];
  log: Logger;
  now?: () => Date;
  /** Attempts before a message is given up (default 8). */
  maxAttempts?: number;
  /** How long a claim holds before another instance may take the row over (default 60 s). */
  leaseMs?: number;
  /** Rows claimed per round (default 100). */
  batchSize?: number;
  /** Chats sent to in parallel (default 16). */
  concurrency?: number;
  /** Idle polling interval (default 500 ms). */
  pollMs?: number;
}

/** An outbox row as stored. */
export type OutboxRow = Awaited<ReturnType<Db['outbox']['findMany']>>[number];

/** Delay before retry `attempt` (1-based): 2 s, 4 s, 8 s … capped at 10 min, with ±20 % jitter. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(2 ** attempt * 1000, 600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class OutboxWorker {
  readonly instanceId = randomUUID();
  readonly #db: Db;
  readonly #platforms: Map<string, ChatPlatform>;
  readonly #log: Logger;
  readonly #now: () => Date;
  readonly #options: Required<Pick<OutboxWorkerOptions, 'maxAttempts' | 'leaseMs' | 'batchSize' | 'concurrency' | 'pollMs'>>;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;

  constructor(options: OutboxWorkerOptions) {
    this.#db = options.db;
    this.#platforms = new Map(options.platforms.map((p) => [p.name, p]));
    this.#log = options.log;
    this.#now = options.now ?? (() => new Date());
    this.#options = {
      maxAttempts: options.maxAttempts ?? 8,
      leaseMs: options.leaseMs ?? 60_000,
      batchSize: options.batchSize ?? 100,
      concurrency: options.concurrency ?? 16,
      pollMs: options.pollMs ?? 500,
    };
  }

  /** Adds a platform to send through (the sandbox joins after the app is built). */
  addPlatform(platform: ChatPlatform): void {
    this.#platforms.set(platform.name, platform);
  }

  /** Starts polling in the background. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        const sent = await this.runOnce().catch((error: unknown) => {
          this.#log.error('outbox round failed', { error: String(error) });
          return 0;
        });
        if (sent === 0 && this.#running) await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#options.pollMs);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
  }

  /** Asks the loop to look now (after something was queued). */
  poke(): void {
    this.#wake?.();
  }

  /** Stops after the current round. */
  async stop(): Promise<void> {
    this.#running = false;
    this.poke();
    await this.#loop;
  }

  /** Sends everything due now, round after round, until nothing is due. Returns how many were handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (let handled = await this.runOnce(); handled > 0; handled = await this.runOnce()) total += handled;
    return total;
  }

  /** One round: claim due rows and send them. Returns the number of rows handled. */
  async runOnce(): Promise<number> {
    const rows = await this.#claim();
    if (rows.length === 0) return 0;
    const byChat = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const key = `${row.platform}:${row.platformChatId}`;
      byChat.set(key, [...(byChat.get(key) ?? []), row]);
    }
    const queues = [...byChat.values()];
    const workers = Array.from({ length: Math.min(this.#options.concurrency, queues.length) }, async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) await this.#sendQueue(queue);
    });
    await Promise.all(workers);
    return rows.length;
  }

  /**
   * Sends, in order, the messages this instance claimed when it queued them (direct replies): through
   * `via` (a view of the platform that quotes the message answered), else the platform itself. Rows
   * not this instance's to send (sent already, or queued by an earlier run) are left to the loop; a
   * failure leaves the rest to the loop too, behind the failed one. A mergeable message (a receipt)
   * waits up to a slot of its chat's window, or not at all when `chatBusy` (more of the chat's
   * messages are in hand): then it is held for the loop, which merges it with the next ones.
   * Returns how many were sent now.
   */
  async sendClaimed(keys: string[], via?: ChatPlatform, options: { chatBusy?: boolean } = {}): Promise<number> {
    const rows = await this.#db.outbox.findMany({ where: { key: { in: keys }, status: 'pending', lockedBy: this.instanceId } });
    const ordered = keys.map((key) => rows.find((r) => r.key === key)).filter((r): r is OutboxRow => r !== undefined);
    return this.sendQueued(ordered, via, options);
  }

  /**
   * sendClaimed for rows this instance has just queued and claimed (it knows them as written: no
   * read back). The rows must be one chat's, in order.
   */
  async sendQueued(rows: OutboxRow[], via?: ChatPlatform, options: { chatBusy?: boolean } = {}): Promise<number> {
    // More of the chat's messages are being handled: a receipt that cannot leave now is held to be merged.
    const sent = await this.#sendQueue(rows, via, options.chatBusy ? 0 : DIRECT_WAIT_MS);
    if (sent < rows.length) this.poke();
    return sent;
  }

  /**
   * One chat's rows, in order. The first failure stops the queue: later rows wait behind it. While
   * the chat's send window is full, mergeable rows (receipts) are put back until it has room, and
   * then sent as one message, one line each. Returns how many were sent.
   */
  async #sendQueue(queue: OutboxRow[], via?: ChatPlatform, mergeableWaitMs = 0): Promise<number> {
    for (let index = 0; index < queue.length; ) {
      const row = queue[index] as OutboxRow;
      // A chat's queue can take minutes (20 a minute to a Telegram group): its claim is renewed as
      // it goes, so another instance never takes its later rows and sends them out of order.
      await this.#renew(queue.slice(index + 1));
      const platform = via ?? this.#platforms.get(row.platform);
      const run = platform?.sendDelayMs ? mergeableRun(queue, index) : [];
      if (platform?.sendDelayMs && run.length > 0) {
        const delayMs = platform.sendDelayMs(row.platformChatId);
        // A direct reply that can leave within a slot or so waits for it and quotes the message it
        // answers; past that the chat is busy, and it is held to be merged with the next ones.
        if (delayMs > mergeableWaitMs) {
          // Not a failure: these wait for the window, and receipts queued meanwhile join them.
          await this.#putBack(queue.slice(index), delayMs);
          return index;
        }
        if (run.length > 1) {
          // Not quoted: the merged message answers several.
          const merged = await this.#sendMerged(run, this.#platforms.get(row.platform) ?? platform);
          if (merged === 'sent') {
            index += run.length;
            continue;
          }
          await this.#holdBehind(run[0] as OutboxRow, queue.slice(index + run.length));
          return index;
        }
      }
      if (await this.#sendOne(row, via)) {
        index++;
        continue;
      }
      await this.#holdBehind(row, queue.slice(index + 1));
      return index;
    }
    return queue.length;
  }

  /** After `failed` could not be sent, releases `rest` with its nextAttemptAt, so they stay behind it. */
  async #holdBehind(failed: OutboxRow, rest: OutboxRow[]): Promise<void> {
    if (rest.length === 0) return;
    const after = await this.#db.outbox.findUnique({ where: { id: failed.id }, select: { nextAttemptAt: true } });
    // Same nextAttemptAt as the failed row: ordered by (nextAttemptAt, createdAt, key), they stay behind it.
    await this.#db.outbox.updateMany({
      where: { id: { in: rest.map((r) => r.id) }, lockedBy: this.instanceId },
      data: { lockedBy: null, lockedUntil: null, ...(after ? { nextAttemptAt: after.nextAttemptAt } : {}) },
    });
  }

  /** Releases claimed rows to be sent in `delayMs` (the chat's window is full); no attempt is used. */
  async #putBack(rows: OutboxRow[], delayMs: number): Promise<void> {
    await this.#db.outbox.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, lockedBy: this.instanceId, status: 'pending' },
      data: { lockedBy: null, lockedUntil: null, nextAttemptAt: new Date(this.#now().getTime() + delayMs) },
    });
  }

  /** Sends mergeable rows as one message and marks them all sent; 'lost' when another instance took one over, 'failed' otherwise. */
  async #sendMerged(run: OutboxRow[], platform: ChatPlatform): Promise<'sent' | 'failed' | 'lost'> {
    const ids = run.map((r) => r.id);
    const { count } = await this.#db.outbox.updateMany({
      where: { id: { in: ids }, lockedBy: this.instanceId, status: 'pending' },
      data: { lockedUntil: new Date(this.#now().getTime() + this.#options.leaseMs) },
    });
    if (count !== run.length) {
      await this.#db.outbox.updateMany({ where: { id: { in: ids }, lockedBy: this.instanceId, status: 'pending' }, data: { lockedBy: null, lockedUntil: null } });
      return 'lost';
    }
    const onSending = async () => {
      await this.#db.outbox.updateMany({ where: { id: { in: ids } }, data: { status: 'sending' } });
    };
    const first = run[0] as OutboxRow;
    try {
      const merged = mergedMessage(run.map((r) => JSON.parse(r.message) as OutboundMessage));
      const result = await platform.send(first.platformChatId, merged, { idempotencyKey: `merged:${first.key}`, onSending });
      await this.#db.outbox.updateMany({
        where: { id: { in: ids } },
        data: { status: 'sent', attempts: { increment: 1 }, sentAt: this.#now(), platformMessageId: result.platformMessageId, lockedBy: null, lockedUntil: null },
      });
      this.#log.info('receipts merged while the chat was busy', { platform: first.platform, chat: first.platformChatId, count: run.length });
      return 'sent';
    } catch (error) {
      for (const row of run) await this.#recordFailure(row, error);
      return 'failed';
    }
  }

  /** Extends the claim on rows whose claim has less than half a lease left (a chat's long queue). */
  async #renew(rows: OutboxRow[]): Promise<void> {
    const now = this.#now().getTime();
    const due = rows.filter((r) => !this.#claimHolds(r, now));
    if (due.length === 0) return;
    const lockedUntil = new Date(now + this.#options.leaseMs);
    await this.#db.outbox.updateMany({ where: { id: { in: due.map((r) => r.id) }, lockedBy: this.instanceId, status: 'pending' }, data: { lockedUntil } });
    for (const row of due) row.lockedUntil = lockedUntil;
  }

  /** This instance's claim on the row, as last written, has at least half a lease left. */
  #claimHolds(row: OutboxRow, now: number): boolean {
    return row.lockedBy === this.instanceId && row.lockedUntil !== null && row.lockedUntil.getTime() - now >= this.#options.leaseMs / 2;
  }

  async #claim(): Promise<OutboxRow[]> {
    const now = this.#now();
    const expired = { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
    const candidates = await this.#db.outbox.findMany({
      where: { status: { in: ['pending', 'sending'] }, nextAttemptAt: { lte: now }, platform: { in: [...this.#platforms.keys()] }, ...expired },
      // A batch queued at one instant keeps its order by key (a reply's keys end in its index).
      orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }, { key: 'asc' }],
      take: this.#options.batchSize,
    });
    const claimed: OutboxRow[] = [];
    const lockedUntil = new Date(now.getTime() + this.#options.leaseMs);
    for (const row of candidates) {
      // A conditional update: of two instances, only one sees count 1.
      const { count } = await this.#db.outbox.updateMany({
        where: { id: row.id, status: row.status, ...expired },
        data: { status: 'pending', lockedBy: this.instanceId, lockedUntil },
      });
      if (count !== 1) continue;
      if (row.status === 'sending') this.#log.warn('an instance stopped while sending this message; sending it again (it may arrive twice)', { key: row.key, platform: row.platform, chat: row.platformChatId });
      claimed.push({ ...row, status: 'pending', lockedBy: this.instanceId, lockedUntil });
    }
    return claimed;
  }

  /** Sends one claimed row. True when it was sent (or is no longer this instance's to send). */
  async #sendOne(row: OutboxRow, via?: ChatPlatform): Promise<boolean> {
    const platform = via ?? this.#platforms.get(row.platform);
    if (!platform) return true;
    // Renews the claim for this send, unless another instance took the row over. A claim made
    // moments ago (a direct reply just queued) holds for the send without a write.
    if (!this.#claimHolds(row, this.#now().getTime())) {
      const lockedUntil = new Date(this.#now().getTime() + this.#options.leaseMs);
      const { count } = await this.#db.outbox.updateMany({ where: { id: row.id, lockedBy: this.instanceId, status: 'pending' }, data: { lockedUntil } });
      if (count !== 1) return true;
      row.lockedUntil = lockedUntil;
    }
    // Once the request is about to leave, the row is 'sending': a crash from here on leaves it
    // ambiguous, and the next claim says so. Both marks are the filing path's own statements.
    const store = filingStoreOf(this.#db);
    const onSending = () => store.outboxSending(row.id);
    try {
      const result = await platform.send(row.platformChatId, JSON.parse(row.message) as OutboundMessage, { idempotencyKey: row.key, onSending });
      await store.outboxSent(row.id, { attempts: row.attempts + 1, at: this.#now(), platformMessageId: result.platformMessageId });
      return true;
    } catch (error) {
      await this.#recordFailure(row, error);
      return false;
    }
  }

  /**
   * Schedules the retry, or gives up after the last attempt. A rate limit (retry-after) is the
   * platform asking for patience, not a failure: it does not use up an attempt.
   */
  async #recordFailure(row: OutboxRow, error: unknown): Promise<void> {
    const sendError = error instanceof SendError ? error : new SendError(error instanceof Error ? error.message : String(error), 'retry');
    const rateLimited = sendError.kind === 'retry' && sendError.retryAfterSeconds !== undefined;
    const attempts = rateLimited ? row.attempts : row.attempts + 1;
    const giveUp = sendError.kind === 'permanent' || attempts >= this.#options.maxAttempts;
    const waitMs = rateLimited ? Math.max(1000, (sendError.retryAfterSeconds ?? 0) * 1000) : backoffMs(attempts);
    await this.#db.outbox.update({
      where: { id: row.id },
      data: {
        status: giveUp ? 'failed' : 'pending',
        attempts,
        lastError: sendError.message.slice(0, 1000),
        nextAttemptAt: new Date(this.#now().getTime() + waitMs),
        lockedBy: null,
        lockedUntil: null,
      },
    });
    if (giveUp) await this.#reportFailure(row, sendError);
    else this.#log.warn(rateLimited ? 'rate limited, will retry' : 'send failed, will retry', { key: row.key, attempt: attempts, retryInMs: waitMs, error: sendError.message });
  }

  /** Tells the org's coordinators (on the same platform) that a message could not be delivered. */
  async #reportFailure(row: OutboxRow, error: SendError): Promise<void> {
    this.#log.error('message given up', { key: row.key, platform: row.platform, chat: row.platformChatId, error: error.message });
    if (!row.orgId || row.key.startsWith('outbox-failed:')) return;
    const org = await this.#db.org.findUnique({ where: { id: row.orgId } });
    if (!org) return;
    const t = translator(isLocale(org.locale) ? org.locale : 'zh-CN');
    const coordinators = await this.#db.identity.findMany({ where: { platform: row.platform, person: { orgId: org.id, isCoordinator: true } } });
    const original = JSON.parse(row.message) as OutboundMessage;
    const notice = message([
      { kind: 'text', lines: [[t('common.delivery_failed', { chat: row.platformChatId, error: error.message.slice(0, 200) })]] },
      { kind: 'quote', text: (original.summary ?? '').slice(0, 500) },
    ]);
    await enqueueMessages(
      this.#db,
      coordinators
        .filter((c) => c.platformUserId !== row.platformChatId)
        .map((c) => ({ key: `outbox-failed:${row.id}:${c.platformUserId}`, orgId: org.id, to: { platform: row.platform as 'telegram', chatId: c.platformUserId }, message: notice })),
      this.#now(),
    );
  }
}

/** The rows from `index` on that merge with it (same heading, in order), at most MAX_MERGED_LINES; empty when it is not mergeable. */
function mergeableRun(queue: OutboxRow[], index: number): OutboxRow[] {
  const headingOf = (row: OutboxRow) => (JSON.parse(row.message) as OutboundMessage).merge?.heading;
  const heading = headingOf(queue[index] as OutboxRow);
  if (heading === undefined) return [];
  const run: OutboxRow[] = [];
  for (let i = index; i < queue.length && run.length < MAX_MERGED_LINES && headingOf(queue[i] as OutboxRow) === heading; i++) run.push(queue[i] as OutboxRow);
  return run;
}
