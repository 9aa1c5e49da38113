// China's working-day calendar: statutory holidays and adjusted working days (调休) from the
// offline `chinese-days` data, corrected by the org's own override entries. Pure: dates are local
// calendar dates "YYYY-MM-DD" in the org's time zone; the caller converts instants.
//
// The data is read from the package's JSON rather than through its date functions: those parse
// and format dates in the process's time zone and answer for the wrong day when the process runs
// west of UTC (verified with TZ=America/New_York: 2026-01-04 came back as a Sunday off).
import { DateTime } from 'luxon';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** How a job that falls on a non-working day moves: not at all (skipped), or to the previous or next working day. */
export type HolidayPolicy = 'skip' | 'previous' | 'next';

/** Every holiday policy. */
export const HOLIDAY_POLICIES: readonly HolidayPolicy[] = ['skip', 'previous', 'next'];

/** A coordinator's correction: this local date is a holiday (休) or a working day (班). */
export interface CalendarOverrideEntry {
  /** Local date "YYYY-MM-DD". */
  date: string;
  kind: 'holiday' | 'workday';
}

/** Why a day is or is not a working day. */
export type DayReason = 'override_holiday' | 'override_workday' | 'statutory_holiday' | 'adjusted_workday' | 'weekend' | 'weekday';

/** A day of the calendar with the reason behind it. */
export interface CalendarDay {
  date: string;
  working: boolean;
  reason: DayReason;
  /** The holiday's name from the data ("国庆节"), when it is a statutory holiday or its make-up day. */
  holidayName?: string;
}

/** The statutory data a calendar reads: local date → "English,中文,n". */
export interface HolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The data shipped with `chinese-days` (statutory holidays and 调休 make-up days since 2004). */
export const CHINESE_DAYS_DATA: HolidayData = { holidays: chineseDays.holidays, workdays: chineseDays.workdays };

/** How many days a shift looks before giving up (the longest run of holidays is far shorter). */
const MAX_SHIFT_DAYS = 31;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written "YYYY-MM-DD". */
export function isIsoDate(date: string): boolean {
  if (!DATE_RE.test(date)) return false;
  return DateTime.fromISO(date, { zone: 'UTC' }).isValid;
}

function day(date: string): DateTime {
  const parsed = DateTime.fromISO(date, { zone: 'UTC' });
  if (!DATE_RE.test(date) || !parsed.isValid) throw new RangeError(`not a date "YYYY-MM-DD": ${date}`);
  return parsed;
}

function chineseName(entry: string | undefined): string | undefined {
  if (!entry) return undefined;
  const parts = entry.split(',');
  return parts[1] || parts[0] || undefined;
}

/**
 * Working days of one org: statutory data plus overrides (an override always wins). Build one per
 * sweep or command; it is cheap.
 */
export class WorkingDayCalendar {
  readonly #overrides: Map<string, 'holiday' | 'workday'>;
  readonly #data: HolidayData;
  readonly #covered: Set<number>;

  constructor(overrides: readonly CalendarOverrideEntry[] = [], data: HolidayData = CHINESE_DAYS_DATA) {
    this.#overrides = new Map(overrides.map((o) => [o.date, o.kind]));
    this.#data = data;
    this.#covered = new Set(Object.keys(data.holidays).map((date) => Number(date.slice(0, 4))));
  }

  /** The day with the reason it is (not) a working day. */
  describe(date: string): CalendarDay {
    const d = day(date);
    const override = this.#overrides.get(date);
    if (override) return { date, working: override === 'workday', reason: override === 'workday' ? 'override_workday' : 'override_holiday' };
    const workday = this.#data.workdays[date];
    if (workday) return { date, working: true, reason: 'adjusted_workday', holidayName: chineseName(workday) };
    const holiday = this.#data.holidays[date];
    if (holiday) return { date, working: false, reason: 'statutory_holiday', holidayName: chineseName(holiday) };
    return d.weekday >= 6 ? { date, working: false, reason: 'weekend' } : { date, working: true, reason: 'weekday' };
  }

