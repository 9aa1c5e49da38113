// Sliding-window rate limits, several at once: e.g. 30/s overall, 1/s per chat, 20/min per group.
// `acquire` waits until every named window has room, then takes a slot in each. Calls in one queue
// (one chat) are served in order; a chat waiting for its own window never holds up other chats.

/**
 * Added to a platform's stated window. A slot is taken before the request is written, and the time
 * between (a database write, a busy event loop) varies by a few milliseconds, so two requests one
 * window apart here can arrive closer than that there. A window this much longer keeps the platform
 * from ever counting one request too many, for about 4 % of throughput.
 */
export const WINDOW_MARGIN_MS = 40;

export interface RateRule {
  /** At most `limit` events… */
  limit: number;
  /** …in any window of this many milliseconds. */
  windowMs: number;
}

export interface Sleeper {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: Sleeper = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  readonly #events = new Map<string, number[]>();
  /** The last call of each queue: the next one in that queue starts after it. */
  readonly #queues = new Map<string, Promise<void>>();

  constructor(private readonly time: Sleeper = realTime) {}

  /** How long until every bucket has room (0 if now). */
  waitFor(buckets: { key: string; rule: RateRule }[]): number {
    const now = this.time.now();
    let wait = 0;
    for (const { key, rule } of buckets) {
      const events = this.#prune(key, rule, now);
      if (events.length >= rule.limit) wait = Math.max(wait, (events[events.length - rule.limit] ?? now) + rule.windowMs - now);
    }
    return wait;
  }

  /**
   * How long a call in `queue` would wait now. While an earlier call of the queue is still waiting
   * its turn, that call is counted as taking its slot first.
   */
  delayFor(buckets: { key: string; rule: RateRule }[], queue = ''): number {
    const first = this.waitFor(buckets);
    if (!this.#queues.has(queue)) return first;
    const now = this.time.now();
    let wait = 0;
    for (const { key, rule } of buckets) {
      const events = [...this.#prune(key, rule, now), now + first];
      if (events.length >= rule.limit) wait = Math.max(wait, (events[events.length - rule.limit] as number) + rule.windowMs - now);
    }
    return wait;
  }

  /**
   * Waits for room in every bucket, then records one event in each. Calls with the same `queue` are
   * served in order; calls in different queues only meet in the buckets they share. Resolves to the
   * time the slot was taken, which `restamp` takes to move exactly this slot.
   */
  acquire(buckets: { key: string; rule: RateRule }[], queue = ''): Promise<number> {
    const previous = this.#queues.get(queue) ?? Promise.resolve();
    const turn = previous.then(async () => {
      // Checking and taking happen in one synchronous step, so two queues never take the same slot.
      for (let wait = this.waitFor(buckets); wait > 0; wait = this.waitFor(buckets)) await this.time.sleep(wait);
      const now = this.time.now();
      for (const { key } of buckets) {
        const events = this.#events.get(key) ?? [];
        events.push(now);
        this.#events.set(key, events);
      }
      return now;
    });
    const settled: Promise<void> = turn.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(queue, settled);
    void settled.then(() => {
      if (this.#queues.get(queue) === settled) this.#queues.delete(queue);
    });
    return turn;
  }

  /**
   * Moves a slot of each bucket named to now: called when a request's answer arrives, so the next
   * ones in those buckets are spaced from when the platform surely had this one, not from when it
   * was about to leave (a busy process can take a while to put it on the wire, and a burst of
   * requests taken at one instant reaches the platform spread over tens of milliseconds).
   * `takenAt` (what `acquire` resolved to) names the slot in a bucket many requests share; without
   * it the bucket's latest slot moves, which is exact for a bucket one request holds at a time.
   */
  restamp(keys: string[], takenAt?: number): void {
    const now = this.time.now();
    for (const key of keys) {
      const events = this.#events.get(key);
      if (!events?.length) continue;
      const index = takenAt === undefined ? events.length - 1 : events.lastIndexOf(takenAt);
      if (index < 0) continue; // the slot has left the window (or a 429 replaced the bucket)
      const at = Math.max(now, events[index] as number);
      events.splice(index, 1);
      let insert = events.length;
      while (insert > 0 && (events[insert - 1] as number) > at) insert -= 1;
      events.splice(insert, 0, at);
    }
  }

  /** Holds every bucket named until `untilMs` (a 429's retry_after). */
  block(key: string, rule: RateRule, untilMs: number): void {
    this.#events.set(key, Array.from({ length: rule.limit }, () => untilMs - rule.windowMs));
  }

  #prune(key: string, rule: RateRule, now: number): number[] {
    const events = (this.#events.get(key) ?? []).filter((at) => at > now - rule.windowMs);
    if (events.length) this.#events.set(key, events);
    else this.#events.delete(key);
    return events;
  }
}
