// The ledger's further sheets as data: every revision of the period's reports (修改记录, with the
// reasons of 补报 and 更正), the problem list (问题清单, with 销号 note, who and when), and the
// reporting rate per unit (报送率: on time / late / missing over the weeks of the period).
import type { ItemEntry, Problem, ProblemStatus } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { compareWeeks, formatWeek, type IsoWeek } from '../rules/period.ts';
import { projectScope } from '../rules/permissions.ts';
import { emptyMarkCounts, type WeekMarkKind } from './ledger-model.ts';
import { correctionsOf, indexReports, markOf, weekHasStarted, type LedgerData } from './load-ledger-data.ts';

// === History (修改记录)

/** What a filing was: the first, a change before the deadline, a 补报, or a 更正 after the deadline. */
export type RevisionKind = 'first' | 'revision' | 'late' | 'correction';

export interface HistoryRow {
  period: string;
  code: string;
  name: string;
  unitName: string;
  revision: number;
  kind: RevisionKind;
  /** The reason given for a 补报 or 更正. */
  reason: string;
  filedAt: Date;
  authorName: string;
  onBehalf: boolean;
  progress: number | null;
  invested: bigint | null;
  cumulative: bigint | null;
  done: string;
  problems: string;
  nextPlan: string;
}

/** Every revision of the loaded reports, in ledger order: project, week, revision. Pure. */
export function historyRows(data: LedgerData): HistoryRow[] {
  const reports = indexReports(data.reports);
  const periods = data.weeks.map(formatWeek);
  const rows: HistoryRow[] = [];
  for (const project of data.projects) {
    for (const period of periods) {
      const report = reports.get(project.id)?.get(period);
      if (!report) continue;
      const corrections = new Set(correctionsOf(report).map((r) => r.revision));
      for (const revision of report.revisions) {
        const kind: RevisionKind = corrections.has(revision.revision) ? 'correction' : revision.late ? 'late' : revision.revision === 1 ? 'first' : 'revision';
        rows.push({
          period,
          code: project.code,
          name: project.name,
          unitName: project.unit.name,
          revision: revision.revision,
          kind,
          reason: kind === 'correction' ? revision.correction : kind === 'late' ? revision.lateReason : '',
          filedAt: revision.filedAt,
          authorName: data.names.get(revision.authorId) ?? '',
          onBehalf: revision.onBehalf,
          progress: revision.progress,
          invested: revision.investedThisWeek,
          cumulative: revision.cumulative,
          done: revision.done,
          problems: revision.problems,
          nextPlan: revision.nextPlan,
        });
      }
    }
  }
  return rows;
}

// === Problems (问题清单)

export interface ProblemRow {
  number: number;
  code: string;
  projectName: string;
  unitName: string;
  text: string;
  status: ProblemStatus;
  raisedPeriod: string;
  lastSeenPeriod: string;
  raisedByName: string;
  dueDate: Date | null;
  closeNote: string;
  closedByName: string;
  closedAt: Date | null;
  /** problem (存在问题) or coordination (需协调事项). */
  kind: string;
  /** Who must act: the unit it was given to, and/or the person. */
  assignee: string;
  /** 批示, oldest first: when, who, what. */
  instructions: ItemEntryLine[];
  /** 办理情况 (and a report's word that it is solved), oldest first. */
  progress: ItemEntryLine[];
}

/** One 批示 or 办理情况 of an item. */
export interface ItemEntryLine {
  at: Date;
  byName: string;
  text: string;
}

/**
 * The problems of the projects in scope raised up to the period's last week, with their current
 * status, in number order.
 */
export async function loadProblemRows(deps: CoreDeps, data: LedgerData): Promise<ProblemRow[]> {
  const lastWeek = [...data.weeks].sort(compareWeeks).at(-1);
  const scope = data.scope ? projectScope(data.scope) : { orgId: data.org.id };
  const problems = await deps.db.problem.findMany({
    where: { orgId: data.org.id, project: scope, ...(lastWeek ? { raisedPeriod: { lte: formatWeek(lastWeek) } } : {}) },
    include: { project: { include: { unit: true } }, assigneeUnit: true, assigneePerson: true, entries: { orderBy: { at: 'asc' } } },
    orderBy: { number: 'asc' },
  });
  return problems.map((p) => problemRow(p, data.names));
}

type ProblemWithItem = Problem & {
  project: { code: string; name: string; unit: { name: string } };
  assigneeUnit: { name: string } | null;
  assigneePerson: { name: string } | null;
  entries: ItemEntry[];
};

function problemRow(p: ProblemWithItem, names: Map<string, string>): ProblemRow {
  const lines = (kinds: string[]) => p.entries.filter((e) => kinds.includes(e.kind)).map((e) => ({ at: e.at, byName: e.byName || (e.byId ? (names.get(e.byId) ?? '') : ''), text: e.text }));
  return {
    number: p.number,
    code: p.project.code,
    projectName: p.project.name,
    unitName: p.project.unit.name,
    text: p.text,
    status: p.status as ProblemStatus,
    raisedPeriod: p.raisedPeriod,
    lastSeenPeriod: p.lastSeenPeriod,
    raisedByName: names.get(p.raisedById) ?? '',
    dueDate: p.dueDate,
    closeNote: p.closeNote,
    closedByName: p.closedById ? (names.get(p.closedById) ?? '') : '',
    closedAt: p.closedAt,
    kind: p.kind,
    assignee: [p.assigneeUnit?.name, p.assigneePerson?.name].filter(Boolean).join(' / '),
    instructions: lines(['instruction']),
    progress: lines(['progress', 'proposed_close']),
  };
}

// === Reporting rate (报送率)

export interface RateRow {
  unitName: string;
  projects: number;
  /** Project-weeks expected: every started week of every project, less the paused and 竣工 ones. */
  expected: number;
  counts: Record<WeekMarkKind, number>;
}

export interface RateTable {
  /** The weeks counted: those of the period that have begun. */
  weeks: IsoWeek[];
  units: RateRow[];
  total: RateRow;
}

/** Filed on time (a 更正 counts: the week was first filed on time) over expected; null if none expected. */
export function onTimeRate(row: RateRow): number | null {
  return row.expected ? (row.counts.on_time + row.counts.corrected) / row.expected : null;
}

/** Filed at all (on time or 补报) over expected; null if none expected. */
export function filedRate(row: RateRow): number | null {
  return row.expected ? (row.counts.on_time + row.counts.corrected + row.counts.late) / row.expected : null;
}

/** On time / late / missing per unit over the started weeks of the period. Pure. */
export function reportingRates(data: LedgerData): RateTable {
  const reports = indexReports(data.reports);
  const weeks = data.weeks.filter((w) => weekHasStarted(w, data.now, data.org.timeZone));
  const units = new Map<string, RateRow>();
  const blank = (unitName: string): RateRow => ({ unitName, projects: 0, expected: 0, counts: emptyMarkCounts() });
  const total = blank('');
  for (const project of data.projects) {
    const row = units.get(project.unit.name) ?? blank(project.unit.name);
    units.set(project.unit.name, row);
    row.projects += 1;
    total.projects += 1;
    for (const week of weeks) {
      const kind = markOf(data, project, week, reports.get(project.id)?.get(formatWeek(week))).kind;
      for (const target of [row, total]) {
        target.counts[kind] += 1;
        if (kind !== 'paused' && kind !== 'completed') target.expected += 1;
      }
    }
  }
  return { weeks, units: [...units.values()], total };
}
