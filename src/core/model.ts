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
/** 问题清单 status: open → in progress → resolved → closed (销号). */
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

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
