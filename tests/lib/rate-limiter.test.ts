// The sliding-window limiter on a virtual clock: shared buckets, per-queue order, no head-of-line blocking.
import { describe, expect, it } from 'vitest';
import { RateLimiter, type Sleeper } from '../../src/lib/rate-limiter.ts';

/** A clock that only moves when every sleeper's time has come (a tiny event loop of timers). */
function virtualClock(): Sleeper & { run(): Promise<void> } {
  let now = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
    async run() {
      for (await settle(); timers.length > 0; await settle()) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift() as { at: number; resolve: () => void };
        now = Math.max(now, next.at);
        next.resolve();
      }
    },
  };
}

const bot = { key: 'bot', rule: { limit: 30, windowMs: 1000 } };
const chat = (id: string) => ({ key: `chat:${id}`, rule: { limit: 1, windowMs: 1000 } });

describe('RateLimiter', () => {
  it('holds the overall limit: 90 sends to 90 chats take three windows', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(clock);
    const at: number[] = [];
    const all = Array.from({ length: 90 }, (_, i) => limiter.acquire([bot, chat(String(i))], String(i)).then(() => at.push(clock.now())));
    await clock.run();
    await Promise.all(all);
    expect(at.filter((t) => t < 1000)).toHaveLength(30);
    expect(at.filter((t) => t >= 1000 && t < 2000)).toHaveLength(30);
    expect(Math.max(...at)).toBe(2000);
  });

  it('does not let one chat waiting for its own window hold up the others', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(clock);
    const at = new Map<string, number[]>();
    const send = (id: string) => limiter.acquire([bot, chat(id)], id).then(() => at.set(id, [...(at.get(id) ?? []), clock.now()]));
    // Five messages to one busy chat are queued first, then one each to three other chats.
    const all = [...Array.from({ length: 5 }, () => send('busy')), send('a'), send('b'), send('c')];
    await clock.run();
    await Promise.all(all);
    expect(at.get('busy')).toEqual([0, 1000, 2000, 3000, 4000]);
    expect([at.get('a'), at.get('b'), at.get('c')]).toEqual([[0], [0], [0]]);
  });

  it('waits out a block (a 429 retry_after) for that chat only', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(clock);
    limiter.block('chat:x', chat('x').rule, 5000);
    const at: Record<string, number> = {};
    const all = [limiter.acquire([bot, chat('x')], 'x').then(() => (at.x = clock.now())), limiter.acquire([bot, chat('y')], 'y').then(() => (at.y = clock.now()))];
    await clock.run();
    await Promise.all(all);
    expect(at).toEqual({ x: 5000, y: 0 });
  });

  it('counts a shared window from each answer: a burst answered late pushes the next burst back by as much', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(clock);
    const app = { key: 'app', rule: { limit: 3, windowMs: 1000 } };
    const slots = await Promise.all([0, 1, 2].map((i) => limiter.acquire([app, chat(String(i))], String(i))));
    expect(slots).toEqual([0, 0, 0]);
    // The three answers arrive at 10, 20 and 30 ms, out of order with the slots' owners.
    for (const [answeredAt, owner] of [[10, 2], [20, 0], [30, 1]] as const) {
      await Promise.all([clock.sleep(answeredAt - clock.now()), clock.run()]);
      limiter.restamp(['app', `chat:${owner}`], slots[owner]);
    }
    // Chat 0's own window counts from its answer at 20 ms (now is 30).
    expect(limiter.waitFor([chat('0')])).toBe(1020 - 30);
    const next: number[] = [];
    const all = [3, 4, 5].map((i) => limiter.acquire([app, chat(String(i))], String(i)).then((at) => next.push(at)));
    await clock.run();
    await Promise.all(all);
    // Each of the next three waits a full window after one answer, not after the instant of the burst.
    expect(next).toEqual([1010, 1020, 1030]);
  });

  it('moves only the slot it is given, and nothing once a block has replaced the bucket', () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(clock);
    const rule = { limit: 2, windowMs: 1000 };
    limiter.block('app', rule, 5000);
    limiter.restamp(['app'], 0);
    expect(limiter.waitFor([{ key: 'app', rule }])).toBe(5000);
  });
});
