// The answer to the person who acted on an item: done (and who was told), or what to fix.
import type { Reply } from '../commands/context.ts';
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import type { Org } from '../model.ts';
import type { ItemActResult } from './item-result.ts';
import { toldText } from './item-notices.ts';
import { dueText, sayView } from './supervision-views.ts';

/** The replies for a result: the actor's answer, then the notices to the others. `typed` is quoted back when it was not understood. */
export function itemResultReplies(t: Translate, org: Org, number: number, result: ItemActResult, done: MessageKey, usage: MessageKey, typed = ''): Reply[] {
  const say = (key: MessageKey, params: Record<string, string | number> = {}): Reply[] => [{ message: sayView(t, key, { number, ...params }) }];
  switch (result.kind) {
    case 'not_found':
      return say('supervision.error.not_found');
    case 'not_visible':
      return say('supervision.error.not_visible');
    case 'not_director':
      return say('supervision.error.not_director');
    case 'empty':
      return say(usage);
    case 'closed':
      return say('supervision.error.closed', { note: result.item.closeNote });
    case 'unknown_unit':
      return say('supervision.error.unknown_unit', { unit: typed, units: result.units.join('、') });
    case 'bad_date':
      return say('supervision.error.bad_date', { text: typed });
    case 'done': {
      const { item } = result;
      const params = { unit: item.assigneeUnit?.name ?? '', due: dueText(t, org, item.dueDate), note: item.closeNote, told: toldText(t, result.told) };
      return [...say(done, params), ...result.told.replies];
    }
  }
}