  /** Whether the local date is a working day (a 调休 Saturday or Sunday counts). */
  isWorkingDay(date: string): boolean {
    return this.describe(date).working;
  }

  /**
   * The date itself when it is a working day; otherwise the previous or next working day, or null
   * for 'skip' (or when none is found within a month).
   */
  shiftToWorkingDay(date: string, policy: HolidayPolicy): string | null {
    if (this.isWorkingDay(date)) return date;
    if (policy === 'skip') return null;
    const step = policy === 'previous' ? -1 : 1;
    let current = day(date);
    for (let i = 0; i < MAX_SHIFT_DAYS; i += 1) {
      current = current.plus({ days: step });
      const iso = current.toISODate() ?? '';
      if (this.isWorkingDay(iso)) return iso;
    }
    return null;
  }

  /** The first working day of a month (1–12), or null if a month has none. */
  firstWorkingDayOfMonth(year: number, month: number): string | null {
    let current = DateTime.fromObject({ year, month, day: 1 }, { zone: 'UTC' });
    while (current.month === month) {
      const iso = current.toISODate() ?? '';
      if (this.isWorkingDay(iso)) return iso;
      current = current.plus({ days: 1 });
    }
    return null;
  }

  /** The first working day of a quarter (1–4). */
  firstWorkingDayOfQuarter(year: number, quarter: number): string | null {
    return this.firstWorkingDayOfMonth(year, (quarter - 1) * 3 + 1);
  }

  /** The years the statutory data knows (any holiday entry), ascending. */
  coveredYears(): number[] {
    return [...this.#covered].sort((a, b) => a - b);
  }

  /**
   * Whether the statutory data knows the year. `chinese-days` treats a year it lacks as plain
   * weekdays without saying so; this tells coordinators to add the holidays themselves.
   */
  isYearCovered(year: number): boolean {
    return this.#covered.has(year);
  }
}

/** The year the coverage warning is about at a local date, or null: the current year if uncovered, else the next one from December on. */
export function uncoveredYearToWarn(calendar: WorkingDayCalendar, localDate: string): number | null {
  const d = day(localDate);
  if (!calendar.isYearCovered(d.year)) return d.year;
  if (d.month === 12 && !calendar.isYearCovered(d.year + 1)) return d.year + 1;
  return null;
}

/** The longest range /holiday add and /workday add accept at once. */
export const MAX_RANGE_DAYS = 31;

/**
 * Reads a local date as people type it: "2027-02-16", "2027/2/16", "2027.2.16", "2027年2月16日",
 * or without a year ("2-16", "2月16日", taken in `defaultYear`). Null when it is not a real date.
 */
export function parseDateText(text: string, defaultYear: number): string | null {
  const value = text.trim().normalize('NFKC');
  const match = /^(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(value);
  if (!match) return null;
  const date = DateTime.fromObject({ year: match[1] ? Number(match[1]) : defaultYear, month: Number(match[2]), day: Number(match[3]) }, { zone: 'UTC' });
  return date.isValid ? (date.toISODate() ?? null) : null;
}

/**
 * Reads one date or a range "A~B" (also "A..B", "A至B", "A到B", "A — B") into the list of dates;
 * an error when a date is unreadable, the range runs backwards or is longer than MAX_RANGE_DAYS.
 */
export function parseDateRange(text: string, defaultYear: number): { dates: string[] } | { error: 'bad_date' | 'too_long' } {
  const parts = text
    .trim()
    .normalize('NFKC')
    .split(/\s*(?:~|\.\.|至|到|—|–|\s-\s)\s*/);
  if (parts.length > 2 || parts.some((p) => !p)) return { error: 'bad_date' };
  const [first, last = first] = parts.map((p) => parseDateText(p, defaultYear));
  if (!first || !last || last < first) return { error: 'bad_date' };
  const dates: string[] = [];
  for (let d = DateTime.fromISO(first, { zone: 'UTC' }); (d.toISODate() ?? '') <= last; d = d.plus({ days: 1 })) {
    if (dates.length >= MAX_RANGE_DAYS) return { error: 'too_long' };
    dates.push(d.toISODate() ?? '');
  }
  return { dates };
}
