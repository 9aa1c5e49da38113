// The stored shape of an org's settings (Org.settings, JSON), validated here. Unknown or bad values
// fall back to defaults field by field, so a hand-edited row never stops the bot. Every bound is
// stated once, in `BOUNDED`, and read from there by the schema and by the settable keys (keys.ts).
// Time zone and locale live on the Org row itself; every time here is in the org's time zone.
import { z } from 'zod';
import { DEFAULT_DEADLINE } from '../rules/period.ts';
import type { HolidayPolicy } from '../rules/working-days.ts';

// === Value schemas (strict: used to validate a coordinator's change)

/** A local time "HH:mm" (24 h). */
export const timeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const weekdaySchema = z.number().int().min(1).max(7);
/** Where a job goes when its day is not a working day. */
export const holidayPolicySchema = z.enum(['skip', 'previous', 'next']);
/** The deadline notice never moves earlier than the deadline itself, so 'previous' is not offered. */
export const deadlinePolicySchema = z.enum(['skip', 'next']);

/** A whole-number setting: its default and its bounds, stated once. */
export interface Bounded {
  default: number;
  min: number;
  max: number;
}

/** Every number setting with its bounds (a coordinator's change is checked against the same). */
export const BOUNDED = {
  draftHours: { default: 24, min: 1, max: 168 },
  remindCooldownMinutes: { default: 60, min: 0, max: 1440 },
  catchUpGraceHours: { default: 12, min: 0, max: 168 },
  leaderAfter: { default: 2, min: 1, max: 52 },
  standingsAfter: { default: 3, min: 1, max: 52 },
  amberPoints: { default: 10, min: 0, max: 100 },
  redPoints: { default: 30, min: 0, max: 100 },
  redListOnTime: { default: 80, min: 0, max: 100 },
  escalateAfterWeeks: { default: 2, min: 1, max: 52 },
  overdueAfterWeeks: { default: 4, min: 1, max: 52 },
  onTimeWeeks: { default: 4, min: 1, max: 53 },
  dueWeeks: { default: 2, min: 1, max: 52 },
} as const satisfies Record<string, Bounded>;

/** The schema of a bounded whole number, falling back to its default. */
function bounded(b: Bounded) {
  return z.number().int().min(b.min).max(b.max).catch(b.default);
}

// === Defaults

/** A job that runs once a week on a weekday at a local time. */
export interface WeeklyJobSettings {
  /** Off: the job does not run. */
  enabled: boolean;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local time "HH:mm". */
  time: string;
  /** Where the job goes when its day is not a working day. */
  holiday: HolidayPolicy;
}

/** The defaults of the scheduled jobs, in the org's time zone. */
export const DEFAULT_JOBS = {
  reminder: { enabled: true, weekday: 4, time: '16:00', holiday: 'previous' },
  nudge: { enabled: true, weekday: 5, time: '10:00', holiday: 'previous' },
  deadline: { enabled: true, holiday: 'next' },
  digest: { enabled: true, weekday: 1, time: '09:00', holiday: 'next' },
  monthly: { enabled: true, time: '09:00' },
  quarterly: { enabled: true, time: '09:00' },
} as const;

// === The stored shape

function weeklyJob(defaults: WeeklyJobSettings) {
  return z
    .object({
      enabled: z.boolean().catch(defaults.enabled),
      weekday: weekdaySchema.catch(defaults.weekday),
      time: timeSchema.catch(defaults.time),
      holiday: holidayPolicySchema.catch(defaults.holiday),
    })
    .catch(() => ({ ...defaults }));
}

function calendarJob(defaults: { enabled: boolean; time: string }) {
  return z.object({ enabled: z.boolean().catch(defaults.enabled), time: timeSchema.catch(defaults.time) }).catch(() => ({ ...defaults }));
}

const D = DEFAULT_JOBS;

const jobsSchema = z.object({
  /** Group reminder of the projects not yet reported this week. Default Thursday 16:00, previous working day. */
  reminder: weeklyJob(D.reminder),
  /** Private nudge to each owner still missing (and the leader on the second miss). Default Friday 10:00, previous working day. */
  nudge: weeklyJob(D.nudge),
  /**
   * The 逾期未报 notice to coordinators and leaders, at the deadline. Default on, moved to the next
   * working day. Off or skipped, the week is still closed silently (the escalation ladder counts it).
   */
  deadline: z.object({ enabled: z.boolean().catch(D.deadline.enabled), holiday: deadlinePolicySchema.catch(D.deadline.holiday) }).catch({ ...D.deadline }),
  /** Weekly digest and standings for the week before. Default Monday 09:00, next working day. */
  digest: weeklyJob(D.digest),
  /** Monthly dispatch report (每月调度) for the month before, on the first working day of the month. Default 09:00. */
  monthly: calendarJob(D.monthly),
  /** Quarterly summary for the quarter before, on the first working day of the quarter. Default 09:00. */
  quarterly: calendarJob(D.quarterly),
});

const escalationSchema = z.object({
  /** Off: owners are still nudged, leaders are not told. */
  enabled: z.boolean().catch(true),
  /** Consecutive misses after which the responsible leader is told privately. Default 2. */
  leaderAfter: bounded(BOUNDED.leaderAfter),
  /**
   * Consecutive misses after which a project is 连续未报: marked in the deadline notice and listed
   * among the lagging projects of the standings and digests. Default 3. The only such threshold.
   */
  standingsAfter: bounded(BOUNDED.standingsAfter),
});

