// The rows the filing path reads with its own SQL, column by column, and how each column comes back
// from each driver: better-sqlite3 (safe integers: every INTEGER is a bigint; instants are text as
// Prisma writes them) and pg (int8 as text, timestamp(3) without zone read as UTC). A spec is a
// Record over the core model's keys, so a field added to the model does not compile until it is
// read here too; tests/db/filing-store.test.ts compares each row with Prisma's reading of it.
import type { Chat, Org, Person, Project, Report } from '../../core/model.ts';

/** How a column is stored and read back. The `?` kinds may be NULL. */
export type ColumnKind = 'text' | 'text?' | 'int' | 'float?' | 'bigint' | 'bigint?' | 'bool' | 'date' | 'date?';

export type Columns<T> = { readonly [K in keyof T]-?: ColumnKind };

export const ORG_COLUMNS: Columns<Org> = { id: 'text', name: 'text', timeZone: 'text', locale: 'text', settings: 'text', createdAt: 'date' };

export const CHAT_COLUMNS: Columns<Chat> = { id: 'text', orgId: 'text', platform: 'text', platformChatId: 'text', kind: 'text', title: 'text', createdAt: 'date' };

export const PERSON_COLUMNS: Columns<Person> = {
  id: 'text',
  orgId: 'text',
  name: 'text',
  title: 'text',
  unitId: 'text?',
  isCoordinator: 'bool',
  isLeader: 'bool',
  isOwner: 'bool',
  locale: 'text?',
  telegramUsername: 'text?',
  larkEmail: 'text?',
  larkMobile: 'text?',
  pausedUntil: 'date?',
  retiredAt: 'date?',
  createdAt: 'date',
  updatedAt: 'date',
};

export const PROJECT_COLUMNS: Columns<Project> = {
  id: 'text',
  orgId: 'text',
  code: 'text',
  name: 'text',
  location: 'text',
  scope: 'text',
  totalInvestment: 'bigint',
  annualPlan: 'bigint',
  unitId: 'text',
  leaderId: 'text?',
  ownerId: 'text?',
  note: 'text',
  status: 'text',
  pausedUntil: 'date?',
  openingCumulative: 'bigint',
  openingYear: 'int',
  category: 'text',
  completedAt: 'date?',
  sortOrder: 'int',
  createdAt: 'date',
  updatedAt: 'date',
};

export const REPORT_COLUMNS: Columns<Report> = {
  id: 'text',
  orgId: 'text',
  projectId: 'text',
  period: 'text',
  revision: 'int',
  authorId: 'text',
  onBehalf: 'bool',
  progress: 'float?',
  investedThisWeek: 'bigint?',
  cumulative: 'bigint?',
  done: 'text',
  problems: 'text',
  nextPlan: 'text',
  help: 'text',
  late: 'bool',
  lateReason: 'text',
  firstFiledAt: 'date',
  filedAt: 'date',
  updatedAt: 'date',
  notes: 'text',
};

/** `"a"."col" AS "p_col", …`: a table's columns under an alias, each named with a prefix. */
export function selectList<T>(columns: Columns<T>, alias: string, prefix: string): string {
  return Object.keys(columns)
    .map((name) => `${alias}."${name}" AS "${prefix}${name}"`)
    .join(', ');
}

/** Reads one stored value as the core model holds it. */
function decode(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (kind.endsWith('?')) return null;
    throw new Error(`a ${kind} column came back NULL`);
  }
  switch (kind) {
    case 'text':
    case 'text?':
      return String(value);
    case 'int':
      return Number(value);
    case 'float?':
      return Number(value);
    case 'bigint':
    case 'bigint?':
      return typeof value === 'bigint' ? value : BigInt(value as string | number);
    case 'bool':
      return value === true || value === 1 || value === 1n || value === 't';
    case 'date':
    case 'date?':
      return value instanceof Date ? value : new Date(value as string);
  }
}

/** The row's columns named `prefix…` as a model object, or null when its id is NULL (an outer join found nothing). */
export function decodeRow<T>(columns: Columns<T>, row: Record<string, unknown>, prefix = ''): T | null {
  if (row[`${prefix}id`] === null || row[`${prefix}id`] === undefined) return null;
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(columns) as [string, ColumnKind][]) out[name] = decode(kind, row[`${prefix}${name}`]);
  return out as T;
}
