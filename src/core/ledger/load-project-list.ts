// The org's project list as the import reads it (计划清单): one entry per project, in list order,
// with the people's contact hints, so that exporting and re-importing it changes nothing.
import type { Db } from '../../db/client.ts';
import type { ContactHints } from '../rules/project-list.ts';

/** One project of the list. Money in 分. */
export interface ProjectListEntry {
  code: string;
  name: string;
  location: string;
  scope: string;
  totalInvestment: bigint;
  annualPlan: bigint;
  unit: string;
  leader: string;
  leaderHints: ContactHints;
  owner: string;
  ownerHints: ContactHints;
  note: string;
}

function hintsOf(person: { telegramUsername: string | null; larkEmail: string | null; larkMobile: string | null } | null): ContactHints {
  if (!person) return {};
  return {
    ...(person.telegramUsername ? { telegramUsername: person.telegramUsername } : {}),
    ...(person.larkEmail ? { email: person.larkEmail } : {}),
    ...(person.larkMobile ? { mobile: person.larkMobile } : {}),
  };
}

/** Every project of the org in list order (the order the last import gave them). */
export async function loadProjectList(db: Db, orgId: string): Promise<ProjectListEntry[]> {
  const projects = await db.project.findMany({
    where: { orgId },
    include: { unit: true, leader: true, owner: true },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
  });
  return projects.map((p) => ({
    code: p.code,
    name: p.name,
    location: p.location,
    scope: p.scope,
    totalInvestment: p.totalInvestment,
    annualPlan: p.annualPlan,
    unit: p.unit.name,
    leader: p.leader?.name ?? '',
    leaderHints: hintsOf(p.leader),
    owner: p.owner?.name ?? '',
    ownerHints: hintsOf(p.owner),
    note: p.note,
  }));
}
