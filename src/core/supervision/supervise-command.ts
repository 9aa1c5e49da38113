// /supervise <item> <instruction> (督办): a leader's or coordinator's 批示 on an item.
import type { PersonContext, Reply } from '../commands/context.ts';
import { itemResultReplies } from './item-replies.ts';
import { readItemRef } from './load-item.ts';
import { superviseItem } from './supervise-item.ts';
import { sayView } from './supervision-views.ts';

export async function superviseCommand(ctx: PersonContext, args: string): Promise<Reply[]> {
  const ref = readItemRef(args);
  if (!ref || !ref.rest) return [{ message: sayView(ctx.t, 'supervision.supervise.usage') }];
  const result = await superviseItem(ctx.deps, { org: ctx.actor.org, actor: ctx.actor.person, number: ref.number, text: ref.rest });
  return itemResultReplies(ctx.t, ctx.actor.org, ref.number, result, 'supervision.done.instruction', 'supervision.supervise.usage');
}
