// The week's progress ledger (周报台账): one row per project of the week figures in scope, grouped by
// unit with subtotals and a total; a project without a report appears with its carried 累计 (grey)
// and 未报, so that the 合计 equals the standings' and digests' totals.
import type { Org, Person } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { deadlineOf, formatWeek, type IsoWeek } from '../rules/period.ts';
import type { OrgSettings } from '../settings.ts';
import { emptyMarkCounts, groupByUnit, sumRows, type Ledger, type LedgerProjectRow } from './ledger-model.ts';
import { ledgerPhotos, photoCount, photoCountsByReport } from './ledger-photos.ts';
import { indexReports, loadLedgerData, markOf, type LedgerData, type LedgerProject, type LedgerReport } from './load-ledger-data.ts';

export interface WeekLedgerInput {
  org: Org;
  settings: OrgSettings;
  week: IsoWeek;
  /** Limits the ledger to what this person sees (a leader: the projects they lead). Null: the whole org. */
  scope: Person | null;
}

/** Loads and builds the week's ledger in the person's scope. */
export async function buildWeekLedger(deps: CoreDeps, input: WeekLedgerInput): Promise<Ledger> {
  const data = await loadLedgerData(deps, { org: input.org, settings: input.settings, weeks: [input.week], scope: input.scope });
  return assembleWeekLedger(data, input.week);
}

/** Builds the week's ledger from loaded data. Pure. */
export function assembleWeekLedger(data: LedgerData, week: IsoWeek): Ledger {
  const period = formatWeek(week);
  const reports = indexReports(data.reports);
  const counts = { ...emptyMarkCounts(), total: 0 };
  const photoCounts = photoCountsByReport(data.photos);
  const rows = data.projects.map((project) => {
    const report = reports.get(project.id)?.get(period);
    const row = projectRow(data, project, week, report, photoCount(photoCounts, report ? [report] : []));
    counts[row.mark.kind === 'month' ? 'on_time' : row.mark.kind] += 1;
    counts.total += 1;
    return row;
  });
  return {
    period: { kind: 'week', week },
    weeks: [week],
    countedWeeks: [week],
    org: { name: data.org.name, timeZone: data.org.timeZone },
    scopeName: data.scope && !data.scope.isCoordinator ? data.scope.name : null,
    deadline: deadlineOf(week, data.org.timeZone, data.settings.deadline),
    generatedAt: data.now,
    groups: groupByUnit(rows, data.settings.ledger.subtotalAll),
    total: sumRows(rows),
    counts,
    photos: ledgerPhotos(data.projects, data.photos),
  };
}

/** The fixed columns of a project (from the project list). */
export function projectColumns(project: LedgerProject): Pick<LedgerProjectRow, 'code' | 'name' | 'location' | 'scope' | 'unitName' | 'leaderName' | 'ownerName' | 'totalInvestment' | 'annualPlan'> {
  return {
    code: project.code,
    name: project.name,
    location: project.location,
    scope: project.scope,
    unitName: project.unit.name,
    leaderName: project.leader?.name ?? '',
    ownerName: project.owner?.name ?? '',
    totalInvestment: project.totalInvestment,
    annualPlan: project.annualPlan,
  };
}

/**
 * A project's 累计 and whether it is carried, from the week figures (the one carry-forward rule). A
 * figure reported in one of the ledger's own weeks (a month's) is not carried.
 */
export function cumulativeColumns(data: LedgerData, project: LedgerProject): Pick<LedgerProjectRow, 'cumulative' | 'carried'> {
  const f = data.figuresOf.get(project.id);
  if (!f || f.cumulativeSource === 'none') return { cumulative: null, carried: false };
  const own = f.cumulativeSource === 'reported' || (f.carriedFrom !== null && data.weeks.some((w) => formatWeek(w) === f.carriedFrom));
  return { cumulative: f.cumulative, carried: !own };
}

function projectRow(data: LedgerData, project: LedgerProject, week: IsoWeek, report: LedgerReport | undefined, photos: number | null): LedgerProjectRow {
  return {
    ...projectColumns(project),
    invested: report?.investedThisWeek ?? null,
    ...cumulativeColumns(data, project),
    progress: report?.progress ?? null,
    done: report?.done ?? '',
    problems: report?.problems ?? '',
    help: report?.help ?? '',
    nextPlan: report?.nextPlan ?? '',
    filer: report ? { name: data.names.get(report.authorId) ?? '', onBehalf: report.onBehalf } : null,
    filedAt: report?.filedAt ?? null,
    mark: markOf(data, project, week, report),
    photos,
  };
}
