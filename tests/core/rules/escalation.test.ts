import { describe, expect, it } from 'vitest';
import { consecutiveMisses, escalationActions, ladderStep } from '../../../src/core/rules/escalation.ts';

describe('the escalation ladder', () => {
  it('counts misses in a row at the end', () => {
    expect(consecutiveMisses([])).toBe(0);
    expect(consecutiveMisses(['reported', 'missing'])).toBe(1);
    expect(consecutiveMisses(['missing', 'missing', 'missing'])).toBe(3);
    expect(consecutiveMisses(['missing', 'reported', 'missing', 'missing'])).toBe(2);
    expect(consecutiveMisses(['missing', 'late'])).toBe(0); // a late filing is a filing
    expect(consecutiveMisses(['missing', 'paused', 'missing'])).toBe(1); // a paused week ends the run
  });

  it('climbs one step per miss: owner, then leader, then 连续未报', () => {
    expect([0, 1, 2, 3, 4].map((n) => ladderStep(n))).toEqual([0, 1, 2, 3, 3]);
    expect(escalationActions(1)).toEqual({ nudgeOwner: true, tellLeader: false, listInStandings: false });
    expect(escalationActions(2)).toEqual({ nudgeOwner: true, tellLeader: true, listInStandings: false });
    expect(escalationActions(3)).toEqual({ nudgeOwner: true, tellLeader: true, listInStandings: true });
  });

  it('follows the org’s thresholds', () => {
    const thresholds = { leaderAfter: 3, standingsAfter: 4 };
    expect([1, 2, 3, 4].map((n) => ladderStep(n, thresholds))).toEqual([1, 1, 2, 3]);
    expect(ladderStep(1, { leaderAfter: 1, standingsAfter: 1 })).toBe(3);
  });
});
