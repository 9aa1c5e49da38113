// /close <item> <note> (销号): a coordinator closes an item out; its owner and leader are told.
import type { PersonContext, Reply } from '../commands/context.ts';
import { closeItem } from './close-item.ts';
import { itemResultReplies } from './item-replies.ts';
import { readItemRef } from './load-item.ts';
import { sayView } from './supervision-views.ts';

export async function closeCommand(ctx: PersonContext, args: string): Promise<Reply[]> {
  const ref = readItemRef(args);
  if (!ref || !ref.rest) return [{ message: sayView(ctx.t, 'supervision.close.usage') }];
  const result = await closeItem(ctx.deps, { org: ctx.actor.org, actor: ctx.actor.person, number: ref.number, note: ref.rest });
  if (result.kind === 'closed') return [{ message: sayView(ctx.t, 'supervision.done.already_closed', { number: ref.number, note: result.item.closeNote }) }];
  return itemResultReplies(ctx.t, ctx.actor.org, ref.number, result, 'supervision.done.close', 'supervision.close.usage');
}
