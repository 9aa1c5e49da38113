// Waiting on a condition instead of sleeping a fixed time: a test proceeds as soon as what it
// waits for is true, and fails with a message saying what never happened.

export interface WaitOptions {
  /** Give up after this long (default 5 s). */
  timeoutMs?: number;
  /** Time between checks (default 20 ms). */
  intervalMs?: number;
  /** What is awaited, for the timeout error; a function is called at the timeout, so it can describe the state then. */
  message?: string | (() => string | Promise<string>);
}

export class WaitTimeoutError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}`);
    this.name = 'WaitTimeoutError';
  }
}

type Falsy = undefined | null | false | 0 | '';

/**
 * Checks `predicate` (sync or async) until it gives a truthy value, and returns that value.
 * Throws WaitTimeoutError after `timeoutMs`; an error thrown by the predicate is thrown at once.
 */
export async function waitFor<T>(predicate: () => T | Falsy | Promise<T | Falsy>, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 5000, intervalMs = 20 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() >= deadline) {
      const what = typeof options.message === 'function' ? await options.message() : (options.message ?? 'the condition');
      throw new WaitTimeoutError(what, timeoutMs);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(1, deadline - Date.now()))));
  }
}
