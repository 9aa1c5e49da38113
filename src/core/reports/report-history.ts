// Every filing of a project's reports, newest first: what `/history <project>` shows.
import type { Person, Project, Report, ReportRevision } from '../model.ts';
import type { CoreDeps } from '../context.ts';

export interface HistoryEntry {
  report: Report;
  revisions: (ReportRevision & { authorName: string })[];
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
  return reports.map(({ revisions, ...report }) => ({
    report,
    revisions: revisions.map((v) => ({ ...v, authorName: names.get(v.authorId) ?? '?' })),
  }));
}
