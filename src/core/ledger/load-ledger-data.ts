// Everything a ledger export reads: the week figures (the same model the standings and digests
// read: projects, carried cumulatives) of the ledger's figure week, the projects' reports of the
// covered weeks with every revision, their site photos, and the names of the people who filed them.
import type { Org, Person, Project, Report, ReportRevision, Unit } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { loadWeekFigures, type ProjectFigures, type WeekFigures } from '../digest/load-week-figures.ts';
import { compareWeeks, deadlineOf, formatWeek, weekStart, type IsoWeek } from '../rules/period.ts';
import { projectScope } from '../rules/permissions.ts';
import { isPaused } from '../reports/week-status.ts';
import type { OrgSettings } from '../settings.ts';
import { weekMark, type WeekMark } from './ledger-model.ts';
import type { LedgerPhotoRecord } from './ledger-photos.ts';

export type LedgerProject = Project & { unit: Unit; leader: Person | null; owner: Person | null };

/**
 * The columns of a report the ledger shows or judges by, and of each revision: not the message as
 * typed (`sourceText`), its notes or platform ids, which the ledger never shows and which would
 * double the text held in memory (10,000 reports at a time for a week of a large org).
 */
const FILED_COLUMNS = {
  id: true,
  revision: true,
  authorId: true,
  onBehalf: true,
  progress: true,
  investedThisWeek: true,
  cumulative: true,
  done: true,
  problems: true,
  nextPlan: true,
  help: true,
  late: true,
  lateReason: true,
  filedAt: true,
} as const satisfies Partial<Record<keyof Report & keyof ReportRevision, true>>;
const REVISION_COLUMNS = { ...FILED_COLUMNS, reportId: true, correction: true } as const satisfies Partial<Record<keyof ReportRevision, true>>;
const REPORT_COLUMNS = { ...FILED_COLUMNS, projectId: true, period: true } as const satisfies Partial<Record<keyof Report, true>>;

export type LedgerRevision = Pick<ReportRevision, keyof typeof REVISION_COLUMNS>;
export type LedgerReport = Pick<Report, keyof typeof REPORT_COLUMNS> & { revisions: LedgerRevision[] };

/** What the ledger takes from a project's week figures: its 累计 by the carry-forward rule and where it comes from. */
export type LedgerFigures = Pick<ProjectFigures, 'cumulative' | 'cumulativeSource' | 'carriedFrom'>;

/** What the ledger builders work from. Pure data: the builders do no I/O. */
export interface LedgerData {
  org: Org;
  settings: OrgSettings;
  /** The person whose scope limits the data, or null for the whole org. */
  scope: Person | null;
  weeks: IsoWeek[];
  now: Date;
  /**
   * Projects in scope, in ledger order (unit, then 序号 order within the unit): those of the week
   * figures (a 竣工 one while its figures count in the year).
   */
  projects: LedgerProject[];
  /**
   * Per project id, its 累计 from the week figures: of the week (week ledger) or the month's last
   * started week. Only these three fields are kept: the week figures also hold two weeks of reports.
   */
  figuresOf: Map<string, LedgerFigures>;
  /** Reports of those projects for the weeks, each with its revisions in order. */
  reports: LedgerReport[];
  /** The site photos of those reports (references to the file store, not the bytes), as attached. */
  photos: LedgerPhotoRecord[];
  /** Person id → name, for authors. */
  names: Map<string, string>;
}

/** The week whose figures a ledger of `weeks` shows: the last week that has begun (or the first, if none has). */
export function figureWeek(weeks: readonly IsoWeek[], now: Date, zone: string): IsoWeek {
  const sorted = [...weeks].sort(compareWeeks);
  const started = sorted.filter((w) => weekHasStarted(w, now, zone));
  const week = started.at(-1) ?? sorted[0];
  if (!week) throw new Error('a ledger covers at least one week');
  return week;
}

/** Codes in natural order ("2" before "10"). */
const byCode = new Intl.Collator('en', { numeric: true });

/**
 * The ledger's order: units as the figures list them (unit order, then name), and within a unit
 * the list's 序号 order (sortOrder, then the code in natural order: 2 before 10).
 */
export function ledgerOrder<T extends { unitId: string; sortOrder: number; code: string }>(projects: readonly T[]): T[] {
  const unitRank = new Map<string, number>();
  for (const p of projects) if (!unitRank.has(p.unitId)) unitRank.set(p.unitId, unitRank.size);
  return [...projects].sort((a, b) => (unitRank.get(a.unitId) ?? 0) - (unitRank.get(b.unitId) ?? 0) || a.sortOrder - b.sortOrder || byCode.compare(a.code, b.code));
}

