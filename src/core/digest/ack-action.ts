// The 已阅 button: action "digest:ack:<period>".
import { reply, type PersonContext, type Reply } from '../commands/context.ts';
import { message } from '../messages/outbound.ts';
import { parseWeekId } from '../rules/period.ts';
import { acknowledgeDigest } from './acknowledge-digest.ts';

/** Handles `digest:ack:<period>`; answers whether it was recorded now or earlier. */
export async function digestAckAction(ctx: PersonContext, period: string): Promise<Reply[]> {
  const week = parseWeekId(period) ? period : '';
  if (!week) return [];
  const added = await acknowledgeDigest(ctx.deps, { person: ctx.actor.person, period: week });
  return reply(message([{ kind: 'text', lines: [[ctx.t(added ? 'digest.ack_done' : 'digest.ack_already', { week })]] }]));
}
