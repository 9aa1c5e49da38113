// Imports a project list: creates the org on first import, upserts units and people by name, and
// adds or updates projects, matched by an explicit 项目编号 when the list has one, else by name
// (a 序号 is only a row's position and never carries a project's history to another). All or nothing: one transaction, and
// nothing at all when any row has an error. A dry run computes the same summary and writes nothing.
import type { Db, Tx } from '../../db/client.ts';
import type { Org, Person, Project, Unit } from '../../db/generated/sqlite/client.ts';
import { audit } from '../audit.ts';
import type { ContactHints, ProjectRow, RowError } from '../rules/project-list.ts';
import { normalizeName } from '../rules/project-match.ts';

export interface ImportInput {
  /** The org to import into; created if it does not exist. Optional when exactly one org exists. */
  orgName?: string;
  /** A name to use for a first import when none is given (the list's title row). */
  fallbackOrgName?: string;
  rows: ProjectRow[];
  /** Errors found reading the file: when there are any, nothing is imported. */
  errors: RowError[];
  dryRun: boolean;
  actorId: string | null;
  timeZone: string;
  locale: string;
}

/** A project field an import can change. */
export type ProjectField = 'code' | 'name' | 'location' | 'scope' | 'totalInvestment' | 'annualPlan' | 'unit' | 'leader' | 'owner' | 'note';

export interface ImportSummary {
  dryRun: boolean;
  /** Set when nothing was (or would be) imported because of an org problem. */
  orgProblem?: 'needs_org_name' | 'several_orgs';
  orgName: string;
  orgCreated: boolean;
  added: { code: string; name: string }[];
  changed: { code: string; name: string; fields: ProjectField[] }[];
  unchanged: number;
  /** Projects of the org the file does not list (left as they are). */
  notInFile: { code: string; name: string }[];
  unitsCreated: string[];
  peopleCreated: string[];
  errors: RowError[];
  /** True when the database was changed. */
  applied: boolean;
}

interface Existing {
  org: Org | null;
  units: Unit[];
  people: Person[];
  projects: Project[];
}

type PlannedProject = { row: ProjectRow; existing: Project | null; fields: ProjectField[] };

function emptySummary(input: ImportInput, orgName: string, errors: RowError[]): ImportSummary {
  return { dryRun: input.dryRun, orgName, orgCreated: false, added: [], changed: [], unchanged: 0, notInFile: [], unitsCreated: [], peopleCreated: [], errors, applied: false };
}

/** Which org: the named one, the only one, or a new one named by the list's title. */
async function chooseOrg(db: Db, input: ImportInput): Promise<{ org: Org | null; name: string } | { problem: 'needs_org_name' | 'several_orgs' }> {
  if (input.orgName?.trim()) {
    const name = input.orgName.trim();
    return { org: await db.org.findUnique({ where: { name } }), name };
  }
  const orgs = await db.org.findMany({ take: 2 });
  if (orgs.length === 1 && orgs[0]) return { org: orgs[0], name: orgs[0].name };
  if (orgs.length > 1) return { problem: 'several_orgs' };
  if (input.fallbackOrgName?.trim()) return { org: null, name: input.fallbackOrgName.trim() };
  return { problem: 'needs_org_name' };
}

function planProjects(existing: Existing, rows: ProjectRow[]): PlannedProject[] {
  const byName = new Map(existing.projects.map((p) => [normalizeName(p.name), p]));
  const byCode = new Map(existing.projects.map((p) => [normalizeName(p.code), p]));
  const unitName = new Map(existing.units.map((u) => [u.id, u.name]));
  const personName = new Map(existing.people.map((p) => [p.id, p.name]));
  const taken = new Set<string>();
  return rows.map((row) => {
    const byStableCode = row.codeIsStable ? byCode.get(normalizeName(row.code)) : undefined;
    let match = byStableCode ?? byName.get(normalizeName(row.name)) ?? null;
    if (match && taken.has(match.id)) match = null;
    if (match) taken.add(match.id);
    if (!match) return { row, existing: null, fields: [] };
    const fields: ProjectField[] = [];
    const compare: [ProjectField, unknown, unknown][] = [
      ['code', match.code, row.code],
      ['name', match.name, row.name],
      ['location', match.location, row.location],
      ['scope', match.scope, row.scope],
      ['totalInvestment', match.totalInvestment, row.totalInvestment],
      ['annualPlan', match.annualPlan, row.annualPlan],
      ['unit', unitName.get(match.unitId), row.unit],
      ['leader', match.leaderId ? personName.get(match.leaderId) : null, row.leader],
      ['owner', match.ownerId ? personName.get(match.ownerId) : null, row.owner],
      ['note', match.note, row.note],
    ];
    for (const [field, before, after] of compare) if (before !== after) fields.push(field);
    return { row, existing: match, fields };
  });
}

