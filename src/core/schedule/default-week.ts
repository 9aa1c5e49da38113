// Which week /digest, /status and /export mean when none is named. On Monday morning the new week
// is empty: until its deadline the week people mean is the last closed one, so that is the default
// (said in one line). A week may be named: "2026-W47", "W47", "本周" / "this" (the open week),
// "上周" / "last".
import type { Translate } from '../messages/catalog/index.ts';
import { compareWeeks, deadlineOf, formatWeek, isValidWeek, shiftWeek, weekOf, type DeadlineRule, type IsoWeek } from '../rules/period.ts';
import { weekLabel } from '../views/format.ts';

/** The week in effect now: the open week once its deadline passed, else the week before it. */
export function lastClosedWeek(now: Date, zone: string, deadline: DeadlineRule): IsoWeek {
  const current = weekOf(now, zone);
  return now.getTime() >= deadlineOf(current, zone, deadline).getTime() ? current : shiftWeek(current, -1);
}

/** What a week word in a command names. */
export type WeekWord = { kind: 'week'; week: IsoWeek } | { kind: 'this' } | { kind: 'last' } | { kind: 'bad'; text: string };

const THIS_WORDS = new Set(['本周', 'this', 'thisweek', '这周']);
const LAST_WORDS = new Set(['上周', 'last', 'lastweek']);

/** Reads one word as a week ("2026-W47", "2026w47", "W47" in the current year), or null when it is not one. */
export function readWeekWord(word: string, now: Date, zone: string): WeekWord | null {
  const lower = word.trim().toLowerCase();
  if (THIS_WORDS.has(lower)) return { kind: 'this' };
  if (LAST_WORDS.has(lower)) return { kind: 'last' };
  const full = /^(\d{4})-?w(\d{1,2})$/.exec(lower);
  const short = /^w(\d{1,2})$/.exec(lower) ?? /^第(\d{1,2})周$/.exec(lower);
  if (!full && !short) return null;
  const week = full ? { year: Number(full[1]), week: Number(full[2]) } : { year: weekOf(now, zone).year, week: Number(short?.[1]) };
  return isValidWeek(week) ? { kind: 'week', week } : { kind: 'bad', text: word };
}

/** The week a command reads, and whether it was chosen by default while the open week runs. */
export type ChosenWeek = { ok: true; week: IsoWeek; byDefault: boolean } | { ok: false; reason: 'future' | 'bad'; text: string };

/** The week for a command: the named one, else the last closed week. A week after the open one is refused. */
export function chooseWeek(word: WeekWord | null, now: Date, zone: string, deadline: DeadlineRule): ChosenWeek {
  const current = weekOf(now, zone);
  if (!word) {
    const week = lastClosedWeek(now, zone, deadline);
    return { ok: true, week, byDefault: compareWeeks(week, current) < 0 };
  }
  if (word.kind === 'bad') return { ok: false, reason: 'bad', text: word.text };
  if (word.kind === 'this') return { ok: true, week: current, byDefault: false };
  if (word.kind === 'last') return { ok: true, week: shiftWeek(current, -1), byDefault: false };
  if (compareWeeks(word.week, current) > 0) return { ok: false, reason: 'future', text: formatWeek(word.week) };
  return { ok: true, week: word.week, byDefault: false };
}

/** The one line that says the last closed week is shown, and how to see the open one. */
export function closedWeekNote(t: Translate, week: IsoWeek, command: string): string {
  return t('schedule.week.closed_default', { week: weekLabel(t, week), open: weekLabel(t, shiftWeek(week, 1)), command });
}

/** The answer to a week that cannot be read or has not begun. */
export function badWeekText(t: Translate, chosen: Extract<ChosenWeek, { ok: false }>): string {
  return t(chosen.reason === 'future' ? 'schedule.week.future' : 'schedule.week.bad', { week: chosen.text });
}
