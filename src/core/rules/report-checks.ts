// Checks a parsed report against the project and its neighbouring weeks. Pure.
import type { MessageParams } from '../messages/catalog/index.ts';
import { formatWan } from './money.ts';

/** Figures of another week's report of the same project. */
export interface NeighbourReport {
  period: string;
  progress: number | null;
  cumulative: bigint | null;
}

export interface ReportFigures {
  progress?: number;
  investedThisWeek?: bigint;
  cumulative?: bigint;
}

export interface CheckInput {
  figures: ReportFigures;
  totalInvestment: bigint;
  /** The latest earlier report of the project (any year), if any. */
  previous: NeighbourReport | null;
  /** Whether `previous` is the immediately preceding week of the same investment year. */
  previousIsLastWeekSameYear: boolean;
  /** Whether `previous` is in the same investment year (cumulative restarts each year). */
  previousSameYear: boolean;
  /** The earliest later report in the same year, when filing for an older week. */
  next: NeighbourReport | null;
}

export interface CheckIssue {
  key: 'report.check.over_total' | 'report.check.week_above_cumulative' | 'report.check.cumulative_down' | 'report.check.progress_down' | 'report.check.cumulative_above_next';
  params: MessageParams;
}

export interface CheckResult {
  /** Refused outright. */
  blocking: CheckIssue[];
  /** Refused unless the sender confirms (确认 / confirm). */
  needsConfirm: CheckIssue[];
  /** Figures worked out from last week, shown as such: cumulative = last week + this week, or the reverse. */
  derived: { cumulative?: bigint; investedThisWeek?: bigint };
}

export function checkReport(input: CheckInput): CheckResult {
  const { figures, previous } = input;
  const blocking: CheckIssue[] = [];
  const needsConfirm: CheckIssue[] = [];
  const derived: CheckResult['derived'] = {};

  let cumulative = figures.cumulative;
  if (cumulative === undefined && figures.investedThisWeek !== undefined && input.previousIsLastWeekSameYear && previous?.cumulative != null) {
    cumulative = previous.cumulative + figures.investedThisWeek;
    derived.cumulative = cumulative;
  }
  if (figures.investedThisWeek === undefined && figures.cumulative !== undefined && input.previousIsLastWeekSameYear && previous?.cumulative != null) {
    const week = figures.cumulative - previous.cumulative;
    if (week >= 0n) derived.investedThisWeek = week;
  }

  if (cumulative !== undefined && input.totalInvestment > 0n && cumulative > input.totalInvestment) {
    blocking.push({ key: 'report.check.over_total', params: { cumulative: formatWan(cumulative), total: formatWan(input.totalInvestment) } });
  }
  if (figures.cumulative !== undefined && figures.investedThisWeek !== undefined && figures.investedThisWeek > figures.cumulative) {
    blocking.push({ key: 'report.check.week_above_cumulative', params: { week: formatWan(figures.investedThisWeek), cumulative: formatWan(figures.cumulative) } });
  }
  if (cumulative !== undefined && input.previousSameYear && previous?.cumulative != null && cumulative < previous.cumulative) {
    needsConfirm.push({ key: 'report.check.cumulative_down', params: { cumulative: formatWan(cumulative), previous: formatWan(previous.cumulative), period: previous.period } });
  }
  if (figures.progress !== undefined && previous?.progress != null && figures.progress < previous.progress) {
    needsConfirm.push({ key: 'report.check.progress_down', params: { progress: figures.progress, previous: previous.progress, period: previous.period } });
  }
  if (cumulative !== undefined && input.next?.cumulative != null && cumulative > input.next.cumulative) {
    needsConfirm.push({ key: 'report.check.cumulative_above_next', params: { cumulative: formatWan(cumulative), next: formatWan(input.next.cumulative), period: input.next.period } });
  }
  return { blocking, needsConfirm, derived };
}
