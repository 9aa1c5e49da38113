import { describe, expect, it } from 'vitest';
import { checkReport, type CheckInput } from '../../../src/core/rules/report-checks.ts';

const WAN = 1_000_000n;
const base: CheckInput = {
  figures: {},
  totalInvestment: 1000n * WAN,
  previous: { period: '2026-W46', progress: 40, cumulative: 300n * WAN },
  previousIsLastWeekSameYear: true,
  previousSameYear: true,
  next: null,
};

describe('checkReport', () => {
  it('derives cumulative from last week plus this week, and the reverse', () => {
    expect(checkReport({ ...base, figures: { investedThisWeek: 20n * WAN } }).derived).toEqual({ cumulative: 320n * WAN });
    expect(checkReport({ ...base, figures: { cumulative: 350n * WAN } }).derived).toEqual({ investedThisWeek: 50n * WAN });
    expect(checkReport({ ...base, previousIsLastWeekSameYear: false, figures: { investedThisWeek: 20n * WAN } }).derived).toEqual({});
  });

  it('refuses cumulative above the total, or this week above cumulative', () => {
    expect(checkReport({ ...base, figures: { cumulative: 1001n * WAN } }).blocking.map((i) => i.key)).toEqual(['report.check.over_total']);
    expect(checkReport({ ...base, figures: { cumulative: 10n * WAN, investedThisWeek: 20n * WAN } }).blocking.map((i) => i.key)).toContain('report.check.week_above_cumulative');
    expect(checkReport({ ...base, figures: { cumulative: 1000n * WAN } }).blocking).toEqual([]);
  });

  it('asks to confirm figures going backwards', () => {
    const result = checkReport({ ...base, figures: { progress: 35, cumulative: 290n * WAN } });
    expect(result.needsConfirm.map((i) => i.key)).toEqual(['report.check.cumulative_down', 'report.check.progress_down']);
    expect(result.blocking).toEqual([]);
  });

  it('lets cumulative restart in a new year, but not progress', () => {
    const result = checkReport({ ...base, previousSameYear: false, previousIsLastWeekSameYear: false, figures: { progress: 35, cumulative: 10n * WAN } });
    expect(result.needsConfirm.map((i) => i.key)).toEqual(['report.check.progress_down']);
  });

  it('checks an older week against the later one already filed', () => {
    const result = checkReport({ ...base, previous: null, next: { period: '2026-W48', progress: 50, cumulative: 400n * WAN }, figures: { cumulative: 450n * WAN } });
    expect(result.needsConfirm.map((i) => i.key)).toEqual(['report.check.cumulative_above_next']);
  });
});
