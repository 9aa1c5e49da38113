// Every filing of a project's reports, newest first: what `/history <project>` shows.
import type { Person, Project, Report, ReportRevision } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { photoCounts } from '../photos/attach-photos.ts';

export interface HistoryEntry {
  report: Report;
  revisions: (ReportRevision & { authorName: string })[];
  /** Site photos attached to the week's report. */
  photos: number;
}

/** The latest `weeks` weeks of reports of a project, each with all its revisions. */
export async function reportHistory(deps: CoreDeps, project: Project, weeks = 8): Promise<HistoryEntry[]> {
  const reports = await deps.db.report.findMany({
    where: { projectId: project.id },
    orderBy: { period: 'desc' },
    take: weeks,
    include: { revisions: { orderBy: { revision: 'desc' } } },
  });
  const authorIds = [...new Set(reports.flatMap((r) => r.revisions.map((v) => v.authorId)))];
  const authors: Pick<Person, 'id' | 'name'>[] = await deps.db.person.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } });
  const names = new Map(authors.map((a) => [a.id, a.name]));
  const photos = await photoCounts(deps, reports.map((r) => r.id));
  return reports.map(({ revisions, ...report }) => ({
    report,
    revisions: revisions.map((v) => ({ ...v, authorName: names.get(v.authorId) ?? '?' })),
    photos: photos.get(report.id) ?? 0,
  }));
}
