// /progress <item> <text> (办理), or a reply to an item's notice: 办理情况 on an item.
import type { PersonContext, Reply } from '../commands/context.ts';
import { itemResultReplies } from './item-replies.ts';
import { readItemRef } from './load-item.ts';
import { recordProgress } from './record-progress.ts';
import { sayView } from './supervision-views.ts';

export async function progressCommand(ctx: PersonContext, args: string): Promise<Reply[]> {
  const ref = readItemRef(args);
  if (!ref || !ref.rest) return [{ message: sayView(ctx.t, 'supervision.progress.usage') }];
  const result = await recordProgress(ctx.deps, { org: ctx.actor.org, actor: ctx.actor.person, number: ref.number, text: ref.rest });
  return itemResultReplies(ctx.t, ctx.actor.org, ref.number, result, 'supervision.done.progress', 'supervision.progress.usage');
}
