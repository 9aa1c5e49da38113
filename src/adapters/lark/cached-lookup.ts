// A lookup with a cache: answers are kept for a while, failures for a shorter while (so a missing
// permission is not asked again on every message), and concurrent asks share one request.

export interface CachedLookupOptions {
  /** How long an answer is kept (default 6 h). */
  ttlMs?: number;
  /** How long "no answer" is kept (default 10 min). */
  failureTtlMs?: number;
  /** Entries kept at most (oldest dropped first; default 10 000). */
  limit?: number;
  now?: () => number;
}

/** Caches `fetch`, which answers null (or throws) when there is nothing to know. */
export class CachedLookup<T> {
  readonly #cache = new Map<string, { value: T | null; until: number }>();
  readonly #pending = new Map<string, Promise<T | null>>();

  constructor(
    private readonly fetch: (key: string) => Promise<T | null>,
    private readonly options: CachedLookupOptions = {},
  ) {}

  get(key: string): Promise<T | null> {
    const now = (this.options.now ?? Date.now)();
    const cached = this.#cache.get(key);
    if (cached && cached.until > now) return Promise.resolve(cached.value);
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const request = this.fetch(key)
      .catch(() => null)
      .then((value) => {
        const ttl = value === null ? (this.options.failureTtlMs ?? 10 * 60_000) : (this.options.ttlMs ?? 6 * 3600_000);
        this.#cache.delete(key);
        this.#cache.set(key, { value, until: (this.options.now ?? Date.now)() + ttl });
        if (this.#cache.size > (this.options.limit ?? 10_000)) this.#cache.delete(this.#cache.keys().next().value as string);
        return value;
      })
      .finally(() => this.#pending.delete(key));
    this.#pending.set(key, request);
    return request;
  }
}