const curveSchema = z
  .array(z.number().min(0).max(100))
  .length(12)
  .refine((values) => values.every((v, i) => i === 0 || v >= (values[i - 1] ?? 0)), 'non-decreasing')
  .nullable()
  .catch(null);

const digestSchema = z.object({
  /** Cumulative planned share of the annual plan (percent) at the end of each month, Jan … Dec; null: linear. */
  planCurve: curveSchema.default(null),
  /** 🟡 from this many 序时进度 points behind the expected pace (fewer: 🟢). Default 10. */
  amberPoints: z.number().min(BOUNDED.amberPoints.min).max(BOUNDED.amberPoints.max).catch(BOUNDED.amberPoints.default),
  /** 🔴 beyond this many 序时进度 points behind. Default 30. */
  redPoints: z.number().min(BOUNDED.redPoints.min).max(BOUNDED.redPoints.max).catch(BOUNDED.redPoints.default),
  /** The 红榜 takes only units with at least this on-time reporting rate (percent). Default 80. */
  redListOnTime: bounded(BOUNDED.redListOnTime),
  /** Open problems older than this many weeks are escalated in the leader digest. */
  escalateAfterWeeks: bounded(BOUNDED.escalateAfterWeeks),
  /** Open problems older than this many weeks count as overdue in the standings. */
  overdueAfterWeeks: bounded(BOUNDED.overdueAfterWeeks),
  /** On-time reporting rate is taken over this many weeks, ending with the week summarised. */
  onTimeWeeks: bounded(BOUNDED.onTimeWeeks),
});

const supervisionSchema = z.object({
  /** 期限 of a new 督办 item: this many weeks after the report that raised it. Default 2. */
  dueWeeks: bounded(BOUNDED.dueWeeks),
});

const ledgerSchema = z.object({
  /** A 小计 row for every unit; off (default): only for units with two or more projects. */
  subtotalAll: z.boolean().catch(false),
});

/** The stored settings: every field falls back to its default when missing or bad. Unknown keys are kept. */
export const orgSettingsSchema = z.looseObject({
  /** When a week's report is due; later filings are 补报 (late). Default Friday 17:00. */
  deadline: z.object({ weekday: weekdaySchema, time: timeSchema }).catch(() => ({ ...DEFAULT_DEADLINE })),
  /** Drafts awaiting 确认 expire after this many hours. Default 24. */
  draftHours: bounded(BOUNDED.draftHours),
  /** The scheduled jobs. Weekly jobs carry the week they are for; summaries the period they summarise. */
  jobs: jobsSchema.catch(() => jobsSchema.parse({})),
  /** The ladder on consecutive misses: 1 the owner is nudged, then the leader is told, then 连续未报. */
  escalation: escalationSchema.catch(() => escalationSchema.parse({})),
  /** The digest and standings: pace flags, problem ages, rate windows. */
  digest: digestSchema.catch(() => digestSchema.parse({})),
  /** 督办: items raised from 存在问题 and 需协调事项. */
  supervision: supervisionSchema.catch(() => supervisionSchema.parse({})),
  /** The XLSX / CSV ledger's layout. */
  ledger: ledgerSchema.catch(() => ledgerSchema.parse({})),
  /** /remind is refused in a group this many minutes after the last reminder there. Default 60. */
  remindCooldownMinutes: bounded(BOUNDED.remindCooldownMinutes),
  /** After downtime, jobs missed by at most this many hours run once at start-up; older ones are skipped and reported. Default 12. */
  catchUpGraceHours: bounded(BOUNDED.catchUpGraceHours),
});

/** An org's settings, defaults filled in. */
export type OrgSettings = z.infer<typeof orgSettingsSchema>;

/** The digest's part of the settings. */
export type DigestSettings = OrgSettings['digest'];

/** The names of the scheduled jobs. */
export type JobName = keyof OrgSettings['jobs'];

/** The defaults, as a fresh object. */
export function defaultOrgSettings(): OrgSettings {
  return orgSettingsSchema.parse({});
}

/** Settings read lately, by their JSON text: every message reads its org's settings, which rarely change. */
const recentlyRead = new Map<string, OrgSettings>();
const RECENTLY_READ_MAX = 64;

/** Freezes an object and everything in it (settings read are shared: nobody may change them in place). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The org's settings from the stored JSON text, defaults filled in (field by field). The result is
 * frozen and shared by every reader of the same text; change a copy and write it with writeOrgSettings.
 */
export function readOrgSettings(json: string): OrgSettings {
  const known = recentlyRead.get(json);
  if (known) return known;
  const settings = deepFreeze(parseOrgSettings(json));
  if (recentlyRead.size >= RECENTLY_READ_MAX) recentlyRead.delete(recentlyRead.keys().next().value as string);
  recentlyRead.set(json, settings);
  return settings;
}

function parseOrgSettings(json: string): OrgSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const parsed = orgSettingsSchema.safeParse(raw && typeof raw === 'object' ? raw : {});
  return parsed.success ? parsed.data : defaultOrgSettings();
}

/** The settings as stored JSON text. */
export function writeOrgSettings(settings: OrgSettings): string {
  return JSON.stringify(settings);
}
