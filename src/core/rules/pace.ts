// Plan against actual: the share of the annual plan expected at a moment, the completion rate and
// the green / amber / red flag. Pure.
import { DateTime } from 'luxon';
import { ratio, type Fen } from './money.ts';
import { yearElapsedShare } from './period.ts';

/** The flag of a project or unit against the expected pace; 'none' without an annual plan to measure against. */
export type PaceFlag = 'green' | 'amber' | 'red' | 'none';

/**
 * Expected share of the annual plan (0–1) at `now` in `zone`: the elapsed share of the year, or,
 * with a monthly plan curve (cumulative percent at each month's end, Jan … Dec), the curve
 * interpolated linearly within the current month.
 */
export function expectedShare(now: Date, zone: string, planCurve: readonly number[] | null = null): number {
  if (!planCurve || planCurve.length !== 12) return yearElapsedShare(now, zone);
  const { local, within } = monthAt(now, zone);
  const before = local.month === 1 ? 0 : (planCurve[local.month - 2] ?? 0);
  const after = planCurve[local.month - 1] ?? before;
  return (before + (after - before) * within) / 100;
}

/** The local month at `now` and the share of it elapsed (0–1). */
function monthAt(now: Date, zone: string): { local: DateTime; within: number } {
  const local = DateTime.fromJSDate(now, { zone });
  const start = local.startOf('month');
  return { local, within: local.diff(start).toMillis() / start.plus({ months: 1 }).diff(start).toMillis() };
}

/**
 * A project's own 序时进度 from its monthly plan (分月计划): the plan of the months before `now`'s
 * month, plus the current month's plan pro rata to the share of the month elapsed, over the annual
 * plan (0–1; above 1 only if the months add up to more than the plan, which the import refuses).
 * `months` holds Jan … Dec in 分 (a month not planned is 0). Null without an annual plan: the
 * project then has no flag either way.
 */
export function plannedShare(now: Date, zone: string, months: readonly Fen[], annualPlan: Fen): number | null {
  if (annualPlan <= 0n) return null;
  const { local, within } = monthAt(now, zone);
  let before = 0n;
  for (let m = 1; m < local.month; m++) before += months[m - 1] ?? 0n;
  const current = Number(months[local.month - 1] ?? 0n) * within;
  return (Number(before) + current) / Number(annualPlan);
}

/** Completion rate (0–1, may exceed 1) of the cumulative investment against the annual plan; null without a plan. */
export function completionRate(cumulative: Fen | null, annualPlan: Fen): number | null {
  return ratio(cumulative ?? 0n, annualPlan);
}

/** The bands of the flag, in 序时进度 points (percentage points behind the expected share). */
export interface PaceBands {
  /** 🟡 from this many points behind (default 10). */
  amberPoints: number;
  /** 🔴 beyond this many points behind (default 30). */
  redPoints: number;
}

export const DEFAULT_PACE_BANDS: PaceBands = { amberPoints: 10, redPoints: 30 };

/**
 * The flag, in 序时进度 points behind (expected share − completion, in percentage points):
 * 🟢 green when fewer than `amberPoints` behind (or ahead); 🟡 amber from `amberPoints` up to
 * `redPoints` behind; 🔴 red beyond `redPoints`. No plan (rate null) has no flag: there is nothing
 * to be on or behind pace with.
 */
export function paceFlag(rate: number | null, expected: number, bands: PaceBands = DEFAULT_PACE_BANDS): PaceFlag {
  if (rate === null) return 'none';
  const gap = Math.round((expected - rate) * 100_000) / 1000; // percentage points, rounded against float noise
  if (gap < bands.amberPoints) return 'green';
  return gap <= Math.max(bands.amberPoints, bands.redPoints) ? 'amber' : 'red';
}
