// What acting on an item comes to: done (with who was told), or why not.
import type { LoadedItem } from './load-item.ts';
import type { Told } from './item-notices.ts';

/** The outcome of 批示, 办理情况, 转办, 延期 or 销号. */
export type ItemActResult =
  | { kind: 'done'; item: LoadedItem; told: Told }
  | { kind: 'not_found' | 'not_visible' | 'not_director' | 'empty' }
  | { kind: 'closed'; item: LoadedItem }
  | { kind: 'unknown_unit'; units: string[] }
  | { kind: 'bad_date' };
