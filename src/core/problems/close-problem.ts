// 销号: a coordinator closes a problem, recording who and why.
import type { Person, Problem } from '../model.ts';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';

export type CloseResult = { kind: 'closed'; problem: Problem } | { kind: 'not_found' } | { kind: 'already_closed'; problem: Problem } | { kind: 'needs_note' };

/** Closes problem number `number` of the coordinator's org with a note. */
export async function closeProblem(deps: CoreDeps, input: { coordinator: Person; number: number; note: string }): Promise<CloseResult> {
  if (!input.note.trim()) return { kind: 'needs_note' };
  return deps.db.$transaction(async (tx) => {
    const problem = await tx.problem.findUnique({ where: { orgId_number: { orgId: input.coordinator.orgId, number: input.number } } });
    if (!problem) return { kind: 'not_found' } as const;
    if (problem.status === 'closed') return { kind: 'already_closed', problem } as const;
    const closed = await tx.problem.update({
      where: { id: problem.id },
      data: { status: 'closed', closedAt: deps.now(), closedById: input.coordinator.id, closeNote: input.note.trim() },
    });
    await audit(tx, { orgId: problem.orgId, actorId: input.coordinator.id, action: 'problem.close', entity: 'problem', entityId: problem.id, detail: { number: problem.number, note: input.note.trim() } });
    return { kind: 'closed', problem: closed } as const;
  });
}
