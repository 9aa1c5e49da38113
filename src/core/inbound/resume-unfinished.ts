// After a restart: processes the events a previous run recorded but never finished, every one of
// them, in batches. Each chat's events are taken in the order they came; chats go in parallel.
import type { Incoming } from '../platform.ts';
import type { InboundHandler } from './inbound-handler.ts';

export interface ResumeOptions {
  /** Events this run already has in hand (recorded by it, or taken by an earlier batch). */
  isTaken(incoming: Incoming): boolean;
  /** Marks an event as taken before it is processed. */
  take(incoming: Incoming): void;
  /** Processes one event (and delivers its replies). Must not throw. */
  process(incoming: Incoming): Promise<void>;
  /** Chats processed at once (default 16). */
  concurrency?: number;
  /** Events per batch read from the store (default 500). */
  batchSize?: number;
}

/** Processes every unfinished event of the platform; returns how many. */
export async function resumeUnfinished(handler: Pick<InboundHandler, 'unfinished'>, platform: string, options: ResumeOptions): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = (await handler.unfinished(platform, options.batchSize ?? 500)).filter((incoming) => !options.isTaken(incoming));
    if (batch.length === 0) return total;
    for (const incoming of batch) options.take(incoming);
    const byChat = new Map<string, Incoming[]>();
    for (const incoming of batch) byChat.set(incoming.chat.id, [...(byChat.get(incoming.chat.id) ?? []), incoming]);
    const queues = [...byChat.values()];
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency ?? 16, queues.length) }, async () => {
        for (let queue = queues.shift(); queue; queue = queues.shift()) {
          for (const incoming of queue) await options.process(incoming);
        }
      }),
    );
    total += batch.length;
  }
}
