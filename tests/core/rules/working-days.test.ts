import chineseDays from 'chinese-days';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseDateRange, parseDateText, uncoveredYearToWarn, WorkingDayCalendar } from '../../../src/core/rules/working-days.ts';

describe('the working-day calendar', () => {
  const calendar = new WorkingDayCalendar();

  it('knows statutory holidays and 调休 make-up workdays', () => {
    expect(calendar.describe('2026-10-01')).toMatchObject({ working: false, reason: 'statutory_holiday', holidayName: '国庆节' });
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true); // Sunday, New Year make-up day
    expect(calendar.describe('2026-01-04').reason).toBe('adjusted_workday');
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday, Spring Festival make-up day
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // Monday in the Spring Festival
    expect(calendar.isWorkingDay('2026-11-21')).toBe(false); // plain Saturday
    expect(calendar.isWorkingDay('2026-11-20')).toBe(true); // plain Friday
  });

  it('agrees with chinese-days on every day of 2025 and 2026 (its data, read directly)', () => {
    // chinese-days' own functions are right in this process's zone only east of UTC; the test process runs in one.
    const offset = DateTime.local().offset;
    if (offset < 0) return;
    for (let d = DateTime.fromISO('2025-01-01'); d.year < 2027; d = d.plus({ days: 1 })) {
      const iso = d.toISODate() ?? '';
      expect([iso, calendar.isWorkingDay(iso)]).toEqual([iso, chineseDays.isWorkday(iso)]);
    }
  });

  it('lets overrides win over the data', () => {
    const custom = new WorkingDayCalendar([
      { date: '2026-10-01', kind: 'workday' },
      { date: '2026-11-20', kind: 'holiday' },
    ]);
    expect(custom.describe('2026-10-01')).toMatchObject({ working: true, reason: 'override_workday' });
    expect(custom.describe('2026-11-20')).toMatchObject({ working: false, reason: 'override_holiday' });
  });

  it('moves a non-working day to the previous or next working day, or skips it', () => {
    expect(calendar.shiftToWorkingDay('2026-10-01', 'previous')).toBe('2026-09-30');
    expect(calendar.shiftToWorkingDay('2026-10-01', 'next')).toBe('2026-10-08');
    expect(calendar.shiftToWorkingDay('2026-10-01', 'skip')).toBeNull();
    expect(calendar.shiftToWorkingDay('2026-11-19', 'skip')).toBe('2026-11-19');
    // Previous working day of the Spring Festival Thursday is the make-up Saturday.
    expect(calendar.shiftToWorkingDay('2026-02-19', 'previous')).toBe('2026-02-14');
    const allOff = new WorkingDayCalendar(Array.from({ length: 60 }, (_, i) => ({ date: DateTime.fromISO('2026-06-01').plus({ days: i }).toISODate() ?? '', kind: 'holiday' as const })));
    expect(allOff.shiftToWorkingDay('2026-06-15', 'next')).toBeNull();
  });

  it('finds the first working day of a month and of a quarter', () => {
    expect(calendar.firstWorkingDayOfMonth(2026, 1)).toBe('2026-01-04'); // 1–3 off, Sunday 4th is a make-up day
    expect(calendar.firstWorkingDayOfMonth(2026, 11)).toBe('2026-11-02');
    expect(calendar.firstWorkingDayOfQuarter(2026, 4)).toBe('2026-10-08'); // National Day week
    expect(calendar.firstWorkingDayOfMonth(2026, 2)).toBe('2026-02-02');
  });

  it('knows which years its data covers, and when to warn', () => {
    expect(calendar.isYearCovered(2026)).toBe(true);
    expect(calendar.isYearCovered(2027)).toBe(false);
    expect(calendar.coveredYears()).toContain(2004);
    expect(calendar.coveredYears().at(-1)).toBe(2026);
    expect(uncoveredYearToWarn(calendar, '2026-11-30')).toBeNull();
    expect(uncoveredYearToWarn(calendar, '2026-12-01')).toBe(2027);
    expect(uncoveredYearToWarn(calendar, '2027-03-01')).toBe(2027);
    expect(uncoveredYearToWarn(calendar, '2025-12-15')).toBeNull();
  });

  it('reads dates and ranges as people type them', () => {
    expect(parseDateText('2027-02-16', 2026)).toBe('2027-02-16');
    expect(parseDateText('2027/2/16', 2026)).toBe('2027-02-16');
    expect(parseDateText('2027年2月16日', 2026)).toBe('2027-02-16');
    expect(parseDateText('2月16日', 2027)).toBe('2027-02-16');
    expect(parseDateText('2027-02-30', 2026)).toBeNull();
    expect(parseDateText('明天', 2026)).toBeNull();
    expect(parseDateRange('2027-02-10~2027-02-12', 2026)).toEqual({ dates: ['2027-02-10', '2027-02-11', '2027-02-12'] });
    expect(parseDateRange('2027-02-10至2027-02-11', 2026)).toEqual({ dates: ['2027-02-10', '2027-02-11'] });
    expect(parseDateRange('2027-02-12~2027-02-10', 2026)).toEqual({ error: 'bad_date' });
    expect(parseDateRange('2027-01-01~2027-03-01', 2026)).toEqual({ error: 'too_long' });
  });
});
