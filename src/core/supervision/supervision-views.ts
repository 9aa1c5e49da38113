// What 督办 messages say: the notices to owners, leaders and coordinators, the prompts of the
// buttons, and an item's line in lists and digests. Pure: a translator and data in, a message out.
import type { Translate } from '../messages/catalog/index.ts';
import type { MessageKey } from '../messages/catalog/index.ts';
import { message, type Block, type Button, type Line, type OutboundMessage } from '../messages/outbound.ts';
import type { Org, Problem } from '../model.ts';
import type { DigestItem } from './digest-items.ts';
import { dueDay, overdueWeeks } from './item-rules.ts';

/** The actions of an item's buttons: "item:<verb>:<number>". */
export const ITEM_ACTIONS = { instruction: 'item:instruction', assign: 'item:assign', extend: 'item:extend', close: 'item:close' } as const;
/** A verb of an item's button. */
export type ItemVerb = keyof typeof ITEM_ACTIONS;

/** What a reply to an item's notice means: "item:<number>" (the reply is 办理情况). */
export function itemReplyContext(number: number): string {
  return `item:${number}`;
}

/** The item number a replyContext names, or null. */
export function itemOfReplyContext(context: string | undefined): number | null {
  const match = /^item:(\d+)$/.exec(context ?? '');
  return match ? Number(match[1]) : null;
}

/** "2026-12-02", or 未定 when the item has no 期限. */
export function dueText(t: Translate, org: Org, due: Date | null): string {
  return due ? dueDay(due, org.timeZone) : t('supervision.item.no_due');
}

/** An item as one line of a list: "#12 [待办] 县中医院综合楼：用地手续未办结（期限 2026-12-02）". */
export function itemLine(t: Translate, org: Org, item: Problem, projectName: string): string {
  return t('supervision.item.line', { number: item.number, status: statusText(t, item.status), project: projectName, text: item.text, due: dueText(t, org, item.dueDate) });
}

/** An overdue item's line, with how many weeks it is overdue. */
export function overdueLine(t: Translate, org: Org, item: Problem, projectName: string, now: Date): string {
  return t('supervision.item.overdue', {
    number: item.number,
    project: projectName,
    text: item.text,
    due: dueText(t, org, item.dueDate),
    weeks: overdueWeeks(item.dueDate, now),
    status: statusText(t, item.status),
  });
}

/** 待办 / 办理中 / 已办结 / 已销号. */
export function statusText(t: Translate, status: string): string {
  return t(`supervision.status.${['open', 'in_progress', 'resolved', 'closed'].includes(status) ? status : 'open'}` as MessageKey);
}

/** 存在问题 / 需协调事项. */
export function kindText(t: Translate, kind: string): string {
  return t(kind === 'coordination' ? 'supervision.kind.coordination' : 'supervision.kind.problem');
}

/** The 批示 / 转办 / 延期 buttons of an item (a leader's digest, a list). */
export function itemButtons(t: Translate, number: number): Button[] {
  return [
    { label: t('supervision.button.instruction', { number }), action: `${ITEM_ACTIONS.instruction}:${number}`, style: 'primary' },
    { label: t('supervision.button.assign', { number }), action: `${ITEM_ACTIONS.assign}:${number}` },
    { label: t('supervision.button.extend', { number }), action: `${ITEM_ACTIONS.extend}:${number}` },
  ];
}

/** The notice a 批示 sends to whoever must act: a reply to it is 办理情况. */
export function instructionNotice(t: Translate, org: Org, input: { item: Problem; projectName: string; by: string; text: string }): OutboundMessage {
  const { item } = input;
  return message(
    [
      { kind: 'heading', text: t('supervision.notice.instruction.title', { number: item.number }) },
      { kind: 'text', lines: [[t('supervision.notice.instruction.body', { by: input.by, project: input.projectName, kind: kindText(t, item.kind) })], [t('supervision.notice.item', { number: item.number, text: item.text, due: dueText(t, org, item.dueDate) })]] },
      { kind: 'quote', text: input.text },
      { kind: 'text', lines: [[t('supervision.notice.reply_hint', { number: item.number })]] },
    ],
    { replyContext: itemReplyContext(item.number), summary: t('supervision.notice.instruction.title', { number: item.number }) },
  );
}

/** The notice of 办理情况 to the leader (or whoever gave the last 批示). */
export function progressNotice(t: Translate, input: { item: Problem; projectName: string; by: string; text: string }): OutboundMessage {
  const { item } = input;
  return message(
    [
      { kind: 'heading', text: t('supervision.notice.progress.title', { number: item.number }) },
      { kind: 'text', lines: [[t('supervision.notice.progress.body', { by: input.by, project: input.projectName, number: item.number, text: item.text })]] },
      { kind: 'quote', text: input.text },
    ],
    { buttons: itemButtons(t, item.number), summary: t('supervision.notice.progress.title', { number: item.number }) },
  );
}

/** The notice of a 转办 to the unit it now belongs to. */
export function assignNotice(t: Translate, org: Org, input: { item: Problem; projectName: string; by: string; unit: string }): OutboundMessage {
  const { item } = input;
  return message(
    [
      { kind: 'heading', text: t('supervision.notice.assign.title', { number: item.number }) },
      { kind: 'text', lines: [[t('supervision.notice.assign.body', { by: input.by, project: input.projectName, kind: kindText(t, item.kind), unit: input.unit })], [t('supervision.notice.item', { number: item.number, text: item.text, due: dueText(t, org, item.dueDate) })]] },
      { kind: 'text', lines: [[t('supervision.notice.reply_hint', { number: item.number })]] },
    ],
    { replyContext: itemReplyContext(item.number), summary: t('supervision.notice.assign.title', { number: item.number }) },
  );
}

