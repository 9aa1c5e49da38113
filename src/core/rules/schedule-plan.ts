// Which scheduled jobs fall due in a range of instants. Pure: settings, the org's time zone and its
// working-day calendar in; occurrences out. Wall-clock times are in the org's zone, so a job stays
// at 16:00 local across daylight-saving changes (luxon does the arithmetic).
//
// Periods: weekly jobs carry the ISO week they are for ("2026-W47"); the digest carries the week it
// summarises (the one before its day), the monthly and quarterly jobs the month ("2026-11") and
// quarter ("2026-Q4") they summarise, i.e. the one before the first working day they run on.
import { DateTime, type WeekdayNumbers } from 'luxon';
import type { JobName, OrgSettings } from '../settings.ts';
import { compareWeeks, deadlineOf, formatWeek, shiftWeek, weekEnd, weekOf, weekStart, type IsoWeek } from './period.ts';
import type { HolidayPolicy, WorkingDayCalendar } from './working-days.ts';

/** Every job the planner knows, in the order they run when due at the same instant. */
export const JOB_NAMES: readonly JobName[] = ['deadline', 'digest', 'monthly', 'quarterly', 'reminder', 'nudge'];

/** One job due once for one period. */
export interface JobOccurrence {
  job: JobName;
  /** "2026-W47", "2026-11" or "2026-Q4". */
  period: string;
  /** When it runs: the nominal time moved to a working day. For a skipped one, the nominal time. */
  dueAt: Date;
  /** Where the settings put it before any holiday move. */
  nominalAt: Date;
  /** 'none' when it stays, 'previous'/'next' when moved, 'skipped' when it does not run (holiday). */
  shift: 'none' | 'previous' | 'next' | 'skipped';
  /**
   * False when the job's setting is off. Only the deadline is listed while off: it still closes the
   * week silently, so the escalation ladder can count misses.
   */
  enabled: boolean;
}

/** What the planner needs: settings, zone, calendar and the range (from, to]. */
export interface PlanInput {
  settings: OrgSettings;
  zone: string;
  calendar: WorkingDayCalendar;
  /** Exclusive start of the range. */
  from: Date;
  /** Inclusive end of the range. */
  to: Date;
}

/** Local wall-clock time "HH:mm" on a local date, as an instant in the zone (a time in a DST gap moves forward). */
export function atLocalTime(date: string, time: string, zone: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromISO(date, { zone }).set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 }).toJSDate();
}

function localDateOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

function dateInWeek(week: IsoWeek, weekday: number): string {
  return DateTime.fromObject({ weekYear: week.year, weekNumber: week.week, weekday: weekday as WeekdayNumbers }, { zone: 'UTC' }).toISODate() ?? '';
}

/**
 * Moves a nominal occurrence to a working day and keeps it only inside its window [earliest, latest):
 * a reminder moved out of its week, or a digest moved before the deadline, is skipped.
 */
function place(
  calendar: WorkingDayCalendar,
  nominalDate: string,
  time: string,
  zone: string,
  policy: HolidayPolicy,
  window: { earliest: Date; latest: Date },
): Pick<JobOccurrence, 'dueAt' | 'nominalAt' | 'shift'> {
  const nominalAt = atLocalTime(nominalDate, time, zone);
  const date = calendar.shiftToWorkingDay(nominalDate, policy);
  if (date === null) return { dueAt: nominalAt, nominalAt, shift: 'skipped' };
  const dueAt = date === nominalDate ? nominalAt : atLocalTime(date, time, zone);
  if (dueAt < window.earliest || dueAt >= window.latest) return { dueAt: nominalAt, nominalAt, shift: 'skipped' };
  return { dueAt, nominalAt, shift: date === nominalDate ? 'none' : (policy as 'previous' | 'next') };
}

