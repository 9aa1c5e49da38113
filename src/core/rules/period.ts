// ISO weeks (Monday to Sunday) in an org's time zone: the periods reports are filed for.
import { DateTime, type WeekdayNumbers } from 'luxon';

/** An ISO week: week-numbering year and week number (1–53). */
export interface IsoWeek {
  year: number;
  week: number;
}

/** When a week's report is due: a weekday (1 = Monday … 7 = Sunday) and a local time "HH:mm". */
export interface DeadlineRule {
  weekday: number;
  time: string;
}

export const DEFAULT_DEADLINE: DeadlineRule = { weekday: 5, time: '17:00' };

/**
 * Remembers a pure function's answers by key (the last few thousand): luxon's time-zone arithmetic
 * costs tens of microseconds a call, and every filed report asks the same few questions (this week,
 * last week, its deadline) again.
 */
function remembered<V>(limit = 4096): (key: string, compute: () => V) => V {
  const answers = new Map<string, V>();
  return (key, compute) => {
    const known = answers.get(key);
    if (known !== undefined) return known;
    const value = compute();
    if (answers.size >= limit) answers.clear();
    answers.set(key, value);
    return value;
  };
}

/** IsoWeek values handed out from a memo are frozen, so no caller can change another's answer. */
function frozenWeek(year: number, week: number): IsoWeek {
  return Object.freeze({ year, week });
}

/**
 * Every time zone's offsets, and so its local midnights and DST changes, fall on a quarter hour in
 * UTC (from +05:45 to +12:45, for every date this bot files), so any instant in one quarter hour
 * is in the same local day as the others.
 */
const QUARTER_HOUR_MS = 15 * 60 * 1000;

const weekOfMemo = remembered<IsoWeek>();
const shiftWeekMemo = remembered<IsoWeek>();
const deadlineMemo = remembered<number>();
const weeksInYearMemo = remembered<number>(256);
const weekDatesMemo = remembered<Readonly<{ monday: string; sunday: string }>>();

/** "2026-W47". */
export function formatWeek(week: IsoWeek): string {
  return `${week.year}-W${String(week.week).padStart(2, '0')}`;
}

/** Parses "2026-W47" (the stored form). Returns null for anything else or a week the year lacks. */
export function parseWeekId(id: string): IsoWeek | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(id);
  if (!match) return null;
  const week = { year: Number(match[1]), week: Number(match[2]) };
  return isValidWeek(week) ? week : null;
}

/** 52 or 53: the number of ISO weeks in a week-numbering year. */
export function weeksInYear(year: number): number {
  return weeksInYearMemo(String(year), () => DateTime.fromObject({ year, month: 12, day: 28 }, { zone: 'UTC' }).weekNumber);
}

export function isValidWeek(week: IsoWeek): boolean {
  return Number.isInteger(week.year) && week.year >= 2000 && week.year <= 2100 && Number.isInteger(week.week) && week.week >= 1 && week.week <= weeksInYear(week.year);
}

/** The ISO week an instant falls in, in a time zone. */
export function weekOf(instant: Date, zone: string): IsoWeek {
  return weekOfMemo(`${zone}|${Math.floor(instant.getTime() / QUARTER_HOUR_MS)}`, () => {
    const local = DateTime.fromJSDate(instant, { zone });
    return frozenWeek(local.weekYear, local.weekNumber);
  });
}

/** The week `delta` weeks after (or before, if negative) `week`. */
export function shiftWeek(week: IsoWeek, delta: number): IsoWeek {
  return shiftWeekMemo(`${week.year}|${week.week}|${delta}`, () => {
    const monday = DateTime.fromObject({ weekYear: week.year, weekNumber: week.week, weekday: 1 }, { zone: 'UTC' }).plus({ weeks: delta });
    return frozenWeek(monday.weekYear, monday.weekNumber);
  });
}

