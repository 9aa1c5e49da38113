// The rules of a 督办 item, pure: its 期限 (due date), when it is overdue and how far up the ladder
// that takes it, who may see and act on it, how a 延期 date is written, and how a later report says
// an item is solved (which proposes 销号, never closes it).
import { DateTime } from 'luxon';
import type { ItemKind, ProblemStatus } from '../model.ts';
import { escalationActions, type EscalationActions, type EscalationThresholds } from '../rules/escalation.ts';
import { normalizeName } from '../rules/project-match.ts';
import { isNone, splitItems } from '../rules/submission/values.ts';

const WEEK_MS = 7 * 24 * 3_600_000;

/** Statuses an item may still be acted on in (everything before 已销号). */
export const OPEN_ITEM_STATUSES: readonly ProblemStatus[] = ['open', 'in_progress', 'resolved'];

/** Statuses that count for 超期 (overdue): 待办 and 办理中; 已办结 waits only for the coordinator's 销号. */
export const ACTIVE_ITEM_STATUSES: readonly ProblemStatus[] = ['open', 'in_progress'];

/**
 * The 期限 of an item raised at `at`: the end of the local day `weeks` weeks later (the instant the
 * next day starts), so "期限 12月2日" means the item may be done during all of 2 December.
 */
export function defaultDueDate(at: Date, zone: string, weeks: number): Date {
  return DateTime.fromJSDate(at, { zone }).plus({ weeks }).startOf('day').plus({ days: 1 }).toJSDate();
}

/** The local date a 期限 is written as ("2026-12-02"): the day before the instant it ends. */
export function dueDay(due: Date, zone: string): string {
  return DateTime.fromJSDate(new Date(due.getTime() - 1), { zone }).toISODate() ?? '';
}

/**
 * Reads a new 期限 as typed for 延期: "2026-12-31", "12-31", "12月31日", "12/31", or a span from
 * today: "2周" / "2w" / "10天" / "10d". Returns the instant the day ends, or null when unreadable,
 * not a real date, or not after `now`.
 */
export function parseDueDate(text: string, now: Date, zone: string): Date | null {
  const s = text.trim().replace(/\s+/g, '');
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  let day: DateTime | null = null;
  const span = /^\+?(\d{1,3})(周|星期|w|week|weeks|天|日|d|day|days)$/i.exec(s);
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  const short = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (span) {
    const n = Number(span[1]);
    day = /周|星期|w/i.test(span[2] ?? '') ? today.plus({ weeks: n }) : today.plus({ days: n });
  } else if (full) {
    day = DateTime.fromObject({ year: Number(full[1]), month: Number(full[2]), day: Number(full[3]) }, { zone });
  } else if (short) {
    day = DateTime.fromObject({ year: today.year, month: Number(short[1]), day: Number(short[2]) }, { zone });
    // "1月10日" typed in December means next January.
    if (day.isValid && day < today) day = day.plus({ years: 1 });
  }
  if (!day || !day.isValid) return null;
  const end = day.plus({ days: 1 }).toJSDate();
  return end.getTime() > now.getTime() ? end : null;
}

/** Whole weeks an item is overdue at `now`, counting the week it fell due as 1; 0 when not overdue. */
export function overdueWeeks(due: Date | null, now: Date): number {
  if (!due || now.getTime() < due.getTime()) return 0;
  return Math.floor((now.getTime() - due.getTime()) / WEEK_MS) + 1;
}

/** Whether an item counts as 超期 at `now`: still 待办 or 办理中 and past its 期限. */
export function isOverdue(item: { status: string; dueDate: Date | null }, now: Date): boolean {
  return (ACTIVE_ITEM_STATUSES as readonly string[]).includes(item.status) && overdueWeeks(item.dueDate, now) > 0;
}

/**
 * The escalation ladder for an overdue item, the same as for missed reports: the first week the
 * owner is told, from `leaderAfter` weeks the leader too, from `standingsAfter` weeks the group.
 */
