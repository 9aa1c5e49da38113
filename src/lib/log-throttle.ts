// Repeated warnings (a webhook refusing forged requests) logged without flooding: the first of a
// kind at warn, the rest counted at debug, and after `windowMs` the next one at warn again with the
// number seen since.
import type { Logger } from '../core/context.ts';

export class LogThrottle {
  readonly #counts = new Map<string, { since: number; suppressed: number }>();
  readonly #log: Logger;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(log: Logger, windowMs = 60 * 60 * 1000, now: () => number = Date.now) {
    this.#log = log;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Logs `message` at warn the first time for `key` in a window, else at debug with a count. */
  warn(key: string, message: string, fields: Record<string, unknown> = {}): void {
    const at = this.#now();
    const seen = this.#counts.get(key);
    if (!seen || at - seen.since >= this.#windowMs) {
      this.#counts.set(key, { since: at, suppressed: 0 });
      this.#log.warn(message, seen?.suppressed ? { ...fields, repeatedSinceLastWarning: seen.suppressed } : fields);
      return;
    }
    seen.suppressed += 1;
    this.#log.debug(message, { ...fields, repeated: seen.suppressed });
  }

  /** How many times `key` was seen since its last warning (tests, metrics). */
  suppressed(key: string): number {
    return this.#counts.get(key)?.suppressed ?? 0;
  }
}
