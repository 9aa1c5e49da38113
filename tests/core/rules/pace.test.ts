import { describe, expect, it } from 'vitest';
import { readOrgSettings } from '../../../src/core/settings.ts';

const readDigestSettings = (json: string) => readOrgSettings(json).digest;
import { completionRate, expectedShare, paceFlag } from '../../../src/core/rules/pace.ts';

describe('pace', () => {
  it('expects the elapsed share of the year in the org zone', () => {
    // End of 2026-W47 in Shanghai: 326 of 365 days elapsed.
    expect(expectedShare(new Date('2026-11-22T15:59:59.999Z'), 'Asia/Shanghai')).toBeCloseTo(326 / 365, 6);
    expect(expectedShare(new Date('2025-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe(0);
  });

  it('follows a monthly plan curve, linear within the month', () => {
    const curve = [0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(expectedShare(new Date('2026-03-01T00:00:00+08:00'), 'Asia/Shanghai', curve)).toBeCloseTo(0.05, 6);
    expect(expectedShare(new Date('2026-11-16T00:00:00+08:00'), 'Asia/Shanghai', curve)).toBeCloseTo(0.85, 6);
    expect(expectedShare(new Date('2026-01-16T12:00:00+08:00'), 'Asia/Shanghai', curve)).toBe(0);
  });

  it('computes the completion rate exactly and null without a plan', () => {
    expect(completionRate(4_200_000_000n, 5_000_000_000n)).toBe(0.84);
    expect(completionRate(null, 5_000_000_000n)).toBe(0);
    expect(completionRate(1n, 0n)).toBeNull();
  });

  // The bands are in 序时进度 points (issue #14): 🟡 from 10 to 30 points behind, 🔴 beyond 30;
  // fewer than 10 behind is 🟢 (it was 🔴 from 10 points before, which made whole lists red).
  it('flags green under 10 points behind, amber from 10 to 30 points behind, red beyond 30', () => {
    expect(paceFlag(0.9, 0.9)).toBe('green');
    expect(paceFlag(0.95, 0.9)).toBe('green');
    expect(paceFlag(0.801, 0.9)).toBe('green'); // 9.9 points behind
    expect(paceFlag(0.8, 0.9)).toBe('amber'); // exactly 10 points
    expect(paceFlag(0.6, 0.9)).toBe('amber'); // exactly 30 points
    expect(paceFlag(0.599, 0.9)).toBe('red');
    expect(paceFlag(0.5, 0.9, { amberPoints: 5, redPoints: 50 })).toBe('amber');
    expect(paceFlag(0.3, 0.9, { amberPoints: 5, redPoints: 50 })).toBe('red');
    expect(paceFlag(null, 0.9)).toBe('none');
  });

  it('reads the digest settings tolerantly', () => {
    expect(readDigestSettings('not json')).toMatchObject({ amberPoints: 10, redPoints: 30, redListOnTime: 80, escalateAfterWeeks: 2, overdueAfterWeeks: 4, planCurve: null });
    expect(readDigestSettings(JSON.stringify({ digest: { amberPoints: 'x', escalateAfterWeeks: 3, planCurve: [1, 2] } }))).toMatchObject({ amberPoints: 10, escalateAfterWeeks: 3, planCurve: null });
    const curve = [0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(readDigestSettings(JSON.stringify({ digest: { planCurve: curve } })).planCurve).toEqual(curve);
  });
});
