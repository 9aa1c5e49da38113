// The buttons of an item (批示, 转办, 延期 in a leader's digest; 销号 in a coordinator's notice).
// A press asks for the text; the presser's next message in that chat is it (a pending input, kept
// as a draft beside the report drafts, expiring after settings.draftHours). "取消" gives up.
import type { PersonContext, Reply } from '../commands/context.ts';
import type { MessageKey } from '../messages/catalog/index.ts';
import { dropDraft, saveDraft, takeDraft, type DraftKey } from '../reports/drafts.ts';
import { assignItem } from './assign-item.ts';
import { closeItem } from './close-item.ts';
import { extendItem } from './extend-item.ts';
import { canDirectItem } from './item-rules.ts';
import type { ItemActResult } from './item-result.ts';
import { itemResultReplies } from './item-replies.ts';
import { findItem, itemPeople } from './load-item.ts';
import { superviseItem } from './supervise-item.ts';
import { promptView, sayView, type ItemVerb } from './supervision-views.ts';

const DRAFT_KIND = 'item:';

/** The pending input of a person in a chat: its own draft slot, so a report draft is never replaced. */
function pendingKey(ctx: PersonContext): DraftKey {
  return { person: ctx.actor.person, platform: ctx.incoming.platform, chatId: `${ctx.incoming.chat.id}#item` };
}

const DONE: Record<ItemVerb, MessageKey> = {
  instruction: 'supervision.done.instruction',
  assign: 'supervision.done.assign',
  extend: 'supervision.done.extend',
  close: 'supervision.done.close',
};


/** The handler of one verb's button: checks the presser may act, then asks for the text. */
export function itemButtonAction(verb: ItemVerb) {
  return async (ctx: PersonContext, argument: string): Promise<Reply[]> => {
    const { t, actor } = ctx;
    const number = Number(argument);
    if (!Number.isSafeInteger(number) || number <= 0) return [];
    const say = (key: MessageKey, params: Record<string, string | number> = {}): Reply[] => [{ message: sayView(t, key, { number, ...params }) }];
    const found = await findItem(ctx.deps.db, actor.person, number);
    if (found.kind === 'not_found') return say('supervision.error.not_found');
    if (found.kind === 'not_visible') return say('supervision.error.not_visible');
    const { item } = found;
    if (item.status === 'closed') return say('supervision.error.closed', { note: item.closeNote });
    const allowed = verb === 'close' ? actor.person.isCoordinator : canDirectItem(actor.person, itemPeople(item));
    if (!allowed) return say('supervision.error.not_director');
    const units = verb === 'assign' ? (await ctx.deps.db.unit.findMany({ where: { orgId: actor.org.id }, orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }] })).map((u) => u.name) : [];
    await saveDraft(ctx.deps, { ...pendingKey(ctx), org: actor.org, kind: `${DRAFT_KIND}${verb}`, payload: { text: String(number) } });
    return [{ message: promptView(t, actor.org, { verb, item, units }) }];
  };
}

/**
 * Answers a pending input with this message, if the sender has one in this chat; null otherwise
 * (the message is then handled as usual). A date or unit not understood keeps the input pending.
 */
export async function answerPendingInput(ctx: PersonContext): Promise<Reply[] | null> {
  const key = pendingKey(ctx);
  const pending = await takeDraft(ctx.deps, key);
  if (!pending?.kind.startsWith(DRAFT_KIND)) return null;
  const verb = pending.kind.slice(DRAFT_KIND.length) as ItemVerb;
  const number = Number(pending.payload.text);
  const text = ctx.incoming.text.trim();
  await dropDraft(ctx.deps, key);
  if (/^\/?(取消|cancel)$/i.test(text)) return [{ message: sayView(ctx.t, 'supervision.prompt.cancelled', { number }) }];
  const input = { org: ctx.actor.org, actor: ctx.actor.person, number };
  let result: ItemActResult;
  switch (verb) {
    case 'instruction':
      result = await superviseItem(ctx.deps, { ...input, text });
      break;
    case 'assign':
      result = await assignItem(ctx.deps, { ...input, unit: text });
      break;
    case 'extend':
      result = await extendItem(ctx.deps, { ...input, due: text });
      break;
    case 'close':
      result = await closeItem(ctx.deps, { ...input, note: text });
      break;
    default:
      return null;
  }
  if (result.kind === 'bad_date' || result.kind === 'unknown_unit' || result.kind === 'empty') await saveDraft(ctx.deps, { ...key, org: ctx.actor.org, kind: pending.kind, payload: pending.payload });
  return itemResultReplies(ctx.t, ctx.actor.org, number, result, DONE[verb], 'supervision.error.empty', text);
}
