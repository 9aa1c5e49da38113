import { describe, expect, it } from 'vitest';
import { waitFor, WaitTimeoutError } from './wait.ts';

describe('waitFor', () => {
  it('returns the first truthy value as soon as the condition holds', async () => {
    let checks = 0;
    const started = Date.now();
    const value = await waitFor(() => ++checks >= 3 && `after ${checks}`, { intervalMs: 5 });
    expect(value).toBe('after 3');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('awaits an async predicate instead of taking its promise as truthy', async () => {
    let ready = false;
    setImmediate(() => (ready = true));
    expect(await waitFor(async () => ready, { intervalMs: 1 })).toBe(true);
  });

  it('fails after the timeout with a message saying what was awaited and the state then', async () => {
    let checks = 0;
    const error = await waitFor(() => (checks++, false), { timeoutMs: 50, intervalMs: 5, message: () => `the outbox to drain (${checks} checks)` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(/^timed out after 50 ms waiting for the outbox to drain \(\d+ checks\)$/);
    expect(checks).toBeGreaterThan(1);
  });

  it('passes on an error thrown by the predicate at once', async () => {
    await expect(waitFor(() => { throw new Error('query failed'); }, { timeoutMs: 5000 })).rejects.toThrow('query failed');
  });
});
