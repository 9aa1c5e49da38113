// Conditions to wait on in end-to-end tests, instead of sleeping "long enough".
import type { Db } from '../../src/db/client.ts';
import { waitFor, type WaitOptions } from './wait.ts';

/**
 * Waits until the inbound event whose id starts with `eventIdPrefix` is processed and every reply
 * queued for it has been sent (the replies are queued in the transaction that marks it processed).
 */
export async function waitForEventAnswered(db: Db, platform: string, eventIdPrefix: string, options: WaitOptions = {}): Promise<void> {
  let state = 'not stored';
  await waitFor(
    async () => {
      const event = await db.inboundEvent.findFirst({ where: { platform, eventId: { startsWith: eventIdPrefix } } });
      if (!event) return false;
      if (event.status !== 'processed') return (state = `stored, ${event.status}`), false;
      const unsent = await db.outbox.count({ where: { key: { startsWith: `reply:${platform}:${event.eventId}:` }, status: { not: 'sent' } } });
      state = `processed, ${unsent} replies not sent yet`;
      return unsent === 0;
    },
    { timeoutMs: 8000, ...options, message: () => `${platform} event ${eventIdPrefix}… to be answered (${state})` },
  );
}
