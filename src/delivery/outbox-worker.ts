// Sends what the outbox holds: claims due rows (safe with several instances), sends each chat's
// messages in order through its platform, retries with backoff honouring retry-after, and records
// a message that still fails after the last attempt, telling the org's coordinators.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/context.ts';
import { translator } from '../core/messages/catalog/index.ts';
import { message, type OutboundMessage } from '../core/messages/outbound.ts';
import { isLocale } from '../core/model.ts';
import { enqueueMessages } from '../core/outbox/enqueue.ts';
import { SendError, type ChatPlatform } from '../core/platform.ts';
import type { Db } from '../db/client.ts';

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

type OutboxRow = Awaited<ReturnType<Db['outbox']['findMany']>>[number];

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
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const row of queue) await this.#sendOne(row);
      }
    });
    await Promise.all(workers);
    return rows.length;
  }

  async #claim(): Promise<OutboxRow[]> {
    const now = this.#now();
    const candidates = await this.#db.outbox.findMany({
      where: { status: 'pending', nextAttemptAt: { lte: now }, platform: { in: [...this.#platforms.keys()] }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }],
      take: this.#options.batchSize,
    });
    const claimed: OutboxRow[] = [];
    const lockedUntil = new Date(now.getTime() + this.#options.leaseMs);
    for (const row of candidates) {
      // A conditional update: of two instances, only one sees count 1.
      const { count } = await this.#db.outbox.updateMany({
        where: { id: row.id, status: 'pending', OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        data: { lockedBy: this.instanceId, lockedUntil },
      });
      if (count === 1) claimed.push(row);
    }
    return claimed;
  }

  async #sendOne(row: OutboxRow): Promise<void> {
    const platform = this.#platforms.get(row.platform);
    if (!platform) return;
    const attempts = row.attempts + 1;
    try {
      const result = await platform.send(row.platformChatId, JSON.parse(row.message) as OutboundMessage, { idempotencyKey: row.key });
      await this.#db.outbox.update({
        where: { id: row.id },
        data: { status: 'sent', attempts, sentAt: this.#now(), platformMessageId: result.platformMessageId, lockedBy: null, lockedUntil: null },
      });
    } catch (error) {
      const sendError = error instanceof SendError ? error : new SendError(error instanceof Error ? error.message : String(error), 'retry');
      const giveUp = sendError.kind === 'permanent' || attempts >= this.#options.maxAttempts;
      const waitMs = Math.max(backoffMs(attempts), (sendError.retryAfterSeconds ?? 0) * 1000);
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
      else this.#log.warn('send failed, will retry', { key: row.key, attempt: attempts, retryInMs: waitMs, error: sendError.message });
    }
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