/** Whole weeks from a to b (b − a). */
export function weeksBetween(a: IsoWeek, b: IsoWeek): number {
  const start = (w: IsoWeek) => DateTime.fromObject({ weekYear: w.year, weekNumber: w.week, weekday: 1 }, { zone: 'UTC' });
  return Math.round(start(b).diff(start(a), 'weeks').weeks);
}

export function compareWeeks(a: IsoWeek, b: IsoWeek): number {
  return a.year - b.year || a.week - b.week;
}

/** Monday 00:00 of the week in the zone, as an instant. */
export function weekStart(week: IsoWeek, zone: string): Date {
  return DateTime.fromObject({ weekYear: week.year, weekNumber: week.week, weekday: 1 }, { zone }).startOf('day').toJSDate();
}

/** The instant the week ends: the next Monday 00:00 in the zone (exclusive). */
export function weekEnd(week: IsoWeek, zone: string): Date {
  return weekStart(shiftWeek(week, 1), zone);
}

/** The local calendar dates of the week's Monday and Sunday, "2026-11-16" and "2026-11-22". */
export function weekDates(week: IsoWeek): Readonly<{ monday: string; sunday: string }> {
  return weekDatesMemo(`${week.year}|${week.week}`, () => {
    const monday = DateTime.fromObject({ weekYear: week.year, weekNumber: week.week, weekday: 1 }, { zone: 'UTC' });
    return Object.freeze({ monday: monday.toISODate() ?? '', sunday: monday.plus({ days: 6 }).toISODate() ?? '' });
  });
}

/** The instant a week's report is due. A weekday after Sunday is not allowed; 7 means Sunday of the same week. */
export function deadlineOf(week: IsoWeek, zone: string, rule: DeadlineRule = DEFAULT_DEADLINE): Date {
  const at = deadlineMemo(`${zone}|${week.year}|${week.week}|${rule.weekday}|${rule.time}`, () => {
    const [hour, minute] = rule.time.split(':').map(Number);
    return DateTime.fromObject({ weekYear: week.year, weekNumber: week.week, weekday: rule.weekday as WeekdayNumbers, hour: hour ?? 0, minute: minute ?? 0 }, { zone }).toMillis();
  });
  return new Date(at);
}

/** True when a report for `week` filed at `now` is late (补报): the week's deadline has passed. */
export function isLate(week: IsoWeek, now: Date, zone: string, rule: DeadlineRule = DEFAULT_DEADLINE): boolean {
  return now.getTime() > deadlineOf(week, zone, rule).getTime();
}

/** How the sender named the week, as the grammar reads it. */
export type WeekRef = { kind: 'this' } | { kind: 'last' } | { kind: 'iso'; year: number; week: number } | { kind: 'number'; week: number };

/** The week a report is for. Future weeks and weeks a year lacks are refused. */
export function resolveWeek(
  ref: WeekRef | undefined,
  now: Date,
  zone: string,
): { ok: true; week: IsoWeek } | { ok: false; reason: 'no_such_week' | 'future' } {
  const current = weekOf(now, zone);
  if (!ref || ref.kind === 'this') return { ok: true, week: current };
  if (ref.kind === 'last') return { ok: true, week: shiftWeek(current, -1) };
  // A bare week number is the latest week with that number: in January, 第52周 is last year's.
  const year = ref.kind === 'iso' ? ref.year : ref.week > current.week ? current.year - 1 : current.year;
  const week = { year, week: ref.week };
  if (!isValidWeek(week)) return { ok: false, reason: 'no_such_week' };
  if (compareWeeks(week, current) > 0) return { ok: false, reason: 'future' };
  return { ok: true, week };
}

/** The local date "YYYY-MM-DD" of an instant in a zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/** "2026-11-20 17:00" in the zone. */
export function localDateTime(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** Share of the calendar year elapsed at `now` in the zone, 0–1 (for the expected investment pace). */
export function yearElapsedShare(now: Date, zone: string): number {
  const local = DateTime.fromJSDate(now, { zone });
  const start = local.startOf('year');
  const end = start.plus({ years: 1 });
  return local.diff(start).toMillis() / end.diff(start).toMillis();
}
