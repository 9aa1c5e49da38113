// The quarterly summary: the period summary over a quarter, against the quarter before.
import { DateTime } from 'luxon';
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { buildPeriodSummary, type PeriodSummary } from './build-monthly-dispatch.ts';

/** The summary of `quarter` ("2026-Q4"), or null for an unreadable period. */
export async function buildQuarterlySummary(deps: CoreDeps, input: { org: Org; quarter: string }): Promise<PeriodSummary | null> {
  const match = /^(\d{4})-Q([1-4])$/.exec(input.quarter);
  if (!match) return null;
  const from = DateTime.fromObject({ year: Number(match[1]), month: (Number(match[2]) - 1) * 3 + 1, day: 1 }, { zone: input.org.timeZone });
  return buildPeriodSummary(deps, { org: input.org, period: input.quarter, from, to: from.plus({ months: 3 }), previousFrom: from.minus({ months: 3 }) });
}
