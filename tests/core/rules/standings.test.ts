import { describe, expect, it } from 'vitest';
import { honourLists, isRanked, laggingProjects, rankGroups, rankUnits, topMovers, type UnitCandidate, type UnitFigures } from '../../../src/core/rules/standings.ts';

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

const candidate = (name: string, completion: number, onTime: number | null, extra: Partial<UnitCandidate> = {}): UnitCandidate => ({
  unitId: name,
  name,
  sortOrder: 0,
  completion,
  onTime,
  overdueProblems: 0,
  flag: 'green',
  category: '',
  owed: 1,
  hasRed: false,
  ...extra,
});

describe('fair lists', () => {
  it('does not rank a unit that owed no report (all paused, on leave or 竣工), nor one with nothing due', () => {
    expect(isRanked({ owed: 0, onTime: 1 })).toBe(false);
    expect(isRanked({ owed: 2, onTime: null })).toBe(false);
    expect(isRanked({ owed: 1, onTime: 0 })).toBe(true);
    const { groups, unranked } = rankGroups([candidate('A', 0.5, 1), candidate('停工单位', 0, 1, { owed: 0 }), candidate('B', 0.4, 1)], 80);
    expect(unranked.map((u) => u.name)).toEqual(['停工单位']);
    expect(groups[0]?.black.map((u) => u.name)).not.toContain('停工单位');
  });

  it('puts on the 红榜 only units at or above the on-time threshold and without 🔴', () => {
    const ranked = rankUnits([
      candidate('A', 0.9, 0.5), // best completion, but 50 % on time
      candidate('B', 0.8, 1, { hasRed: true }), // a 🔴 project
      candidate('C', 0.7, 0.8), // exactly 80 %
      candidate('D', 0.6, 1),
      candidate('E', 0.5, 1),
      candidate('F', 0.1, 1, { flag: 'red' }),
    ]);
    expect(honourLists(ranked, 80).red.map((u) => u.name)).toEqual(['C', 'D', 'E']);
    expect(honourLists(ranked, 90).red.map((u) => u.name)).toEqual(['D', 'E']);
  });

  it('puts on the 黑榜 only units that are 🔴 or late, worst first, never one in good standing for being last', () => {
    const ranked = rankUnits([candidate('A', 0.9, 1), candidate('B', 0.8, 0.5), candidate('C', 0.7, 1), candidate('D', 0.6, 1, { hasRed: true }), candidate('E', 0.5, 1)]);
    // E is last but 100 % on time and without 🔴: not on the 黑榜.
    expect(honourLists(ranked, 80).black.map((u) => u.name)).toEqual(['D', 'B']);
    // At most min(3, ⌊n/2⌋), and no lists for a single unit.
    expect(honourLists(rankUnits([candidate('A', 0.1, 0)]), 80)).toEqual({ red: [], black: [] });
  });

  it('ranks each 单位类别 on its own, the unnamed group first', () => {
    const { groups } = rankGroups(
      [candidate('卫生院甲', 0.5, 1, { category: '卫生院' }), candidate('县医院', 0.2, 1, { category: '医院' }), candidate('卫生院乙', 0.7, 1, { category: '卫生院' }), candidate('股室', 0.1, 1)],
      80,
    );
    expect(groups.map((g) => [g.category, g.units.map((u) => `${u.rank}${u.name}`)])).toEqual([
      ['', ['1股室']],
      ['卫生院', ['1卫生院乙', '2卫生院甲']],
      ['医院', ['1县医院']],
    ]);
  });
});
