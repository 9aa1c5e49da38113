// Who may do what. Pure: the caller loads the person and the project.

export interface PersonRoles {
  id: string;
  orgId: string;
  isCoordinator: boolean;
  isLeader: boolean;
  isOwner: boolean;
}

export interface ProjectPeople {
  orgId: string;
  leaderId: string | null;
  ownerId: string | null;
}

/**
 * How a person may report for a project: as its owner, on the owner's behalf as a coordinator,
 * or not at all. Orgs never see each other.
 */
export function reportRight(person: PersonRoles, project: ProjectPeople): 'owner' | 'on_behalf' | 'none' {
  if (person.orgId !== project.orgId) return 'none';
  if (project.ownerId === person.id) return 'owner';
  if (person.isCoordinator) return 'on_behalf';
  return 'none';
}

/** Coordinators see their whole org; leaders the projects they lead; owners the projects they own. */
export function canSeeProject(person: PersonRoles, project: ProjectPeople): boolean {
  if (person.orgId !== project.orgId) return false;
  return person.isCoordinator || project.leaderId === person.id || project.ownerId === person.id;
}

/** A database filter for the projects a person sees (shape of a Prisma `where`). */
export function projectScope(person: PersonRoles): { orgId: string; OR?: ({ leaderId: string } | { ownerId: string })[] } {
  if (person.isCoordinator) return { orgId: person.orgId };
  return { orgId: person.orgId, OR: [{ leaderId: person.id }, { ownerId: person.id }] };
}
