// Imports a project list: creates the org on first import, upserts units and people by name, and
// adds or updates projects. A row matches an existing project by name first, then by an explicit
// 项目编号 (a 序号 is only a row's position and never carries a project's history to another).
// All or nothing: one transaction, and nothing at all when any row has an error. A dry run computes
// the same summary, the same way, and writes nothing.
import { DateTime } from 'luxon';
import type { Db, Tx } from '../../db/client.ts';
import type { Org, Person, Project, Unit } from '../model.ts';
import { audit } from '../audit.ts';
import type { ContactHints, ProjectRow, RowError } from '../rules/project-list.ts';
import { normalizeName } from '../rules/project-match.ts';
import { monthPlansByProject, writeMonthPlan } from './month-plans.ts';

/** What to import, and where. */
export interface ImportInput {
  /** The org to import into; created if it does not exist. Optional when exactly one org exists. */
  orgName?: string;
  /** A name for a first import when none is given (the sandbox's default org). */
  fallbackOrgName?: string;
  rows: ProjectRow[];
  /** Errors found reading the file: when there are any, nothing is imported. Default none. */
  errors?: RowError[];
  /** Problems found reading the file that do not stop the import (a blank 责任领导), shown by row. */
  warnings?: RowError[];
  dryRun: boolean;
  /** Who imports (for the audit log); null for the CLI. */
  actorId: string | null;
  /** Time zone of an org created by this import. Default Asia/Shanghai. */
  timeZone?: string;
  /** Locale of an org created by this import. Default zh-CN. */
  locale?: string;
  /** The import's time, whose year (in the org's zone) the 本年已完成投资 column is of. Default now. */
  now?: Date;
}

/** A project field an import can change. */
export type ProjectField = 'code' | 'name' | 'location' | 'scope' | 'totalInvestment' | 'annualPlan' | 'unit' | 'leader' | 'owner' | 'note' | 'monthPlan';

/** A person field an import can change: a role added or a binding hint filled in. */
export type PersonField = 'leader' | 'owner' | 'telegram' | 'email' | 'mobile' | 'title' | 'returned';

/** One field of a project before and after: amounts in 分 as decimal strings, people and units by name. */
export interface FieldChange {
  field: ProjectField;
  from: string;
  to: string;
  /** The month (1–12) of a 'monthPlan' change (「3月计划 500万元 → 600万元」). */
  month?: number;
}

/** The fields whose values are amounts (分). */
export const MONEY_FIELDS: ReadonlySet<ProjectField> = new Set(['totalInvestment', 'annualPlan', 'monthPlan']);

/** A project as the summary names it. */
export interface ProjectRef {
  code: string;
  name: string;
}

/** What an import did (or, in a dry run, would do). */
export interface ImportSummary {
  dryRun: boolean;
  /** Set when nothing was (or would be) imported because the org is not clear. */
  orgProblem?: 'needs_org_name' | 'several_orgs';
  orgName: string;
  orgCreated: boolean;
  added: ProjectRef[];
  /** Updated projects with the fields that change (old → new in `changes`); `previousName` when a project is renamed. */
  changed: (ProjectRef & { fields: ProjectField[]; changes: FieldChange[]; previousName?: string })[];
  /** How many listed projects stay as they are. */
  unchanged: number;
  /** The listed projects that stay as they are. */
  unchangedProjects: ProjectRef[];
  /** Projects of the org the file does not list (left as they are, never deleted). */
  notInFile: ProjectRef[];
  unitsCreated: string[];
  peopleCreated: string[];
  /** Existing people who gain a role or a binding hint. */
  peopleUpdated: { name: string; fields: PersonField[] }[];
  /**
   * Leaders and owners no project names any more (neither this list nor a project it leaves alone):
   * retired when the import is applied, so they get no messages. Coordinators are never retired.
   */
  retired: string[];
  /**
   * 分月计划 of the import's year: `listed` projects of the file have one (`added` of them had none
   * before). A stored plan of a project whose row leaves the month cells blank is kept.
   */
  monthPlans: { year: number; listed: number; added: number };
  /** Warnings by row (the import goes ahead). */
  warnings: RowError[];
  /** Row errors from the file and conflicts with the database; when any, nothing is written. */
  errors: RowError[];
  /** True when the database was changed. */
  applied: boolean;
}

