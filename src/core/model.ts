// Plain string enumerations shared by the core and the store. The database keeps them as text
// (one migration shape for SQLite and PostgreSQL); these lists are the only values written.

export const LOCALES = ['zh-CN', 'en'] as const;
/** A language the bot speaks: zh-CN first, English second. */
export type Locale = (typeof LOCALES)[number];

export const PLATFORMS = ['sandbox', 'telegram', 'lark'] as const;
/** A chat platform the bot lives on. */
export type Platform = (typeof PLATFORMS)[number];

export type ChatKind = 'group' | 'private';

export const PROBLEM_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
/** 问题清单 / 督办 status: open 待办 → in_progress 办理中 → resolved 已办结 (销号 proposed) → closed 已销号. */
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const ITEM_KINDS = ['problem', 'coordination'] as const;
/** What a 督办 item came from: 存在问题 or 需协调事项. */
export type ItemKind = (typeof ITEM_KINDS)[number];

export const ITEM_ENTRY_KINDS = ['instruction', 'progress', 'assign', 'extend', 'close', 'proposed_close'] as const;
/** A line of an item's history: 批示, 办理情况, 转办, 延期, 销号, or a report's proposal to 销号. */
export type ItemEntryKind = (typeof ITEM_ENTRY_KINDS)[number];

export const PROJECT_STATUSES = ['active', 'paused', 'completed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** A person's roles. A person may hold several. */
export interface Roles {
  coordinator: boolean;
  leader: boolean;
  owner: boolean;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

// === Entities
// The core's own view of the stored rows. They mirror prisma/schema.prisma field for field, so a
// row the store returns is one of these as it is; the core never imports generated Prisma types.
// Money is in 分 (bigint), instants are Dates, enumerations are the strings above.

/** A tenant: one bureau or project office. */
export interface Org {
  id: string;
  name: string;
  timeZone: string;
  locale: string;
  /** Schedule and rule settings as JSON text (core/settings). */
  settings: string;
  createdAt: Date;
}

/** 责任单位. */
export interface Unit {
  id: string;
  orgId: string;
  name: string;
  sortOrder: number;
  createdAt: Date;
}

/** A person of an org; roles are flags. */
export interface Person {
  id: string;
  orgId: string;
  name: string;
  /** 职务 from the imported list ("" when none). */
  title: string;
  unitId: string | null;
  isCoordinator: boolean;
  isLeader: boolean;
  isOwner: boolean;
  locale: string | null;
  telegramUsername: string | null;
  larkEmail: string | null;
  larkMobile: string | null;
  pausedUntil: Date | null;
  /** No longer on the imported list (retired after a coordinator confirmed): gets no messages. */
  retiredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A platform account bound to a person. */
export interface Identity {
  id: string;
  personId: string;
  platform: string;
  platformUserId: string;
  displayName: string;
  createdAt: Date;
}

/** A request by an unbound account to be a person, decided by a coordinator. */
export interface IdentityClaim {
  id: string;
  orgId: string;
  personId: string;
  platform: string;
  platformUserId: string;
  displayName: string;
  status: string;
  decidedById: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

/** A group or private chat bound to an org. */
export interface Chat {
  id: string;
  orgId: string;
  platform: string;
  platformChatId: string;
  kind: string;
  title: string;
  createdAt: Date;
}

/** A project of the list. Money in 分. */
export interface Project {
  id: string;
  orgId: string;
  code: string;
  name: string;
  location: string;
  scope: string;
  totalInvestment: bigint;
  annualPlan: bigint;
  unitId: string;
  leaderId: string | null;
  ownerId: string | null;
  note: string;
  status: string;
  pausedUntil: Date | null;
  /** 本年已完成投资 (分) of `openingYear`, from the list; superseded by a report's cumulative. */
  openingCumulative: bigint;
  openingYear: number;
  /** 单位类别 (peer group for the standings); empty for none. */
  category: string;
  /** 竣工: when the project was marked completed (status 'completed'). */
  completedAt: Date | null;
  sortOrder: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The latest report of one project for one ISO week. */
export interface Report {
  id: string;
  orgId: string;
  projectId: string;
  period: string;
  revision: number;
  authorId: string;
  onBehalf: boolean;
  progress: number | null;
  investedThisWeek: bigint | null;
  cumulative: bigint | null;
  done: string;
  problems: string;
  nextPlan: string;
  help: string;
  late: boolean;
  lateReason: string;
  firstFiledAt: Date;
  filedAt: Date;
  updatedAt: Date;
  /** Notes written in brackets after a figure, one per line. */
  notes: string;
}

/** One filing of a report, never changed after it is written. */
export interface ReportRevision {
  id: string;
  reportId: string;
  revision: number;
  authorId: string;
  onBehalf: boolean;
  progress: number | null;
  investedThisWeek: bigint | null;
  cumulative: bigint | null;
  done: string;
  problems: string;
  nextPlan: string;
  help: string;
  late: boolean;
  lateReason: string;
  correction: string;
  sourceText: string;
  platform: string;
  platformMessageId: string;
  sourceEvent: string;
  filedAt: Date;
  notes: string;
}

/** A site photo (现场照片) attached to a week's report; its bytes are in the file store under `fileKey`. */
export interface ReportPhoto {
  id: string;
  orgId: string;
  reportId: string;
  projectId: string;
  period: string;
  sha256: string;
  fileKey: string;
  mime: string;
  bytes: number;
  /** EXIF DateTimeOriginal, when the file has it. */
  takenAt: Date | null;
  byPersonId: string;
  createdAt: Date;
}

/** 问题清单 entry. */
export interface Problem {
  id: string;
  orgId: string;
  number: number;
  projectId: string;
  /** ItemKind: problem | coordination. */
  kind: string;
  text: string;
  status: string;
  raisedById: string;
  raisedPeriod: string;
  lastSeenPeriod: string;
  /** 期限. */
  dueDate: Date | null;
  /** 转办: the unit that must act. */
  assigneeUnitId: string | null;
  /** The person who must act (for 需协调事项 the project's leader by default). */
  assigneePersonId: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  closedById: string | null;
  closeNote: string;
}

/** One line of a 督办 item's history. */
export interface ItemEntry {
  id: string;
  problemId: string;
  /** ItemEntryKind. */
  kind: string;
  text: string;
  byId: string | null;
  byName: string;
  /** extend: the new 期限. */
  dueDate: Date | null;
  /** assign: the unit given. */
  unitId: string | null;
  at: Date;
}

/** The claim that makes a scheduled job run once per org and period. */
export interface JobRun {
  id: string;
  orgId: string;
  job: string;
  period: string;
  status: string;
  claimedBy: string;
  dueAt: Date;
  startedAt: Date;
  finishedAt: Date | null;
  detail: string;
}
