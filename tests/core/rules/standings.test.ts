import { describe, expect, it } from 'vitest';
import { laggingProjects, rankUnits, topMovers, type UnitFigures } from '../../../src/core/rules/standings.ts';

const unit = (name: string, sortOrder: number, completion: number | null, onTime: number | null, overdueProblems: number): UnitFigures => ({
  unitId: name,
  name,
  sortOrder,
  completion,
  onTime,
  overdueProblems,
  flag: 'green',
});

describe('standings', () => {
  it('ranks by completion, then on-time rate, then fewer overdue problems, then sort order; equal units share a rank', () => {
    const ranked = rankUnits([
      unit('D', 3, null, 1, 0),
      unit('A', 0, 0.5, 0.5, 1),
      unit('B', 1, 0.9, 0.25, 0),
      unit('C', 2, 0.5, 0.75, 0),
      unit('E', 4, 0.5, 0.5, 0),
      unit('F', 5, 0.5, 0.5, 0),
      unit('G', 6, 0.50004, 0.5, 0), // same completion at one decimal of a percent
    ]);
    expect(ranked.map((u) => `${u.rank}${u.name}`)).toEqual(['1B', '2C', '3E', '3F', '3G', '6A', '7D']);
  });

  it('lists the projects that moved most, largest change first, then by code', () => {
    const movers = topMovers(
      [
        { projectId: 'a', code: '10', name: 'a', progress: 50, previous: 40 },
        { projectId: 'b', code: '2', name: 'b', progress: 30, previous: 20 },
        { projectId: 'c', code: '3', name: 'c', progress: 35, previous: null },
        { projectId: 'd', code: '4', name: 'd', progress: 20, previous: 20 },
        { projectId: 'e', code: '5', name: 'e', progress: null, previous: 10 },
      ],
      5,
    );
    // 3 reported for the first time: nothing to move from, so not a move of 35.
    expect(movers.map((m) => `${m.code}:${m.change}`)).toEqual(['2:10', '10:10']);
  });

  it('lists lagging projects: longest miss streak first, then red, then code', () => {
    const lagging = laggingProjects(
      [
        { code: '1', flag: 'red' as const, missStreak: 0 },
        { code: '2', flag: 'green' as const, missStreak: 3 },
        { code: '3', flag: 'amber' as const, missStreak: 1 },
        { code: '4', flag: 'red' as const, missStreak: 3 },
      ],
      2,
    );
    expect(lagging.map((l) => l.code)).toEqual(['4', '2', '1']);
  });
});
