// The month's progress ledger (月报台账), for the monthly dispatch meeting (每月调度): per project the
// last report of the month and the month's investment (the sum of its weekly figures).
import { DateTime } from 'luxon';
import type { Org, Person } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { formatWeek, type IsoWeek } from '../rules/period.ts';
import type { OrgSettings } from '../settings.ts';
import { cumulativeColumns, projectColumns } from './build-week-ledger.ts';
import { emptyMarkCounts, groupByUnit, sumRows, type Ledger, type LedgerProjectRow, type MonthMark } from './ledger-model.ts';
import { ledgerPhotos, photoCount, photoCountsByReport } from './ledger-photos.ts';
import { indexReports, loadLedgerData, markOf, weekHasStarted, type LedgerData } from './load-ledger-data.ts';

export interface MonthLedgerInput {
  org: Org;
  settings: OrgSettings;
  year: number;
  month: number;
  /** Limits the ledger to what this person sees. Null: the whole org. */
  scope: Person | null;
}

/**
 * The ISO weeks of a calendar month: those whose Thursday falls in it (the ISO rule, so that every
 * week belongs to exactly one month). November 2026 has W45 to W48 (Nov 2 – Nov 29).
 */
export function weeksOfMonth(year: number, month: number): IsoWeek[] {
  let day = DateTime.fromObject({ year, month, day: 1 }, { zone: 'UTC' });
  while (day.weekday !== 4) day = day.plus({ days: 1 });
  const weeks: IsoWeek[] = [];
  for (; day.month === month; day = day.plus({ weeks: 1 })) weeks.push({ year: day.weekYear, week: day.weekNumber });
  return weeks;
}

/** Loads and builds the month's ledger in the person's scope. */
export async function buildMonthLedger(deps: CoreDeps, input: MonthLedgerInput): Promise<Ledger> {
  const weeks = weeksOfMonth(input.year, input.month);
  const data = await loadLedgerData(deps, { org: input.org, settings: input.settings, weeks, scope: input.scope });
  return assembleMonthLedger(data, input.year, input.month);
}

/**
 * Builds the month's ledger from loaded data. Pure. Weeks that have not begun are left out of the
 * counts; a project with no report in the month shows empty figures.
 */
export function assembleMonthLedger(data: LedgerData, year: number, month: number): Ledger {
  const reports = indexReports(data.reports);
  const weeks = data.weeks.filter((w) => weekHasStarted(w, data.now, data.org.timeZone));
  const counts = { ...emptyMarkCounts(), total: 0 };
  const photoCounts = photoCountsByReport(data.photos);
  const rows = data.projects.map((project): LedgerProjectRow => {
    const byPeriod = reports.get(project.id);
    const mark: MonthMark = { kind: 'month', weeks: weeks.length, counts: emptyMarkCounts() };
    for (const week of weeks) {
      const kind = markOf(data, project, week, byPeriod?.get(formatWeek(week))).kind;
      mark.counts[kind] += 1;
      counts[kind] += 1;
      counts.total += 1;
    }
    const inMonth = data.weeks.map((w) => byPeriod?.get(formatWeek(w))).filter((r) => r !== undefined);
    const last = inMonth.at(-1);
    const figures = inMonth.map((r) => r.investedThisWeek).filter((v) => v != null);
    return {
      ...projectColumns(project),
      invested: figures.length ? figures.reduce((a, b) => a + b, 0n) : null,
      // 累计 at the month's last started week by the carry-forward rule (the week figures').
      ...cumulativeColumns(data, project),
      progress: inMonth.findLast((r) => r.progress != null)?.progress ?? null,
      done: last?.done ?? '',
      problems: last?.problems ?? '',
      help: last?.help ?? '',
      nextPlan: last?.nextPlan ?? '',
      filer: last ? { name: data.names.get(last.authorId) ?? '', onBehalf: last.onBehalf } : null,
      filedAt: last?.filedAt ?? null,
      mark,
      photos: photoCount(photoCounts, inMonth),
    };
  });
  return {
    period: { kind: 'month', year, month },
    weeks: data.weeks,
    countedWeeks: weeks,
    org: { name: data.org.name, timeZone: data.org.timeZone },
    scopeName: data.scope && !data.scope.isCoordinator ? data.scope.name : null,
    deadline: null,
    generatedAt: data.now,
    groups: groupByUnit(rows, data.settings.ledger.subtotalAll),
    total: sumRows(rows),
    counts,
    photos: ledgerPhotos(data.projects, data.photos),
  };
}