/**
 * Loads the week figures in scope and the projects' reports for `weeks`. `scope` null means the
 * whole org. One read after another, not all at once: at 10,000 projects each holds tens of MB
 * while Prisma builds its rows, and the week figures are cut down to what the ledger uses before
 * the reports are read.
 */
export async function loadLedgerData(deps: CoreDeps, input: { org: Org; settings: OrgSettings; weeks: IsoWeek[]; scope: Person | null }): Promise<LedgerData> {
  const { org } = input;
  const now = deps.now();
  const scope = input.scope && !input.scope.isCoordinator ? projectScope(input.scope) : null;
  const where = scope ?? { orgId: org.id };
  const periods = input.weeks.map(formatWeek);
  const { projects, figuresOf } = ledgerFigures(await loadWeekFigures(deps, { org, week: figureWeek(input.weeks, now, org.timeZone), ...(scope?.OR ? { where: { OR: scope.OR } } : {}) }));
  const reports: LedgerReport[] = await deps.db.report.findMany({
    where: { orgId: org.id, period: { in: periods }, project: where },
    select: { ...REPORT_COLUMNS, revisions: { select: REVISION_COLUMNS, orderBy: { revision: 'asc' } } },
    orderBy: [{ period: 'asc' }],
  });
  const people = await deps.db.person.findMany({ where: { orgId: org.id }, select: { id: true, name: true } });
  // The org's photos of the period, kept for the reports in scope (a list of report ids would pass
  // SQLite's 999 parameters at a few thousand projects).
  const inScope = new Set(reports.map((r) => r.id));
  const photos = reports.length
    ? (
        await deps.db.reportPhoto.findMany({
          where: { orgId: org.id, period: { in: periods } },
          select: { id: true, reportId: true, projectId: true, period: true, fileKey: true, mime: true, bytes: true, takenAt: true, createdAt: true },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        })
      ).filter((photo) => inScope.has(photo.reportId))
    : [];
  return {
    org,
    settings: input.settings,
    scope: input.scope,
    weeks: input.weeks,
    now,
    projects,
    figuresOf,
    reports,
    photos,
    names: new Map(people.map((p) => [p.id, p.name])),
  };
}

/** The projects of the week figures in ledger order, and each one's 累计 (the rest of the figures is let go). */
function ledgerFigures(figures: WeekFigures): Pick<LedgerData, 'projects' | 'figuresOf'> {
  const figuresOf = new Map<string, LedgerFigures>();
  for (const f of figures.projects) figuresOf.set(f.project.id, { cumulative: f.cumulative, cumulativeSource: f.cumulativeSource, carriedFrom: f.carriedFrom });
  return { projects: ledgerOrder(figures.projects.map((f) => f.project)), figuresOf };
}

/** Reports by project id, then by period. */
export function indexReports(reports: readonly LedgerReport[]): Map<string, Map<string, LedgerReport>> {
  const index = new Map<string, Map<string, LedgerReport>>();
  for (const report of reports) {
    const byPeriod = index.get(report.projectId) ?? new Map<string, LedgerReport>();
    byPeriod.set(report.period, report);
    index.set(report.projectId, byPeriod);
  }
  return index;
}

/** Whether a week has begun at `now` (a week still ahead is not expected yet). */
export function weekHasStarted(week: IsoWeek, now: Date, zone: string): boolean {
  return weekStart(week, zone).getTime() <= now.getTime();
}

/**
 * The mark of a project for a week. Pausing (停工, leave) is judged at the week's deadline, or now
 * if that is earlier, so that a past week keeps the state it had.
 */
export function markOf(data: Pick<LedgerData, 'org' | 'settings' | 'now'>, project: LedgerProject, week: IsoWeek, report: LedgerReport | undefined): WeekMark {
  const deadline = deadlineOf(week, data.org.timeZone, data.settings.deadline);
  const at = deadline.getTime() < data.now.getTime() ? deadline : data.now;
  return weekMark({
    report: report ?? null,
    corrections: report ? correctionsOf(report) : [],
    completed: project.status === 'completed',
    paused: isPaused(project, at),
    overdue: data.now.getTime() > deadline.getTime(),
  });
}

/**
 * The revisions of a report that are 更正: changes filed after the deadline to a week first filed on
 * time. The core stores their reason in `correction` and flags the revision late.
 */
export function correctionsOf(report: LedgerReport): LedgerRevision[] {
  if (report.late) return [];
  return report.revisions.filter((r) => r.correction.trim() !== '' || r.late);
}
