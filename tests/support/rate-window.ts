// What a platform does when a bot sends too fast, for the fake servers: sliding windows per bucket,
// checked when a request arrives. A request over any window is refused (and not counted).
//
// `toleranceMs` shortens the windows slightly: a client that spaces its sends exactly one window
// apart sees them arrive a millisecond or two closer after network jitter, which real platforms
// absorb (Telegram and Lark both allow short bursts above their stated rates).

export interface WindowRule {
  limit: number;
  windowMs: number;
}

export class RateWindows {
  readonly #events = new Map<string, number[]>();
  /** Requests refused so far. */
  refused = 0;

  constructor(private readonly toleranceMs = 25) {}

  /** Records a request in every bucket, or returns the seconds to wait when one is full. */
  admit(buckets: { key: string; rule: WindowRule }[], now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    let waitMs = 0;
    for (const { key, rule } of buckets) {
      const span = rule.windowMs - this.toleranceMs;
      const events = (this.#events.get(key) ?? []).filter((at) => at > now - span);
      this.#events.set(key, events);
      if (events.length >= rule.limit) waitMs = Math.max(waitMs, (events[events.length - rule.limit] as number) + span - now);
    }
    if (waitMs > 0) {
      this.refused += 1;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    for (const { key } of buckets) this.#events.get(key)?.push(now);
    return { ok: true };
  }
}