interface Existing {
  units: Unit[];
  people: Person[];
  projects: Project[];
  /** Stored 分月计划 of the import's year by project id (Jan … Dec, 分; a month not stored is 0). */
  monthPlans: Map<string, bigint[]>;
}

type PlannedProject = { row: ProjectRow; existing: Project | null; fields: ProjectField[] };

/** A person as the file wants them after the import. */
interface PlannedPerson {
  name: string;
  /** 职务 from the list; "" leaves the stored one. */
  title: string;
  existing: Person | null;
  isLeader: boolean;
  isOwner: boolean;
  unit: string | null;
  hints: { telegramUsername?: string; larkEmail?: string; larkMobile?: string };
  fields: PersonField[];
}

interface Plan {
  summary: ImportSummary;
  projects: PlannedProject[];
  people: PlannedPerson[];
  /** People to retire. */
  retire: Person[];
  /** Units to create, by name as first written. */
  newUnits: string[];
  /** The year the 分月计划 (and 本年已完成投资) of the file belong to. */
  year: number;
  /** Stored 分月计划 of that year, by project id. */
  storedMonthPlans: Map<string, bigint[]>;
}

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const DEFAULT_LOCALE = 'zh-CN';
/** A list of a few hundred projects is a few thousand statements: more than Prisma's 5 s default. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 120_000 };

function emptySummary(dryRun: boolean, orgName: string, errors: RowError[]): ImportSummary {
  return { dryRun, orgName, orgCreated: false, added: [], changed: [], unchanged: 0, unchangedProjects: [], notInFile: [], unitsCreated: [], peopleCreated: [], peopleUpdated: [], retired: [], monthPlans: { year: 0, listed: 0, added: 0 }, warnings: [], errors, applied: false };
}

/** Which org: the named one (new if unknown), the only one, or a new one with the fallback name. */
async function chooseOrg(db: Db | Tx, input: ImportInput): Promise<{ org: Org | null; name: string } | { problem: 'needs_org_name' | 'several_orgs' }> {
  const named = input.orgName?.trim();
  if (named) return { org: await db.org.findUnique({ where: { name: named } }), name: named };
  const orgs = await db.org.findMany({ take: 2, orderBy: { createdAt: 'asc' } });
  if (orgs.length === 1 && orgs[0]) return { org: orgs[0], name: orgs[0].name };
  if (orgs.length > 1) return { problem: 'several_orgs' };
  const fallback = input.fallbackOrgName?.trim();
  if (fallback) return { org: null, name: fallback };
  return { problem: 'needs_org_name' };
}

async function loadExisting(db: Db | Tx, org: Org | null, year: number): Promise<Existing> {
  if (!org) return { units: [], people: [], projects: [], monthPlans: new Map() };
  const [units, people, projects, months] = await Promise.all([
    db.unit.findMany({ where: { orgId: org.id }, orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }] }),
    db.person.findMany({ where: { orgId: org.id }, orderBy: { createdAt: 'asc' } }),
    db.project.findMany({ where: { orgId: org.id }, orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }] }),
    db.projectMonthPlan.findMany({ where: { orgId: org.id, year }, select: { projectId: true, month: true, amount: true } }),
  ]);
  return { units, people, projects, monthPlans: monthPlansByProject(months) };
}

/** The import's year in the org's zone (the year 本年已完成投资 and 分月计划 belong to). */
function importYear(org: Org | null, input: ImportInput): number {
  return DateTime.fromJSDate(input.now ?? new Date(), { zone: org?.timeZone ?? input.timeZone ?? DEFAULT_TIME_ZONE }).year;
}

