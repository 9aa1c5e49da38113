import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  deadlineOf,
  formatWeek,
  isLate,
  parseWeekId,
  resolveWeek,
  shiftWeek,
  weekDates,
  weekEnd,
  weekOf,
  weekStart,
  weeksBetween,
  weeksInYear,
} from '../../../src/core/rules/period.ts';

const SH = 'Asia/Shanghai';

describe('ISO weeks in the org time zone', () => {
  it.each([
    // instant (UTC)               zone              week
    ['2026-11-22T15:59:59Z', SH, '2026-W47'], // Sunday 23:59:59 in Shanghai
    ['2026-11-22T16:00:00Z', SH, '2026-W48'], // Monday 00:00 in Shanghai, still Sunday in UTC
    ['2026-11-22T16:00:00Z', 'UTC', '2026-W47'],
    ['2020-12-31T12:00:00Z', SH, '2020-W53'], // 2020 has 53 weeks
    ['2021-01-03T15:00:00Z', SH, '2020-W53'], // Sunday 3 Jan 2021 still belongs to 2020-W53
    ['2021-01-03T16:00:00Z', SH, '2021-W01'],
    ['2024-12-30T01:00:00Z', SH, '2025-W01'], // Monday 30 Dec 2024 starts 2025-W01
    ['2026-12-31T10:00:00Z', SH, '2026-W53'], // 2026 has 53 weeks
    ['2027-01-01T10:00:00Z', SH, '2026-W53'],
    ['2027-01-04T10:00:00Z', SH, '2027-W01'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(formatWeek(weekOf(new Date(instant), zone))).toBe(expected);
  });

  it('knows which years have 53 weeks', () => {
    expect([2020, 2021, 2025, 2026, 2027, 2032].map(weeksInYear)).toEqual([53, 52, 52, 53, 52, 53]);
  });

  it('parses only stored week ids that exist', () => {
    expect(parseWeekId('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseWeekId('2025-W53')).toBeNull();
    expect(parseWeekId('2026-W00')).toBeNull();
    expect(parseWeekId('2026W47')).toBeNull();
  });

  it('shifts across year boundaries', () => {
    expect(formatWeek(shiftWeek({ year: 2026, week: 53 }, 1))).toBe('2027-W01');
    expect(formatWeek(shiftWeek({ year: 2027, week: 1 }, -1))).toBe('2026-W53');
    expect(formatWeek(shiftWeek({ year: 2025, week: 1 }, -1))).toBe('2024-W52');
    expect(weeksBetween({ year: 2026, week: 52 }, { year: 2027, week: 2 })).toBe(3);
  });

  it('starts weeks on Monday midnight in the zone', () => {
    expect(weekStart({ year: 2026, week: 48 }, SH).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(weekEnd({ year: 2026, week: 47 }, SH).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(weekDates({ year: 2026, week: 53 })).toEqual({ monday: '2026-12-28', sunday: '2027-01-03' });
  });

  it('puts the deadline on Friday 17:00 local by default, also across DST', () => {
    expect(deadlineOf({ year: 2026, week: 47 }, SH).toISOString()).toBe('2026-11-20T09:00:00.000Z');
    // New York: week 10 of 2026 ends after DST starts on Sunday 8 March; Friday 6 March is still EST.
    expect(deadlineOf({ year: 2026, week: 10 }, 'America/New_York').toISOString()).toBe('2026-03-06T22:00:00.000Z');
    expect(deadlineOf({ year: 2026, week: 11 }, 'America/New_York').toISOString()).toBe('2026-03-13T21:00:00.000Z');
  });

  it('counts a filing after the deadline as late', () => {
    const week = { year: 2026, week: 47 };
    expect(isLate(week, new Date('2026-11-20T08:59:59Z'), SH)).toBe(false);
    expect(isLate(week, new Date('2026-11-20T09:00:01Z'), SH)).toBe(true);
  });

  it('resolves the week a sender names', () => {
    const now = new Date('2027-01-04T02:00:00Z'); // Monday 2027-W01 in Shanghai
    expect(resolveWeek(undefined, now, SH)).toEqual({ ok: true, week: { year: 2027, week: 1 } });
    expect(resolveWeek({ kind: 'last' }, now, SH)).toEqual({ ok: true, week: { year: 2026, week: 53 } });
    expect(resolveWeek({ kind: 'iso', year: 2026, week: 53 }, now, SH)).toEqual({ ok: true, week: { year: 2026, week: 53 } });
    expect(resolveWeek({ kind: 'iso', year: 2025, week: 53 }, now, SH)).toEqual({ ok: false, reason: 'no_such_week' });
    expect(resolveWeek({ kind: 'iso', year: 2027, week: 2 }, now, SH)).toEqual({ ok: false, reason: 'future' });
    expect(resolveWeek({ kind: 'number', week: 52 }, now, SH)).toEqual({ ok: true, week: { year: 2026, week: 52 } });
    expect(resolveWeek({ kind: 'number', week: 1 }, now, SH)).toEqual({ ok: true, week: { year: 2027, week: 1 } });
  });

  it('answers from memory exactly as luxon does, minute by minute around local midnights and DST changes', () => {
    // Remembered answers are shared per quarter hour of UTC: every zone's local midnight and DST
    // change falls on one, including the +05:45 and +12:45 zones and a 30-minute DST (Lord Howe).
    const cases = [
      ['Asia/Kathmandu', '2026-11-22T18:00:00Z'], // Monday 00:00 at +05:45 is 18:15 UTC
      ['Pacific/Chatham', '2026-04-04T10:00:00Z'], // DST ends Sunday 5 April 03:45 local
      ['Australia/Lord_Howe', '2026-04-04T14:00:00Z'], // DST ends 02:00 local, back 30 minutes
      ['America/New_York', '2026-11-01T05:00:00Z'], // DST ends Sunday 1 November
      [SH, '2026-11-22T15:00:00Z'],
    ] as const;
    for (const [zone, from] of cases) {
      for (let minute = 0; minute <= 24 * 60; minute += 1) {
        const instant = new Date(Date.parse(from) + minute * 60_000);
        const local = DateTime.fromJSDate(instant, { zone });
        expect(weekOf(instant, zone), `${zone} ${instant.toISOString()}`).toEqual({ year: local.weekYear, week: local.weekNumber });
      }
    }
  });

  it('hands out remembered weeks that no caller can change', () => {
    const week = shiftWeek({ year: 2026, week: 47 }, 1);
    expect(() => Object.assign(week, { week: 1 })).toThrow(TypeError);
    expect(shiftWeek({ year: 2026, week: 47 }, 1)).toEqual({ year: 2026, week: 48 });
    const deadline = deadlineOf({ year: 2026, week: 47 }, SH);
    deadline.setTime(0);
    expect(deadlineOf({ year: 2026, week: 47 }, SH).toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });
});