/** The occurrence of a weekly job for a week (reminder, nudge, deadline, digest). */
export function weeklyOccurrence(job: 'reminder' | 'nudge' | 'deadline' | 'digest', week: IsoWeek, input: Omit<PlanInput, 'from' | 'to'>): JobOccurrence {
  const { settings, zone, calendar } = input;
  const period = formatWeek(week);
  const deadline = deadlineOf(week, zone, settings.deadline);
  // A deadline notice or digest moved past a long holiday (Spring Festival) still runs, up to two weeks on.
  const latestSummary = weekEnd(shiftWeek(week, 2), zone);
  if (job === 'deadline') {
    const setting = settings.jobs.deadline;
    const date = localDateOf(deadline, zone);
    const placed = place(calendar, date, settings.deadline.time, zone, setting.holiday, { earliest: deadline, latest: latestSummary });
    return { job, period, ...placed, enabled: setting.enabled };
  }
  const setting = settings.jobs[job];
  if (job === 'digest') {
    // The digest runs in the week after the one it summarises, never before that week's deadline.
    const date = dateInWeek(shiftWeek(week, 1), setting.weekday);
    const placed = place(calendar, date, setting.time, zone, setting.holiday, { earliest: deadline, latest: latestSummary });
    return { job, period, ...placed, enabled: setting.enabled };
  }
  const date = dateInWeek(week, setting.weekday);
  const placed = place(calendar, date, setting.time, zone, setting.holiday, { earliest: weekStart(week, zone), latest: weekEnd(week, zone) });
  return { job, period, ...placed, enabled: setting.enabled };
}

/** "2026-11". */
export function formatMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** "2026-Q4". */
export function formatQuarter(year: number, quarter: number): string {
  return `${year}-Q${quarter}`;
}

/**
 * The monthly job that runs in (year, month): on its first working day, for the month before.
 * Null when the month has no working day at all.
 */
export function monthlyOccurrence(year: number, month: number, input: Omit<PlanInput, 'from' | 'to'>): JobOccurrence | null {
  const { settings, zone, calendar } = input;
  const date = calendar.firstWorkingDayOfMonth(year, month);
  if (!date) return null;
  const at = atLocalTime(date, settings.jobs.monthly.time, zone);
  const before = DateTime.fromObject({ year, month, day: 1 }, { zone: 'UTC' }).minus({ months: 1 });
  return { job: 'monthly', period: formatMonth(before.year, before.month), dueAt: at, nominalAt: at, shift: 'none', enabled: settings.jobs.monthly.enabled };
}

/** The quarterly job that runs in (year, quarter): on its first working day, for the quarter before. */
export function quarterlyOccurrence(year: number, quarter: number, input: Omit<PlanInput, 'from' | 'to'>): JobOccurrence | null {
  const { settings, zone, calendar } = input;
  const date = calendar.firstWorkingDayOfQuarter(year, quarter);
  if (!date) return null;
  const at = atLocalTime(date, settings.jobs.quarterly.time, zone);
  const before = quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
  return { job: 'quarterly', period: formatQuarter(before.year, before.quarter), dueAt: at, nominalAt: at, shift: 'none', enabled: settings.jobs.quarterly.enabled };
}

/**
 * Every occurrence with from < dueAt ≤ to, ordered by dueAt (then JOB_NAMES order). Disabled jobs
 * are left out, except the deadline (listed with enabled false: it closes the week silently).
 * Skipped occurrences (holiday with nowhere to go) are listed with shift 'skipped' at their nominal time.
 */
export function planJobs(input: PlanInput): JobOccurrence[] {
  const { zone, from, to } = input;
  if (to <= from) return [];
  const out: JobOccurrence[] = [];
  const inRange = (o: JobOccurrence | null): o is JobOccurrence => o !== null && o.dueAt > from && o.dueAt <= to && (o.enabled || o.job === 'deadline');

  // Weekly: a job for week W runs between W's start and the end of W+2, so look from three weeks back.
  const first = shiftWeek(weekOf(from, zone), -3);
  const last = weekOf(to, zone);
  for (let week = first; compareWeeks(week, last) <= 0; week = shiftWeek(week, 1)) {
    for (const job of ['reminder', 'nudge', 'deadline', 'digest'] as const) {
      const occurrence = weeklyOccurrence(job, week, input);
      if (inRange(occurrence)) out.push(occurrence);
    }
  }

  // Monthly and quarterly: the first working day lies in the month itself.
  const start = DateTime.fromJSDate(from, { zone }).startOf('month');
  const end = DateTime.fromJSDate(to, { zone }).startOf('month');
  for (let month = start; month <= end; month = month.plus({ months: 1 })) {
    const monthly = monthlyOccurrence(month.year, month.month, input);
    if (inRange(monthly)) out.push(monthly);
    if ((month.month - 1) % 3 === 0) {
      const quarterly = quarterlyOccurrence(month.year, (month.month - 1) / 3 + 1, input);
      if (inRange(quarterly)) out.push(quarterly);
    }
  }

  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || JOB_NAMES.indexOf(a.job) - JOB_NAMES.indexOf(b.job));
}

