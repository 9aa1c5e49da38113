// Finds the project a report is for, within what the sender may report on.
import type { Db } from '../../db/client.ts';
import { filingStoreOf } from '../../db/filing-store/filing-store.ts';
import type { Person, Project } from '../model.ts';
import { matchProject } from '../rules/project-match.ts';

export type FindResult = { kind: 'found'; project: Project } | { kind: 'ambiguous' | 'unknown'; candidates: Project[] };

/**
 * The project named by `ref` (code, full name or a unique part of it). With no ref, an owner's only
 * project. Owners search their own projects first, then the org (so the refusal can say whose it is).
 * The candidates of an unknown or ambiguous ref are the sender's own projects or the partial matches.
 */
export async function findProjectForReport(db: Db, person: Person, ref: string | undefined): Promise<FindResult> {
  const own = await filingStoreOf(db).ownProjects(person.orgId, person.id);
  if (!ref?.trim()) {
    if (own.length === 1 && own[0]) return { kind: 'found', project: own[0] };
    return { kind: 'unknown', candidates: own };
  }
  const mine = matchProject(ref, own);
  if (mine.kind === 'found') return mine;
  const trimmed = ref.trim();
  const org = await db.project.findMany({
    where: { orgId: person.orgId, OR: [{ code: trimmed.replace(/^[#＃]/, '') }, { name: { contains: trimmed } }] },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    take: 20,
  });
  const inOrg = matchProject(ref, org);
  if (inOrg.kind === 'found') return inOrg;
  if (inOrg.kind === 'ambiguous') return { kind: 'ambiguous', candidates: inOrg.candidates };
  if (mine.kind === 'ambiguous') return { kind: 'ambiguous', candidates: mine.candidates };
  // Spaces or width differences the database cannot fold: compare against every project in scope.
  const all = await db.project.findMany({ where: person.isCoordinator ? { orgId: person.orgId } : { orgId: person.orgId, ownerId: person.id }, take: 5000 });
  const loose = matchProject(ref, all);
  if (loose.kind === 'found') return loose;
  return { kind: loose.kind === 'ambiguous' ? 'ambiguous' : 'unknown', candidates: loose.kind === 'ambiguous' ? loose.candidates : own };
}
