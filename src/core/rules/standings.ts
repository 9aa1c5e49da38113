// The group standings (红黑榜): units ranked, the projects that moved most, the lagging list. Pure.
import type { PaceFlag } from './pace.ts';

/** One unit's figures for the standings. */
export interface UnitFigures {
  unitId: string;
  name: string;
  sortOrder: number;
  /** Completion rate of the annual plan (0–1), null when the unit has no plan. */
  completion: number | null;
  /** First filings before the deadline over the weeks considered (0–1), null when nothing was due. */
  onTime: number | null;
  /** Open problems older than the overdue threshold. */
  overdueProblems: number;
  flag: PaceFlag;
}

/** Codes in natural order ("2" before "10"). One collator: localeCompare with options builds one per call. */
const byCode = new Intl.Collator('en', { numeric: true });

const key = (value: number | null): number => (value === null ? -1 : Math.round(value * 1000));

/**
 * Ranks units. Order: completion rate (one decimal of a percent) descending; then on-time rate
 * descending; then fewer overdue problems; then the unit's sort order and name (stable). Units equal
 * on the first three share a rank number (1, 2, 2, 4). A missing rate sorts last.
 */
export function rankUnits(units: readonly UnitFigures[]): (UnitFigures & { rank: number })[] {
  const sorted = [...units].sort(
    (a, b) =>
      key(b.completion) - key(a.completion) ||
      key(b.onTime) - key(a.onTime) ||
      a.overdueProblems - b.overdueProblems ||
      a.sortOrder - b.sortOrder ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
  const ranked: (UnitFigures & { rank: number })[] = [];
  sorted.forEach((unit, index) => {
    const prev = ranked[index - 1];
    const tie = prev && key(prev.completion) === key(unit.completion) && key(prev.onTime) === key(unit.onTime) && prev.overdueProblems === unit.overdueProblems;
    ranked.push({ ...unit, rank: tie ? prev.rank : index + 1 });
  });
  return ranked;
}

/** A project's 形象进度 this week and last. */
export interface ProjectMove {
  projectId: string;
  code: string;
  name: string;
  progress: number | null;
  previous: number | null;
}

/**
 * Projects that moved most: change > 0 since the previous report that gave a 形象进度, largest
 * first, then by code; at most `limit`. A first report has nothing to move from and is left out.
 */
export function topMovers<T extends ProjectMove>(projects: readonly T[], limit = 5): (T & { change: number })[] {
  return projects
    .filter((p) => p.progress !== null && p.previous !== null)
    .map((p) => ({ ...p, change: Math.round(((p.progress ?? 0) - (p.previous ?? 0)) * 10) / 10 }))
    .filter((p) => p.change > 0)
    .sort((a, b) => b.change - a.change || byCode.compare(a.code, b.code))
    .slice(0, limit);
}

/** A project's lag signals. */
export interface LagSignals {
  code: string;
  flag: PaceFlag;
  missStreak: number;
}

/** The lagging list: red flags or `minStreak`+ misses in a row; longest streak first, then red, then code. */
export function laggingProjects<T extends LagSignals>(projects: readonly T[], minStreak = 2): T[] {
  return projects
    .filter((p) => p.flag === 'red' || p.missStreak >= minStreak)
    .sort((a, b) => b.missStreak - a.missStreak || Number(b.flag === 'red') - Number(a.flag === 'red') || byCode.compare(a.code, b.code));
}