export function overdueActions(item: { status: string; dueDate: Date | null }, now: Date, thresholds: EscalationThresholds): EscalationActions {
  if (!isOverdue(item, now)) return { nudgeOwner: false, tellLeader: false, listInStandings: false };
  return escalationActions(overdueWeeks(item.dueDate, now), thresholds);
}

/** The people of an item's project, and who it was given to. */
export interface ItemPeople {
  orgId: string;
  leaderId: string | null;
  ownerId: string | null;
  assigneePersonId: string | null;
}

/** Only the project's owner, leader and the org's coordinators see an item (and the person it was given to). */
export function canSeeItem(person: { id: string; orgId: string; isCoordinator: boolean }, item: ItemPeople): boolean {
  if (person.orgId !== item.orgId) return false;
  return person.isCoordinator || [item.leaderId, item.ownerId, item.assigneePersonId].includes(person.id);
}

/** 批示 / 转办 / 延期: the project's leader or a coordinator. */
export function canDirectItem(person: { id: string; orgId: string; isCoordinator: boolean }, item: ItemPeople): boolean {
  if (person.orgId !== item.orgId) return false;
  return person.isCoordinator || item.leaderId === person.id;
}

/** 办理情况: whoever sees the item (the owner first of all). */
export const canReportOnItem = canSeeItem;

const SOLVED = '(?:已解决|已经解决|已办结|已完成|已落实|已处理|solved|resolved|done)';
const BY_NUMBER = new RegExp(`^(?:问题|事项|督办)?\\s*[#＃]?\\s*(\\d+)\\s*(?:号问题|号事项|号)?\\s*[:：,，]?\\s*${SOLVED}[。.!！]?$`, 'i');
const PREFIXED = new RegExp(`^${SOLVED}\\s*[:：]\\s*(.+)$`, 'i');
const SUFFIXED = new RegExp(`^(.+?)\\s*[（(]?\\s*${SOLVED}\\s*[)）]?[。.!！]?$`, 'i');

/** What a line of a report says is solved: an item number, or an item's text. */
export type SolvedMention = { number: number } | { text: string };

/**
 * Reads a line that says an item is solved: 「问题1已解决」「#3 已办结」「已解决：用地手续」
 * 「用地手续（已解决）」. Null for any other line (which is an item in its own right).
 */
export function solvedMention(line: string): SolvedMention | null {
  const s = line.trim();
  const byNumber = BY_NUMBER.exec(s);
  if (byNumber) return { number: Number(byNumber[1]) };
  const prefixed = PREFIXED.exec(s) ?? SUFFIXED.exec(s);
  if (prefixed?.[1]) return { text: prefixed[1].trim() };
  return null;
}

/** The open item a mention names, among the project's items (by number, or by the same text). */
export function matchSolved<T extends { number: number; text: string }>(mention: SolvedMention, items: readonly T[]): T | undefined {
  if ('number' in mention) return items.find((i) => i.number === mention.number);
  const wanted = normalizeName(mention.text);
  return items.find((i) => normalizeName(i.text) === wanted);
}

/** The 需协调事项 field as separate items, split as 存在问题 are (one per numbered point or line); "无" is none. */
export function splitCoordination(help: string | undefined): string[] {
  if (!help) return [];
  return splitItems(help.split('\n')).filter((line) => !isNone(line));
}

/** The item's kind as stored. */
export function itemKindOf(value: string): ItemKind {
  return value === 'coordination' ? 'coordination' : 'problem';
}

/**
 * Whether an open item counts as 超期问题 in the standings at `at`: past its 期限; an item without
 * one (raised before 督办 existed) when older than `overdueAfterWeeks` weeks (settings.digest).
 */
export function countsAsOverdue(item: { status: string; dueDate: Date | null }, ageWeeks: number, at: Date, overdueAfterWeeks: number): boolean {
  if (!item.dueDate) return (ACTIVE_ITEM_STATUSES as readonly string[]).includes(item.status) && ageWeeks >= overdueAfterWeeks;
  return isOverdue(item, at);
}
