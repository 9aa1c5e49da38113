// Work an adapter starts and does not await (processing after the platform was answered), tracked so
// a shutdown or a test can wait for it. A task's error is logged, never thrown.
import type { Logger } from '../core/context.ts';

export interface BackgroundTasks {
  /** Starts `task`; the returned promise settles when it ends and never rejects. */
  run(label: string, task: () => Promise<void>): Promise<void>;
  /** Resolves when every task started so far has ended, or after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
}

/** Tasks whose failures are logged as "<prefix> <label> failed". */
export function createBackgroundTasks(log: Logger, prefix: string): BackgroundTasks {
  const inflight = new Set<Promise<void>>();
  return {
    run(label, task) {
      const run = task().catch((error: unknown) => log.error(`${prefix} ${label} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
      inflight.add(run);
      void run.finally(() => inflight.delete(run));
      return run;
    },
    async idle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (inflight.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled([...inflight]), new Promise((resolve) => setTimeout(resolve, Math.max(1, deadline - Date.now())).unref())]);
      }
    },
  };
}

/** A set that forgets its oldest entries beyond `capacity` (ids seen recently). */
export class RecentSet {
  readonly #items = new Set<string>();
  constructor(private readonly capacity: number) {}

  add(item: string | undefined): void {
    if (item === undefined) return;
    this.#items.delete(item);
    this.#items.add(item);
    if (this.#items.size > this.capacity) this.#items.delete(this.#items.values().next().value as string);
  }

  delete(item: string | undefined): void {
    if (item !== undefined) this.#items.delete(item);
  }

  has(item: string | undefined): boolean {
    return item !== undefined && this.#items.has(item);
  }
}
