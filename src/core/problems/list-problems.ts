// The 问题清单 in a person's scope, filtered by unit, leader and status.
import type { Person, Problem, ProblemStatus, Project, Unit } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { projectScope } from '../rules/permissions.ts';

export interface ProblemFilter {
  /** Part of a unit's name. */
  unit?: string;
  /** Part of a leader's name. */
  leader?: string;
  /** Which statuses; default: everything not closed. */
  statuses?: ProblemStatus[];
}

export type ListedProblem = Problem & { project: Project & { unit: Unit; leader: Person | null } };

export async function listProblems(deps: CoreDeps, input: { scope: Person; filter: ProblemFilter; limit?: number }): Promise<ListedProblem[]> {
  const { filter } = input;
  return deps.db.problem.findMany({
    where: {
      orgId: input.scope.orgId,
      status: filter.statuses ? { in: filter.statuses } : { not: 'closed' },
      project: {
        ...projectScope(input.scope),
        ...(filter.unit ? { unit: { name: { contains: filter.unit } } } : {}),
        ...(filter.leader ? { leader: { name: { contains: filter.leader } } } : {}),
      },
    },
    include: { project: { include: { unit: true, leader: true } } },
    orderBy: { number: 'asc' },
    take: input.limit ?? 50,
  });
}

/** Reads "/problems 县医院 status:all leader:李" style arguments. Unknown words filter by unit. */
export function parseProblemFilter(args: string): ProblemFilter {
  const filter: ProblemFilter = {};
  for (const word of args.split(/\s+/).filter(Boolean)) {
    const [key, value = ''] = word.split(/[:：=]/, 2) as [string, string?];
    const k = key.toLowerCase();
    if (value && ['status', '状态'].includes(k)) filter.statuses = statusesFor(value);
    else if (value && ['leader', '领导', '责任领导'].includes(k)) filter.leader = value;
    else if (value && ['unit', '单位', '责任单位'].includes(k)) filter.unit = value;
    else if (statusesFor(word)) filter.statuses = statusesFor(word);
    else filter.unit = word;
  }
  return filter;
}

function statusesFor(word: string): ProblemStatus[] | undefined {
  const w = word.toLowerCase();
  if (['all', '全部'].includes(w)) return ['open', 'in_progress', 'resolved', 'closed'];
  if (['closed', '已销号', '销号', '已关闭'].includes(w)) return ['closed'];
  if (['open', '未销号', '未解决', '待解决'].includes(w)) return ['open', 'in_progress', 'resolved'];
  return undefined;
}
