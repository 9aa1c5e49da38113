// An update taken in: decoded, then stored by the inbound pipeline before Telegram is told it
// arrived (polling: before the next getUpdates confirms it; webhook: before the 200).
import type { Update } from 'grammy/types';
import type { InboundPipeline } from '../../core/inbound/pipeline.ts';
import type { Incoming } from '../../core/platform.ts';
import { decodeUpdate, type BotIdentity } from './decode.ts';

/** What became of an update. */
export type IntakeOutcome = { kind: 'new'; incoming: Incoming } | { kind: 'duplicate' } | { kind: 'ignored' };

/** Decodes and stores an update. Throws when the store fails (the update must not be confirmed). */
export async function takeUpdate(pipeline: InboundPipeline, update: Update, bot: BotIdentity, now: Date): Promise<IntakeOutcome> {
  const incoming = decodeUpdate(update, bot, now);
  if (!incoming) return { kind: 'ignored' };
  return (await pipeline.accept(incoming)) === 'new' ? { kind: 'new', incoming } : { kind: 'duplicate' };
}