/** First record per normalized key (names are compared without spaces, widths or case). */
function indexBy<T>(items: T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(normalizeName(key(item)))) map.set(normalizeName(key(item)), item);
  return map;
}

/** Pairs rows with existing projects: every row by name first, then the rest by an explicit code. */
function matchRows(existing: Existing, rows: ProjectRow[]): (Project | null)[] {
  const byName = indexBy(existing.projects, (p) => p.name);
  const byCode = indexBy(existing.projects, (p) => p.code);
  const taken = new Set<string>();
  const matches: (Project | null)[] = rows.map((row) => {
    const match = byName.get(normalizeName(row.name));
    if (!match || taken.has(match.id)) return null;
    taken.add(match.id);
    return match;
  });
  rows.forEach((row, i) => {
    if (matches[i] || !row.codeIsStable) return;
    const match = byCode.get(normalizeName(row.code));
    if (!match || taken.has(match.id)) return;
    taken.add(match.id);
    matches[i] = match;
  });
  return matches;
}

function planPeople(existing: Existing, rows: ProjectRow[]): PlannedPerson[] {
  const byName = indexBy(existing.people, (p) => p.name);
  const people = new Map<string, PlannedPerson>();
  const want = (name: string, title: string, role: 'isLeader' | 'isOwner', hints: ContactHints, unit: string | null) => {
    const key = normalizeName(name);
    let person = people.get(key);
    if (!person) {
      const found = byName.get(key) ?? null;
      person = { name: found?.name ?? name, title: '', existing: found, isLeader: false, isOwner: false, unit: null, hints: {}, fields: [] };
      people.set(key, person);
    }
    person[role] = true;
    if (title && !person.title) person.title = title;
    if (unit && !person.unit) person.unit = unit;
    if (hints.telegramUsername) person.hints.telegramUsername = hints.telegramUsername;
    if (hints.email) person.hints.larkEmail = hints.email;
    if (hints.mobile) person.hints.larkMobile = hints.mobile;
  };
  for (const row of rows) {
    if (row.leader) want(row.leader, row.leaderTitle, 'isLeader', row.leaderHints, null);
    want(row.owner, row.ownerTitle, 'isOwner', row.ownerHints, row.unitBlank ? null : row.unit);
  }
  for (const person of people.values()) {
    const before = person.existing;
    if (!before) continue;
    if (person.isLeader && !before.isLeader) person.fields.push('leader');
    if (person.isOwner && !before.isOwner) person.fields.push('owner');
    if (person.hints.telegramUsername && person.hints.telegramUsername !== before.telegramUsername) person.fields.push('telegram');
    if (person.hints.larkEmail && person.hints.larkEmail !== before.larkEmail) person.fields.push('email');
    if (person.hints.larkMobile && person.hints.larkMobile !== before.larkMobile) person.fields.push('mobile');
    if (person.title && person.title !== before.title) person.fields.push('title');
    if (before.retiredAt) person.fields.push('returned');
  }
  return [...people.values()];
}

