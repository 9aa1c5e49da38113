import { describe, expect, it } from 'vitest';
import { atLocalTime, planJobs, type JobOccurrence } from '../../../src/core/rules/schedule-plan.ts';
import { WorkingDayCalendar } from '../../../src/core/rules/working-days.ts';
import { readOrgSettings, type OrgSettings } from '../../../src/core/settings.ts';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const calendar = new WorkingDayCalendar();

function plan(from: string, to: string, options: { zone?: string; settings?: OrgSettings; calendar?: WorkingDayCalendar } = {}) {
  return planJobs({ settings: options.settings ?? readOrgSettings('{}'), zone: options.zone ?? SH, calendar: options.calendar ?? calendar, from: new Date(from), to: new Date(to) });
}

const brief = (o: JobOccurrence) => `${o.job} ${o.period} ${o.dueAt.toISOString()} ${o.shift}`;

describe('planning scheduled jobs', () => {
  it('lists a default week in Shanghai: Thu reminder, Fri nudge and deadline, Mon digest', () => {
    // From Monday 2026-11-16 00:00 to Monday 2026-11-23 12:00 (Shanghai).
    expect(plan('2026-11-15T16:00:00Z', '2026-11-23T04:00:00Z').map(brief)).toEqual([
      'digest 2026-W46 2026-11-16T01:00:00.000Z none',
      'reminder 2026-W47 2026-11-19T08:00:00.000Z none',
      'nudge 2026-W47 2026-11-20T02:00:00.000Z none',
      'deadline 2026-W47 2026-11-20T09:00:00.000Z none',
      'digest 2026-W47 2026-11-23T01:00:00.000Z none',
    ]);
  });

  it('uses a half-open range: (from, to]', () => {
    const at = '2026-11-19T08:00:00Z';
    expect(plan('2026-11-19T07:59:00Z', at).map((o) => o.job)).toEqual(['reminder']);
    expect(plan(at, '2026-11-19T08:01:00Z')).toEqual([]);
    expect(plan(at, at)).toEqual([]);
  });

  it('moves a reminder on National Day to the previous working day, and the deadline notice to the next', () => {
    const week40 = plan('2026-09-27T16:00:00Z', '2026-10-09T16:00:00Z').filter((o) => o.period === '2026-W40');
    expect(week40.map(brief)).toEqual([
      'nudge 2026-W40 2026-09-30T02:00:00.000Z previous', // Fri 2 Oct → Wed 30 Sep 10:00
      'reminder 2026-W40 2026-09-30T08:00:00.000Z previous', // Thu 1 Oct → Wed 30 Sep 16:00
      'digest 2026-W40 2026-10-08T01:00:00.000Z next', // Mon 5 Oct → Thu 8 Oct 09:00
      'deadline 2026-W40 2026-10-08T09:00:00.000Z next', // Fri 2 Oct 17:00 → Thu 8 Oct 17:00
    ]);
    expect(week40.find((o) => o.job === 'reminder')?.nominalAt.toISOString()).toBe('2026-10-01T08:00:00.000Z');
  });

  it('skips a reminder that would leave its week (Spring Festival) and counts make-up days as working', () => {
    const all = plan('2026-02-15T16:00:00Z', '2026-03-02T16:00:00Z');
    const w08 = all.filter((o) => o.period === '2026-W08');
    expect(w08.map(brief)).toEqual([
      'reminder 2026-W08 2026-02-19T08:00:00.000Z skipped', // previous working day is Sat 14 Feb, in W07
      'nudge 2026-W08 2026-02-20T02:00:00.000Z skipped',
      'digest 2026-W08 2026-02-24T01:00:00.000Z next', // Mon 23 Feb is still a holiday
      'deadline 2026-W08 2026-02-24T09:00:00.000Z next',
    ]);
    // The monthly dispatch for January runs on Sunday 4 January 2026, a make-up working day.
    const january = plan('2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z');
    expect(january.map(brief)).toContain('monthly 2025-12 2026-01-04T01:00:00.000Z none');
    expect(january.map(brief)).toContain('quarterly 2025-Q4 2026-01-04T01:00:00.000Z none');
    // A make-up Saturday counts as a working day for a job set on Saturdays.
    const settings = readOrgSettings(JSON.stringify({ jobs: { reminder: { weekday: 6, time: '10:00', holiday: 'skip' } } }));
    const saturday = plan('2026-02-13T16:00:00Z', '2026-02-14T16:00:00Z', { settings }).filter((o) => o.job === 'reminder');
    expect(saturday.map(brief)).toEqual(['reminder 2026-W07 2026-02-14T02:00:00.000Z none']);
  });

  it('honours skip / previous / next per job', () => {
    const skip = readOrgSettings(JSON.stringify({ jobs: { reminder: { enabled: true, weekday: 4, time: '16:00', holiday: 'skip' } } }));
    expect(plan('2026-09-30T09:00:00Z', '2026-10-01T16:00:00Z', { settings: skip }).map(brief)).toEqual(['reminder 2026-W40 2026-10-01T08:00:00.000Z skipped']);
    const next = readOrgSettings(JSON.stringify({ jobs: { reminder: { enabled: true, weekday: 4, time: '16:00', holiday: 'next' } } }));
    // Next working day after Thu 1 Oct is Thu 8 Oct, outside the week: skipped.
    expect(plan('2026-09-27T16:00:00Z', '2026-10-04T16:00:00Z', { settings: next }).find((o) => o.job === 'reminder')?.shift).toBe('skipped');
  });

  it('applies coordinators’ overrides', () => {
    const custom = new WorkingDayCalendar([{ date: '2026-11-19', kind: 'holiday' }]);
    expect(plan('2026-11-17T16:00:00Z', '2026-11-19T16:00:00Z', { calendar: custom }).map(brief)).toEqual(['reminder 2026-W47 2026-11-18T08:00:00.000Z previous']);
  });

  it('keeps local wall-clock times across DST in New York', () => {
    // DST ends Sunday 1 Nov 2026: Thu 29 Oct 16:00 is EDT (UTC-4), Thu 5 Nov 16:00 is EST (UTC-5).
    const fall = plan('2026-10-26T14:00:00Z', '2026-11-10T05:00:00Z', { zone: NY }).filter((o) => o.job === 'reminder' || o.job === 'digest');
    expect(fall.map(brief)).toEqual([
      'reminder 2026-W44 2026-10-29T20:00:00.000Z none',
      'digest 2026-W44 2026-11-02T14:00:00.000Z none',
      'reminder 2026-W45 2026-11-05T21:00:00.000Z none',
      'digest 2026-W45 2026-11-09T14:00:00.000Z none',
    ]);
    // DST starts Sunday 8 Mar 2026: Mon 9 Mar 09:00 is EDT.
    expect(plan('2026-03-08T00:00:00Z', '2026-03-10T00:00:00Z', { zone: NY }).map(brief)).toEqual(['digest 2026-W10 2026-03-09T13:00:00.000Z none']);
    // A time inside the spring-forward gap moves forward by the gap.
    expect(atLocalTime('2026-03-08', '02:30', NY).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('leaves out disabled jobs but keeps the deadline (it closes the week silently)', () => {
    const settings = readOrgSettings(JSON.stringify({ jobs: { reminder: { enabled: false }, deadline: { enabled: false }, digest: { enabled: false } } }));
    const week = plan('2026-11-15T16:00:00Z', '2026-11-23T04:00:00Z', { settings });
    expect(week.map((o) => `${o.job}:${o.enabled}`)).toEqual(['nudge:true', 'deadline:false']);
  });

  it('plans a long range in order, one occurrence per job and period', () => {
    const year = plan('2025-12-31T16:00:00Z', '2026-12-31T16:00:00Z');
    const keys = year.map((o) => `${o.job}:${o.period}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(year.filter((o) => o.job === 'monthly')).toHaveLength(12);
    expect(year.filter((o) => o.job === 'quarterly').map((o) => o.period)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    for (let i = 1; i < year.length; i += 1) expect(year[i - 1]!.dueAt.getTime()).toBeLessThanOrEqual(year[i]!.dueAt.getTime());
  });
});
