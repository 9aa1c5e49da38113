// The progress ledger (进度台账) as data: project rows grouped by unit, with subtotals and a total.
// Money stays in BigInt 分 until a writer formats it; sums are BigInt sums, never float sums.
import { ratio } from '../rules/money.ts';
import type { IsoWeek } from '../rules/period.ts';
import type { LedgerPhoto } from './ledger-photos.ts';

/** The period a ledger covers: one ISO week, or a calendar month (the weeks whose Thursday is in it). */
export type LedgerPeriod = { kind: 'week'; week: IsoWeek } | { kind: 'month'; year: number; month: number };

/**
 * How a project stands for one week (the 是否逾期 column):
 * - on_time: filed before the deadline, not changed after it;
 * - late: 补报, first filed after the deadline (with the reason given);
 * - corrected: 更正, filed on time and changed after the deadline (the latest change's reason);
 * - missing: 未报 (overdue once the deadline has passed);
 * - paused: 停工 or the owner on leave (请假): not expected;
 * - completed: 竣工 and not filed that week: not expected, kept with its final figures.
 */
export type WeekMark =
  | { kind: 'on_time' }
  | { kind: 'late'; reason: string }
  | { kind: 'corrected'; reason: string; revision: number }
  | { kind: 'missing'; overdue: boolean }
  | { kind: 'paused' }
  | { kind: 'completed' };

export type WeekMarkKind = WeekMark['kind'];

/** Over the weeks of a month: how many weeks ended in each state. */
export interface MonthMark {
  kind: 'month';
  weeks: number;
  counts: Record<WeekMarkKind, number>;
}

/** One project's row of the ledger. Money in 分. */
export interface LedgerProjectRow {
  code: string;
  name: string;
  location: string;
  scope: string;
  unitName: string;
  leaderName: string;
  ownerName: string;
  totalInvestment: bigint;
  annualPlan: bigint;
  /** 本周完成投资 (week) or the month's sum of the weekly figures (month); null when none was given. */
  invested: bigint | null;
  /** 累计完成投资 (year to date) by the carry-forward rule of the week figures (load-week-figures.ts). */
  cumulative: bigint | null;
  /** The cumulative is not this period's report's: carried from an earlier week or the list's opening figure (grey in the XLSX). */
  carried: boolean;
  /** 形象进度 in percent (0–100) of the latest report. */
  progress: number | null;
  done: string;
  problems: string;
  /** 需协调事项 of the latest report. */
  help: string;
  nextPlan: string;
  /** Who filed the latest revision; `onBehalf` when a coordinator filed for the owner. */
  filer: { name: string; onBehalf: boolean } | null;
  /** When the latest revision was filed. */
  filedAt: Date | null;
  mark: WeekMark | MonthMark;
  /** 现场照片: photos attached to the period's report(s) (a month's: all its weeks'); 0 when none, null without a report. */
  photos: number | null;
}

/** Sums over rows. Missing figures count as zero, as they would in a spreadsheet's SUM. */
export interface LedgerTotals {
  projects: number;
  reported: number;
  totalInvestment: bigint;
  annualPlan: bigint;
  invested: bigint;
  cumulative: bigint;
}

export interface LedgerGroup {
  unitName: string;
  rows: LedgerProjectRow[];
  subtotal: LedgerTotals;
  /** Whether a 小计 row is printed: units with two or more projects, or every unit when `ledger.subtotalAll` is set. */
  showSubtotal: boolean;
}

/** A ledger ready to be written: a week's (周报台账) or a month's (月报台账). */
export interface Ledger {
  period: LedgerPeriod;
  /** The weeks the ledger covers (one for a week). */
  weeks: IsoWeek[];
  /** The weeks counted in `counts`: those that have begun (a month's later weeks are left out). */
  countedWeeks: IsoWeek[];
  org: { name: string; timeZone: string };
  /** The person whose projects it is limited to (a leader), or null for the whole org. */
  scopeName: string | null;
  /** The week's deadline (week ledgers only). */
  deadline: Date | null;
  generatedAt: Date;
  groups: LedgerGroup[];
  total: LedgerTotals;
  /** Project-weeks in each state (for a week: projects). */
  counts: Record<WeekMarkKind, number> & { total: number };
  /** The site photos of the period's reports in ledger order (the appendix sheet). */
  photos: LedgerPhoto[];
}

/** Adds up rows in BigInt. */
export function sumRows(rows: readonly LedgerProjectRow[]): LedgerTotals {
  const totals: LedgerTotals = { projects: 0, reported: 0, totalInvestment: 0n, annualPlan: 0n, invested: 0n, cumulative: 0n };
  for (const row of rows) {
    totals.projects += 1;
    if (row.filedAt) totals.reported += 1;
    totals.totalInvestment += row.totalInvestment;
    totals.annualPlan += row.annualPlan;
    totals.invested += row.invested ?? 0n;
    totals.cumulative += row.cumulative ?? 0n;
  }
  return totals;
}

/**
 * Groups rows by unit, keeping the order in which units first appear, with a subtotal each; the 小计
 * row is shown for units with two or more projects, or for all with `subtotalAll`.
 */
export function groupByUnit(rows: readonly LedgerProjectRow[], subtotalAll = false): LedgerGroup[] {
  const groups = new Map<string, LedgerProjectRow[]>();
  for (const row of rows) {
    const list = groups.get(row.unitName) ?? [];
    list.push(row);
    groups.set(row.unitName, list);
  }
  return [...groups].map(([unitName, list]) => ({ unitName, rows: list, subtotal: sumRows(list), showSubtotal: subtotalAll || list.length >= 2 }));
}

/** 年度投资完成率: cumulative ÷ annual plan as a fraction (0.32 = 32 %), or null without a plan or a figure. */
export function completionRate(cumulative: bigint | null, annualPlan: bigint): number | null {
  if (cumulative == null || annualPlan <= 0n) return null;
  return ratio(cumulative, annualPlan);
}

/** A zeroed count of every week state. */
export function emptyMarkCounts(): Record<WeekMarkKind, number> {
  return { on_time: 0, late: 0, corrected: 0, missing: 0, paused: 0, completed: 0 };
}

/** The revision facts that decide a week's mark. */
export interface MarkInput {
  report: { late: boolean; lateReason: string } | null;
  /** Revisions of the report that were changes after the deadline (更正), any order. */
  corrections: readonly { revision: number; correction: string }[];
  /** 竣工: a week without a report is not expected. */
  completed?: boolean;
  paused: boolean;
  overdue: boolean;
}

/** The mark of one project for one week. A 补报 stays a 补报; a 更正 shows the latest change's reason. */
export function weekMark(input: MarkInput): WeekMark {
  const { report } = input;
  if (!report) return input.completed ? { kind: 'completed' } : input.paused ? { kind: 'paused' } : { kind: 'missing', overdue: input.overdue };
  if (report.late) return { kind: 'late', reason: report.lateReason };
  const latest = [...input.corrections].sort((a, b) => b.revision - a.revision)[0];
  if (latest) return { kind: 'corrected', reason: latest.correction, revision: latest.revision };
  return { kind: 'on_time' };
}