/** Works out everything the import does, without writing. The same for a dry run and a real one. */
function plan(orgName: string, org: Org | null, existing: Existing, input: ImportInput): Plan {
  const rows = input.rows;
  const year = importYear(org, input);
  const units = indexBy(existing.units, (u) => u.name);
  const unitNameById = new Map(existing.units.map((u) => [u.id, u.name]));
  const personNameById = new Map(existing.people.map((p) => [p.id, p.name]));
  const sameUnit = (unitId: string, name: string) => normalizeName(unitNameById.get(unitId) ?? '') === normalizeName(name);
  const samePerson = (personId: string | null, name: string | null) =>
    personId === null ? name === null : name !== null && normalizeName(personNameById.get(personId) ?? '') === normalizeName(name);

  const matches = matchRows(existing, rows);
  const projects: PlannedProject[] = rows.map((row, i) => {
    const match = matches[i] ?? null;
    if (!match) return { row, existing: null, fields: [] };
    const fields: ProjectField[] = [];
    if (match.code !== row.code) fields.push('code');
    if (match.name !== row.name) fields.push('name');
    if (match.location !== row.location) fields.push('location');
    if (match.scope !== row.scope) fields.push('scope');
    if (match.totalInvestment !== row.totalInvestment) fields.push('totalInvestment');
    if (match.annualPlan !== row.annualPlan) fields.push('annualPlan');
    if (!sameUnit(match.unitId, row.unit)) fields.push('unit');
    if (!samePerson(match.leaderId, row.leader)) fields.push('leader');
    if (!samePerson(match.ownerId, row.owner)) fields.push('owner');
    if (match.note !== row.note) fields.push('note');
    const stored = existing.monthPlans.get(match.id);
    if (row.monthPlan && stored && row.monthPlan.some((fen, i) => fen !== stored[i])) fields.push('monthPlan');
    return { row, existing: match, fields };
  });
  const unitName = (id: string) => unitNameById.get(id) ?? '';
  const personName = (id: string | null) => (id ? (personNameById.get(id) ?? '') : '');
  const changesOf = (row: ProjectRow, before: Project, fields: ProjectField[]): FieldChange[] =>
    fields.flatMap((field): FieldChange | FieldChange[] => {
      switch (field) {
        case 'monthPlan': {
          // Old → new for each month that changes.
          const stored = existing.monthPlans.get(before.id) ?? [];
          return (row.monthPlan ?? []).flatMap((fen, i) => (fen !== (stored[i] ?? 0n) ? [{ field, month: i + 1, from: (stored[i] ?? 0n).toString(), to: fen.toString() }] : []));
        }
        case 'totalInvestment':
        case 'annualPlan':
          return { field, from: before[field].toString(), to: row[field].toString() };
        case 'unit':
          return { field, from: unitName(before.unitId), to: row.unit };
        case 'leader':
          return { field, from: personName(before.leaderId), to: row.leader ?? '' };
        case 'owner':
          return { field, from: personName(before.ownerId), to: row.owner };
        default:
          return { field, from: before[field], to: row[field] };
      }
    });

  // A code still held by a project the file does not list cannot be given to another one. Checked
  // once the file itself is clean: a row with errors is missing here, and its project would seem unlisted.
  const listed = new Set(projects.flatMap((p) => (p.existing ? [p.existing.id] : [])));
  const notListed = existing.projects.filter((p) => !listed.has(p.id));
  const heldCodes = indexBy(notListed, (p) => p.code);
  const conflicts: RowError[] = (input.errors ?? []).length > 0 ? [] : projects.flatMap(({ row }) => {
    const holder = heldCodes.get(normalizeName(row.code));
    return holder ? [{ row: row.rowNumber, key: 'import.error.code_taken' as const, params: { code: row.code, name: holder.name } }] : [];
  });

  const newUnits: string[] = [];
  const seenUnits = new Set<string>();
  for (const row of rows) {
    const key = normalizeName(row.unit);
    if (units.has(key) || seenUnits.has(key)) continue;
    seenUnits.add(key);
    newUnits.push(row.unit);
  }
  const plannedPeople = planPeople(existing, rows);
  const ref = (row: ProjectRow): ProjectRef => ({ code: row.code, name: row.name });
  // Still named after the import: by this list, or by a project it leaves as it is.
  const named = new Set(plannedPeople.map((p) => normalizeName(p.name)));
  for (const p of notListed) for (const id of [p.leaderId, p.ownerId]) if (id) named.add(normalizeName(personNameById.get(id) ?? ''));
  const retire = (input.errors ?? []).length > 0 ? [] : existing.people.filter((p) => !p.isCoordinator && !p.retiredAt && (p.isLeader || p.isOwner) && !named.has(normalizeName(p.name)));

  const summary: ImportSummary = {
    ...emptySummary(input.dryRun, orgName, [...(input.errors ?? []), ...conflicts]),
    orgCreated: org === null,
    added: projects.filter((p) => !p.existing).map(({ row }) => ref(row)),
    changed: projects
      .filter((p) => p.existing && p.fields.length)
      .map(({ row, existing: before, fields }) => ({
        ...ref(row),
        fields,
        changes: before ? changesOf(row, before, fields) : [],
        ...(before && fields.includes('name') ? { previousName: before.name } : {}),
      })),
    unchanged: projects.filter((p) => p.existing && !p.fields.length).length,
    unchangedProjects: projects.filter((p) => p.existing && !p.fields.length).map(({ row }) => ref(row)),
    notInFile: notListed.map((p) => ({ code: p.code, name: p.name })),
    unitsCreated: newUnits,
    peopleCreated: plannedPeople.filter((p) => !p.existing).map((p) => p.name),
    peopleUpdated: plannedPeople.filter((p) => p.existing && p.fields.length).map((p) => ({ name: p.name, fields: p.fields })),
    retired: retire.map((p) => p.name),
    monthPlans: {
      year,
      listed: projects.filter((p) => p.row.monthPlan).length,
      added: projects.filter((p) => p.row.monthPlan && !(p.existing && existing.monthPlans.has(p.existing.id))).length,
    },
    warnings: input.warnings ?? [],
  };
  return { summary, projects, people: plannedPeople, retire, newUnits, year, storedMonthPlans: existing.monthPlans };
}