/** Imports (or, with dryRun, previews) a project list. */
export async function importProjects(db: Db, input: ImportInput): Promise<ImportSummary> {
  const chosen = await chooseOrg(db, input);
  if ('problem' in chosen) return { ...emptySummary(input, input.orgName ?? '', input.errors), orgProblem: chosen.problem };
  const existing: Existing = chosen.org
    ? {
        org: chosen.org,
        units: await db.unit.findMany({ where: { orgId: chosen.org.id } }),
        people: await db.person.findMany({ where: { orgId: chosen.org.id } }),
        projects: await db.project.findMany({ where: { orgId: chosen.org.id }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] }),
      }
    : { org: null, units: [], people: [], projects: [] };

  const planned = planProjects(existing, input.rows);
  const listed = new Set(planned.map((p) => p.existing?.id).filter(Boolean));
  // A code still held by a project the file does not list cannot be given to another one.
  const heldCodes = new Map(existing.projects.filter((p) => !listed.has(p.id)).map((p) => [normalizeName(p.code), p]));
  const conflicts: RowError[] = planned.flatMap(({ row }) => {
    const holder = heldCodes.get(normalizeName(row.code));
    return holder ? [{ row: row.rowNumber, key: 'import.error.code_taken' as const, params: { code: row.code, name: holder.name } }] : [];
  });
  input = { ...input, errors: [...input.errors, ...conflicts] };
  const unitNames = new Set(existing.units.map((u) => u.name));
  const personNames = new Set(existing.people.map((p) => p.name));
  const summary: ImportSummary = {
    ...emptySummary(input, chosen.name, input.errors),
    orgCreated: !chosen.org,
    added: planned.filter((p) => !p.existing).map(({ row }) => ({ code: row.code, name: row.name })),
    changed: planned.filter((p) => p.existing && p.fields.length).map(({ row, fields }) => ({ code: row.code, name: row.name, fields })),
    unchanged: planned.filter((p) => p.existing && !p.fields.length).length,
    notInFile: existing.projects.filter((p) => !listed.has(p.id)).map((p) => ({ code: p.code, name: p.name })),
    unitsCreated: [...new Set(input.rows.map((r) => r.unit))].filter((u) => !unitNames.has(u)),
    peopleCreated: [...new Set(input.rows.flatMap((r) => [r.leader, r.owner]).filter((n): n is string => Boolean(n)))].filter((n) => !personNames.has(n)),
  };
  if (input.errors.length > 0 || input.dryRun) return summary;

  await db.$transaction(async (tx) => {
    const org = chosen.org ?? (await tx.org.create({ data: { name: chosen.name, timeZone: input.timeZone, locale: input.locale } }));
    await applyImport(tx, org, existing, planned, input);
    await audit(tx, {
      orgId: org.id,
      actorId: input.actorId,
      action: 'project.import',
      entity: 'org',
      entityId: org.id,
      detail: { added: summary.added.length, changed: summary.changed.length, unchanged: summary.unchanged, unitsCreated: summary.unitsCreated.length, peopleCreated: summary.peopleCreated.length },
    });
  });
  return { ...summary, applied: true };
}

/** Hints from the file fill or replace stored ones; an empty cell never erases a hint. */
function hintData(hints: ContactHints): { telegramUsername?: string; larkEmail?: string; larkMobile?: string } {
  return {
    ...(hints.telegramUsername ? { telegramUsername: hints.telegramUsername } : {}),
    ...(hints.email ? { larkEmail: hints.email } : {}),
    ...(hints.mobile ? { larkMobile: hints.mobile } : {}),
  };
}

async function applyImport(tx: Tx, org: Org, existing: Existing, planned: PlannedProject[], input: ImportInput): Promise<void> {
  const units = new Map(existing.units.map((u) => [u.name, u.id]));
  let unitOrder = existing.units.length;
  for (const row of input.rows) {
    if (units.has(row.unit)) continue;
    const unit = await tx.unit.create({ data: { orgId: org.id, name: row.unit, sortOrder: unitOrder++ } });
    units.set(row.unit, unit.id);
  }

  const people = new Map<string, string>();
  const upsertPerson = async (name: string, role: 'isLeader' | 'isOwner', hints: ContactHints, unitId: string | null) => {
    const data = { [role]: true, ...hintData(hints) };
    const person = await tx.person.upsert({
      where: { orgId_name: { orgId: org.id, name } },
      create: { orgId: org.id, name, unitId, ...data },
      update: data,
    });
    people.set(name, person.id);
  };
  for (const row of input.rows) {
    if (row.leader) await upsertPerson(row.leader, 'isLeader', row.leaderHints, null);
    await upsertPerson(row.owner, 'isOwner', row.ownerHints, units.get(row.unit) ?? null);
  }

  // Codes may move between projects (a renumbered list): park the changed ones first.
  for (const p of planned) {
    if (p.existing && p.fields.includes('code')) await tx.project.update({ where: { id: p.existing.id }, data: { code: `__import_${p.existing.id}` } });
  }
  for (const [index, { row, existing: match }] of planned.entries()) {
    const data = {
      code: row.code,
      name: row.name,
      location: row.location,
      scope: row.scope,
      totalInvestment: row.totalInvestment,
      annualPlan: row.annualPlan,
      unitId: units.get(row.unit) ?? '',
      leaderId: row.leader ? (people.get(row.leader) ?? null) : null,
      ownerId: people.get(row.owner) ?? null,
      note: row.note,
      sortOrder: index,
    };
    if (match) await tx.project.update({ where: { id: match.id }, data });
    else await tx.project.create({ data: { ...data, orgId: org.id } });
  }
}
