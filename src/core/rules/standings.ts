// The group standings (红黑榜): units ranked (within peer groups), the 红榜 and 黑榜, the projects
// that moved most, the lagging list. Pure. The rules are stated in the README ("How standings are
// computed") and here, once.
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

/** A unit before ranking: its peer group, whether it owed anything, whether a project of it is 🔴. */
export interface UnitCandidate extends UnitFigures {
  /** 单位类别 (peer group); empty: the one group. */
  category: string;
  /** Projects that owed the week's report (not paused, on leave or 竣工). */
  owed: number;
  /** A project that owed the report is 🔴. */
  hasRed: boolean;
}

export type RankedUnit<T extends UnitFigures = UnitFigures> = T & { rank: number };

/** One peer group's ranking and lists. */
export interface StandingsGroup<T extends UnitCandidate> {
  category: string;
  units: RankedUnit<T>[];
  red: RankedUnit<T>[];
  black: RankedUnit<T>[];
}

/**
 * Who is ranked: a unit that owed a report this week (some project neither paused, on leave nor
 * 竣工) and had reports due in the on-time window. Others are listed apart, never on a list.
 */
export function isRanked(unit: Pick<UnitCandidate, 'owed' | 'onTime'>): boolean {
  return unit.owed > 0 && unit.onTime !== null;
}

/**
 * The 红榜 and 黑榜 of one ranked group, at most min(3, ⌊units / 2⌋) each, none with fewer than two
 * units. 红榜: from the top, units with on-time reporting ≥ `redListOnTime` percent and no 🔴 (the
 * unit's or a project's). 黑榜: from the bottom, units not on the 红榜 that are 🔴 or below the
 * on-time threshold. A unit in good standing is never on the 黑榜 for being last.
 */
export function honourLists<T extends UnitCandidate>(ranked: readonly RankedUnit<T>[], redListOnTime: number): { red: RankedUnit<T>[]; black: RankedUnit<T>[] } {
  if (ranked.length < 2) return { red: [], black: [] };
  const n = Math.min(3, Math.floor(ranked.length / 2));
  const punctual = (u: T) => u.onTime !== null && Math.round(u.onTime * 1000) / 10 >= redListOnTime;
  const red = ranked.filter((u) => punctual(u) && !u.hasRed && u.flag !== 'red').slice(0, n);
  const onRed = new Set(red.map((u) => u.unitId));
  const black = [...ranked]
    .reverse()
    .filter((u) => !onRed.has(u.unitId) && (u.hasRed || u.flag === 'red' || !punctual(u)))
    .slice(0, n);
  return { red, black };
}

/**
 * Ranks units within their peer groups (单位类别, groups in order of first appearance, the unnamed
 * group first) and draws each group's lists. Units that are not ranked ({@link isRanked}) are
 * returned apart.
 */
export function rankGroups<T extends UnitCandidate>(units: readonly T[], redListOnTime: number): { groups: StandingsGroup<T>[]; unranked: T[] } {
  const byCategory = new Map<string, T[]>();
  const unranked: T[] = [];
  for (const unit of units) {
    if (!isRanked(unit)) {
      unranked.push(unit);
      continue;
    }
    const list = byCategory.get(unit.category) ?? [];
    list.push(unit);
    byCategory.set(unit.category, list);
  }
  const categories = [...byCategory.keys()].sort((a, b) => Number(a !== '') - Number(b !== ''));
  const groups = categories.map((category) => {
    const ranked = rankUnits(byCategory.get(category) ?? []) as RankedUnit<T>[];
    return { category, units: ranked, ...honourLists(ranked, redListOnTime) };
  });
  return { groups, unranked };
}

/** Codes in natural order ("2" before "10"). One collator: localeCompare with options builds one per call. */
const byCode = new Intl.Collator('en', { numeric: true });

const key = (value: number | null): number => (value === null ? -1 : Math.round(value * 1000));

/**
 * Ranks units. Order: completion rate (one decimal of a percent) descending; then on-time rate
 * descending; then fewer overdue problems; then the unit's sort order and name (stable). Units equal
 * on the first three share a rank number (1, 2, 2, 4). A missing rate sorts last.
 */
export function rankUnits<T extends UnitFigures>(units: readonly T[]): RankedUnit<T>[] {
  const sorted = [...units].sort(
    (a, b) =>
      key(b.completion) - key(a.completion) ||
      key(b.onTime) - key(a.onTime) ||
      a.overdueProblems - b.overdueProblems ||
      a.sortOrder - b.sortOrder ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
  const ranked: RankedUnit<T>[] = [];
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