/**
 * Imports (or, with `dryRun`, previews) a project list into an org. Units and people are matched
 * by name and created as needed; leaders and owners get their role flags; binding hints from the
 * file fill or replace stored ones but an empty cell never erases one. Projects not in the file
 * are left alone and listed. With any row error (or a code still held by an unlisted project),
 * nothing is written. Re-importing the same list changes nothing.
 */
export async function importProjects(db: Db, input: ImportInput): Promise<ImportSummary> {
  const inputErrors = input.errors ?? [];
  const chosen = await chooseOrg(db, input);
  if ('problem' in chosen) return { ...emptySummary(input.dryRun, input.orgName?.trim() ?? '', inputErrors), orgProblem: chosen.problem };

  if (input.dryRun || inputErrors.length > 0) return plan(chosen.name, chosen.org, await loadExisting(db, chosen.org, importYear(chosen.org, input)), input).summary;

  return db.$transaction(async (tx) => {
    // Read again inside the transaction, so the plan is made on what is written over.
    const current = await tx.org.findUnique({ where: { name: chosen.name } });
    const planned = plan(chosen.name, current, await loadExisting(tx, current, importYear(current, input)), input);
    if (planned.summary.errors.length > 0) return planned.summary;
    const org = current ?? (await tx.org.create({ data: { name: chosen.name, timeZone: input.timeZone ?? DEFAULT_TIME_ZONE, locale: input.locale ?? DEFAULT_LOCALE } }));
    await applyPlan(tx, org, planned);
    const { summary } = planned;
    await audit(tx, {
      orgId: org.id,
      actorId: input.actorId,
      action: 'project.import',
      entity: 'org',
      entityId: org.id,
      detail: {
        orgCreated: summary.orgCreated,
        added: summary.added.length,
        changed: summary.changed.length,
        unchanged: summary.unchanged,
        notInFile: summary.notInFile.length,
        unitsCreated: summary.unitsCreated.length,
        peopleCreated: summary.peopleCreated.length,
        peopleUpdated: summary.peopleUpdated.length,
        retired: summary.retired,
        monthPlans: summary.monthPlans.listed,
        warnings: summary.warnings.length,
      },
    });
    for (const person of planned.retire) {
      await audit(tx, { orgId: org.id, actorId: input.actorId, action: 'person.retire', entity: 'person', entityId: person.id, detail: { name: person.name, reason: 'not_on_list' } });
    }
    return { ...summary, applied: true };
  }, TRANSACTION_OPTIONS);
}

