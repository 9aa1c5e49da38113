// A message processed a second time (the process stopped after storing its report and before the
// event was marked processed) must not file the report again. The revision it stored carries the
// message's event key; this finds it and rebuilds what the reply shows.
import type { CoreDeps } from '../context.ts';
import type { Incoming } from '../platform.ts';
import { parseWeekId } from '../rules/period.ts';
import type { ParsedSubmission } from '../rules/submission/index.ts';
import { readNotes } from './report-notes.ts';
import type { StoredReport } from './submit-report.ts';

/** The key a revision records for the message that filed it; "" when the platform gave no event id. */
export function sourceEventOf(incoming: Pick<Incoming, 'platform' | 'eventId'>): string {
  return incoming.eventId ? `${incoming.platform}:${incoming.eventId}` : '';
}

/** The report this message already filed in the org, or null (the usual case). */
export async function replayedReport(deps: CoreDeps, orgId: string, sourceEvent: string): Promise<StoredReport | null> {
  if (!sourceEvent) return null;
  const revision = await deps.db.reportRevision.findFirst({ where: { sourceEvent, report: { orgId } }, include: { report: { include: { project: true } } } });
  const week = revision ? parseWeekId(revision.report.period) : null;
  if (!revision || !week) return null;
  const { report } = revision;
  const [previous, problems, photos] = await Promise.all([
    deps.db.report.findFirst({ where: { projectId: report.projectId, period: { lt: report.period } }, orderBy: { period: 'desc' } }),
    deps.db.problem.findMany({ where: { projectId: report.projectId, lastSeenPeriod: report.period, status: { not: 'closed' } }, orderBy: { number: 'asc' } }),
    deps.db.reportPhoto.count({ where: { reportId: report.id } }),
  ]);
  const submission: ParsedSubmission = {
    confirmed: true,
    ...(revision.progress !== null ? { progress: revision.progress } : {}),
    ...(revision.investedThisWeek !== null ? { investedThisWeek: revision.investedThisWeek } : {}),
    ...(revision.cumulative !== null ? { cumulative: revision.cumulative } : {}),
    ...(revision.done ? { done: revision.done } : {}),
    ...(revision.problems ? { problems: revision.problems.split('\n') } : {}),
    ...(revision.nextPlan ? { nextPlan: revision.nextPlan } : {}),
    ...(revision.help ? { help: revision.help } : {}),
    ...(revision.lateReason ? { reason: revision.lateReason } : {}),
    ...(revision.notes ? { notes: readNotes(revision.notes) } : {}),
  };
  return {
    reportId: report.id,
    photos,
    project: report.project,
    week,
    revision: revision.revision,
    onBehalf: revision.onBehalf,
    late: revision.late,
    lateReason: revision.lateReason,
    submission,
    cumulative: revision.cumulative,
    investedThisWeek: revision.investedThisWeek,
    derived: {},
    previousProgress: previous?.progress ?? null,
    previousPeriod: previous?.period ?? null,
    carried: [],
    problems: problems.map((p) => ({ number: p.number, text: p.text, isNew: p.raisedPeriod === report.period })),
  };
}