/** The notice of a 延期. */
export function extendNotice(t: Translate, org: Org, input: { item: Problem; projectName: string; by: string }): OutboundMessage {
  const { item } = input;
  return message(
    [
      { kind: 'heading', text: t('supervision.notice.extend.title', { number: item.number }) },
      { kind: 'text', lines: [[t('supervision.notice.extend.body', { by: input.by, project: input.projectName, number: item.number, text: item.text, due: dueText(t, org, item.dueDate) })]] },
    ],
    { replyContext: itemReplyContext(item.number), summary: t('supervision.notice.extend.title', { number: item.number }) },
  );
}

/** The notice of a 销号 to the owner and the leader. */
export function closeNotice(t: Translate, input: { item: Problem; projectName: string; by: string; note: string }): OutboundMessage {
  const { item } = input;
  return message(
    [
      { kind: 'heading', text: t('supervision.notice.close.title', { number: item.number }) },
      { kind: 'text', lines: [[t('supervision.notice.close.body', { by: input.by, project: input.projectName, number: item.number, text: item.text, note: input.note })]] },
    ],
    { summary: t('supervision.notice.close.title', { number: item.number }) },
  );
}

/** A report says an item is solved: the coordinators are asked to 销号. */
export function proposedCloseNotice(t: Translate, input: { item: Problem; projectName: string; line: string }): OutboundMessage {
  const { item } = input;
  return message(
    [
      { kind: 'heading', text: t('supervision.notice.proposed.title', { number: item.number }) },
      { kind: 'text', lines: [[t('supervision.notice.proposed.body', { project: input.projectName, number: item.number, text: item.text, line: input.line })], [t('supervision.notice.proposed.hint', { number: item.number })]] },
    ],
    { buttons: [{ label: t('supervision.button.close', { number: item.number }), action: `${ITEM_ACTIONS.close}:${item.number}`, style: 'primary' }], summary: t('supervision.notice.proposed.title', { number: item.number }) },
  );
}

/** Overdue items for one person or group, by ladder step. */
export function overdueNotice(t: Translate, org: Org, input: { audience: 'owner' | 'leader' | 'group'; items: { item: Problem; projectName: string }[]; now: Date; buttons?: boolean }): OutboundMessage {
  const lines: Line[] = input.items.map(({ item, projectName }) => [overdueLine(t, org, item, projectName, input.now)]);
  const blocks: Block[] = [
    { kind: 'heading', text: t('supervision.notice.overdue.title') },
    { kind: 'text', lines: [[t(`supervision.notice.overdue.${input.audience}`)]] },
    { kind: 'list', items: lines },
  ];
  const only = input.items.length === 1 ? input.items[0] : undefined;
  return message(blocks, {
    summary: t('supervision.notice.overdue.title'),
    ...(input.buttons ? { buttons: input.items.slice(0, 3).flatMap(({ item }) => itemButtons(t, item.number)) } : {}),
    ...(input.audience === 'owner' && only ? { replyContext: itemReplyContext(only.item.number) } : {}),
  });
}

/** The prompt a button sends: the next message (or a reply to this one) is the text. */
export function promptView(t: Translate, org: Org, input: { verb: ItemVerb; item: Problem; units?: string[] }): OutboundMessage {
  const { item } = input;
  const params = { number: item.number, text: item.text, due: dueText(t, org, item.dueDate), units: (input.units ?? []).join('、') };
  return message([{ kind: 'text', lines: [[t(`supervision.prompt.${input.verb}`, params)]] }]);
}

/** A one-line reply. */
export function sayView(t: Translate, key: MessageKey, params: Record<string, string | number> = {}): OutboundMessage {
  return message([{ kind: 'text', lines: [[t(key, params)]] }]);
}

/** The 督办 block of a leader's digest: overdue items, then the other items that carry buttons. */
/** Lines for 督办 items in the leader digest's decisions: overdue ones with their weeks, the rest with status and 期限. */
export function digestItemLines(t: Translate, org: Org, items: readonly DigestItem[]): Line[] {
  return items.map((d) =>
    d.weeksOverdue > 0
      ? [t('supervision.item.overdue', { number: d.item.number, project: d.projectName, text: d.item.text, due: dueText(t, org, d.item.dueDate), weeks: d.weeksOverdue, status: statusText(t, d.item.status) })]
      : [itemLine(t, org, d.item, d.projectName)],
  );
}

export function digestItemBlocks(t: Translate, org: Org, items: { overdueItems: readonly DigestItem[]; actionItems: readonly DigestItem[] }): Block[] {
  const blocks: Block[] = [];
  if (items.overdueItems.length) {
    blocks.push({ kind: 'heading', text: t('supervision.digest.overdue', { count: items.overdueItems.length }) });
    blocks.push({
      kind: 'list',
      items: items.overdueItems.map((d) => [
        t('supervision.item.overdue', { number: d.item.number, project: d.projectName, text: d.item.text, due: dueText(t, org, d.item.dueDate), weeks: d.weeksOverdue, status: statusText(t, d.item.status) }),
      ]),
    });
  }
  const others = items.actionItems.filter((d) => d.weeksOverdue === 0);
  if (others.length) {
    blocks.push({ kind: 'heading', text: t('supervision.digest.open', { count: others.length }) });
    blocks.push({ kind: 'list', items: others.map((d) => [itemLine(t, org, d.item, d.projectName)]) });
  }
  return blocks;
}

/** The buttons of a digest's action items. */
export function digestItemButtons(t: Translate, items: readonly DigestItem[]): Button[] {
  return items.flatMap((d) => itemButtons(t, d.item.number));
}