async function applyPlan(tx: Tx, org: Org, planned: Plan): Promise<void> {
  const openingYear = planned.year;
  const units = new Map<string, string>();
  const existingUnits = await tx.unit.findMany({ where: { orgId: org.id }, select: { id: true, name: true } });
  for (const unit of existingUnits) if (!units.has(normalizeName(unit.name))) units.set(normalizeName(unit.name), unit.id);
  let unitOrder = existingUnits.length;
  for (const name of planned.newUnits) {
    const unit = await tx.unit.create({ data: { orgId: org.id, name, sortOrder: unitOrder++ } });
    units.set(normalizeName(name), unit.id);
  }
  const unitId = (name: string): string => {
    const id = units.get(normalizeName(name));
    if (!id) throw new Error(`import: unit "${name}" was not created`);
    return id;
  };

  const people = new Map<string, string>();
  for (const person of planned.people) {
    const roles = { ...(person.isLeader ? { isLeader: true } : {}), ...(person.isOwner ? { isOwner: true } : {}) };
    const title = person.title ? { title: person.title } : {};
    if (person.existing) {
      const fillUnit = !person.existing.unitId && person.unit ? { unitId: unitId(person.unit) } : {};
      const back = person.existing.retiredAt ? { retiredAt: null } : {};
      if (person.fields.length || Object.keys(fillUnit).length) await tx.person.update({ where: { id: person.existing.id }, data: { ...roles, ...person.hints, ...fillUnit, ...title, ...back } });
      people.set(normalizeName(person.name), person.existing.id);
    } else {
      const created = await tx.person.create({ data: { orgId: org.id, name: person.name, unitId: person.unit ? unitId(person.unit) : null, ...roles, ...person.hints, ...title } });
      people.set(normalizeName(person.name), created.id);
    }
  }
  if (planned.retire.length) {
    await tx.person.updateMany({ where: { id: { in: planned.retire.map((p) => p.id) } }, data: { retiredAt: new Date() } });
  }
  const personId = (name: string): string => {
    const id = people.get(normalizeName(name));
    if (!id) throw new Error(`import: person "${name}" was not created`);
    return id;
  };

  // Codes may move between projects (a renumbered list): park the moving ones first, so that the
  // unique (orgId, code) never sees two projects with one code halfway through.
  for (const p of planned.projects) {
    if (p.existing && p.fields.includes('code')) await tx.project.update({ where: { id: p.existing.id }, data: { code: `__import_${p.existing.id}` } });
  }
  for (const [index, { row, existing, fields }] of planned.projects.entries()) {
    const data = {
      code: row.code,
      name: row.name,
      location: row.location,
      scope: row.scope,
      totalInvestment: row.totalInvestment,
      annualPlan: row.annualPlan,
      unitId: unitId(row.unit),
      leaderId: row.leader ? personId(row.leader) : null,
      ownerId: personId(row.owner),
      note: row.note,
      sortOrder: index,
      // 本年已完成投资 and 单位类别 (optional columns): the figure belongs to the import's year.
      openingCumulative: row.openingCumulative,
      openingYear: row.openingCumulative > 0n ? openingYear : 0,
      category: row.category,
    };
    const figuresChanged = existing && (existing.openingCumulative !== row.openingCumulative || existing.category !== row.category);
    let projectId = existing?.id ?? '';
    if (!existing) projectId = (await tx.project.create({ data: { ...data, orgId: org.id }, select: { id: true } })).id;
    else if (fields.length || figuresChanged || existing.sortOrder !== index) await tx.project.update({ where: { id: existing.id }, data });
    const stored = existing ? planned.storedMonthPlans.get(existing.id) : undefined;
    if (row.monthPlan && !(stored && row.monthPlan.every((fen, i) => fen === stored[i]))) {
      await writeMonthPlan(tx, { orgId: org.id, projectId, year: planned.year, months: row.monthPlan });
    }
  }
}

