// Per-org settings, stored as JSON on the org and validated here. Unknown or bad values fall back
// to defaults field by field, so a hand-edited row never stops the bot. Time zone and locale live
// on the Org row itself; everything here is in the org's time zone.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isLocale } from './model.ts';
import { DEFAULT_DEADLINE, type DeadlineRule } from './rules/period.ts';
import type { HolidayPolicy } from './rules/working-days.ts';

// === Value schemas (strict: used to validate a coordinator's change)

/** A local time "HH:mm" (24 h). */
export const timeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const weekdaySchema = z.number().int().min(1).max(7);
/** Where a job goes when its day is not a working day. */
export const holidayPolicySchema = z.enum(['skip', 'previous', 'next']);
/** The deadline notice never moves earlier than the deadline itself, so 'previous' is not offered. */
export const deadlinePolicySchema = z.enum(['skip', 'next']);

const time = timeSchema;

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

/** Every default, in the org's time zone. */
export const DEFAULT_SETTINGS = {
  deadline: DEFAULT_DEADLINE,
  draftHours: 24,
  jobs: {
    reminder: { enabled: true, weekday: 4, time: '16:00', holiday: 'previous' },
    nudge: { enabled: true, weekday: 5, time: '10:00', holiday: 'previous' },
    deadline: { enabled: true, holiday: 'next' },
    digest: { enabled: true, weekday: 1, time: '09:00', holiday: 'next' },
    monthly: { enabled: true, time: '09:00' },
    quarterly: { enabled: true, time: '09:00' },
  },
  escalation: { enabled: true, leaderAfter: 2, standingsAfter: 3 },
  remindCooldownMinutes: 60,
  catchUpGraceHours: 12,
} as const;

// === The stored shape (tolerant: every field falls back to its default on a bad value)

function weeklyJob(defaults: WeeklyJobSettings) {
  return z
    .object({
      enabled: z.boolean().catch(defaults.enabled),
      weekday: weekdaySchema.catch(defaults.weekday),
      time: time.catch(defaults.time),
      holiday: holidayPolicySchema.catch(defaults.holiday),
    })
    .catch(() => ({ ...defaults }));
}

function calendarJob(defaults: { enabled: boolean; time: string }) {
  return z.object({ enabled: z.boolean().catch(defaults.enabled), time: time.catch(defaults.time) }).catch(() => ({ ...defaults }));
}

const D = DEFAULT_SETTINGS;

const jobsSchema = z.object({
  /** Group reminder of the projects not yet reported this week. Default Thursday 16:00, previous working day. */
  reminder: weeklyJob(D.jobs.reminder),
  /** Private nudge to each owner still missing (and the leader on the second miss). Default Friday 10:00, previous working day. */
  nudge: weeklyJob(D.jobs.nudge),
  /**
   * The 逾期未报 notice to coordinators and leaders, at the deadline. Default on, moved to the next
   * working day. Off or skipped, the week is still closed silently (the escalation ladder counts it).
   */
  deadline: z
    .object({ enabled: z.boolean().catch(D.jobs.deadline.enabled), holiday: deadlinePolicySchema.catch(D.jobs.deadline.holiday) })
    .catch({ ...D.jobs.deadline }),
  /** Weekly digest and standings for the week before. Default Monday 09:00, next working day. */
  digest: weeklyJob(D.jobs.digest),
  /** Monthly dispatch report (每月调度) for the month before, on the first working day of the month. Default 09:00. */
  monthly: calendarJob(D.jobs.monthly),
  /** Quarterly summary for the quarter before, on the first working day of the quarter. Default 09:00. */
  quarterly: calendarJob(D.jobs.quarterly),
});

const escalationSchema = z.object({
  /** Off: owners are still nudged, leaders are not told. */
  enabled: z.boolean().catch(D.escalation.enabled),
  /** Consecutive misses after which the responsible leader is told privately. Default 2. */
  leaderAfter: z.number().int().min(1).max(52).catch(D.escalation.leaderAfter),
  /** Consecutive misses after which the project is listed as 连续未报 in the standings. Default 3. */
  standingsAfter: z.number().int().min(1).max(52).catch(D.escalation.standingsAfter),
});

/**
 * The stored settings: every field falls back to its default when missing or bad. Keys owned by
 * other modules (the digest's `digest`, say) are kept as they are, so changing one setting here
 * never drops theirs.
 */
export const orgSettingsSchema = z.looseObject({
  /** When a week's report is due; later filings are 补报 (late). Default Friday 17:00. */
  deadline: z.object({ weekday: weekdaySchema, time }).catch(() => ({ ...DEFAULT_DEADLINE })),
  /** Drafts awaiting 确认 expire after this many hours. Default 24. */
  draftHours: z.number().int().min(1).max(168).catch(D.draftHours),
  /** The scheduled jobs. Weekly jobs carry the week they are for; summaries the period they summarise. */
  jobs: jobsSchema.catch(() => jobsSchema.parse({})),
  /** The ladder on consecutive misses: 1 the owner is nudged, then the leader is told, then 连续未报 in the standings. */
  escalation: escalationSchema.catch(() => escalationSchema.parse({})),
  /** /remind is refused in a group this many minutes after the last reminder there. Default 60. */
  remindCooldownMinutes: z.number().int().min(0).max(1440).catch(D.remindCooldownMinutes),
  /** After downtime, jobs missed by at most this many hours run once at start-up; older ones are skipped and reported. Default 12. */
  catchUpGraceHours: z.number().int().min(0).max(168).catch(D.catchUpGraceHours),
});

/** An org's settings, defaults filled in. */
export type OrgSettings = z.infer<typeof orgSettingsSchema>;

/** The names of the scheduled jobs. */
export type JobName = keyof OrgSettings['jobs'];

/** The defaults, as a fresh object. */
export function defaultOrgSettings(): OrgSettings {
  return orgSettingsSchema.parse({});
}

/** The org's settings from the stored JSON text, defaults filled in (field by field). */
export function readOrgSettings(json: string): OrgSettings {
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

/** The week's deadline rule (weekday and local time). */
export function deadlineRule(settings: OrgSettings): DeadlineRule {
  return settings.deadline;
}

// === Settable keys (/settings set <key> <value>, and the CLI)

/** How a setting's value is written and checked. */
export type SettingKind = 'bool' | 'weekday' | 'time' | 'policy' | 'deadline-policy' | 'int' | 'zone' | 'locale';

/** The groups /settings shows, in order. */
export const SETTING_SECTIONS = ['org', 'deadline', 'reminder', 'nudge', 'digest', 'monthly', 'quarterly', 'escalation', 'other'] as const;
/** A group of keys in /settings. */
export type SettingSection = (typeof SETTING_SECTIONS)[number];

/** The Org row's own fields, changed through the same command. */
export interface OrgFields {
  timeZone: string;
  locale: string;
}

/** A setting's value once read. */
export type SettingValue = string | number | boolean;

/** One key a coordinator can change. */
export interface SettingKey {
  key: string;
  section: SettingSection;
  kind: SettingKind;
  min?: number;
  max?: number;
  /** A valid example value for the help line. */
  example: string;
  get(settings: OrgSettings, org: OrgFields): SettingValue;
  /** A copy of the settings (or the org fields) with the value set. */
  set(settings: OrgSettings, org: OrgFields, value: SettingValue): { settings: OrgSettings; org: OrgFields };
}

type WeeklyJob = 'reminder' | 'nudge' | 'digest';

function onSettings(key: string, section: SettingSection, kind: SettingKind, example: string, path: string[], extra: Partial<SettingKey> = {}): SettingKey {
  return {
    key,
    section,
    kind,
    example,
    ...extra,
    get: (settings) => path.reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], settings) as SettingValue,
    set: (settings, org, value) => {
      const copy = structuredClone(settings);
      const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, part) => node[part] as Record<string, unknown>, copy as unknown as Record<string, unknown>);
      parent[path.at(-1) as string] = value;
      return { settings: copy, org };
    },
  };
}

function weeklyKeys(job: WeeklyJob, example: { weekday: string; time: string }): SettingKey[] {
  return [
    onSettings(`${job}.enabled`, job, 'bool', 'off', ['jobs', job, 'enabled']),
    onSettings(`${job}.weekday`, job, 'weekday', example.weekday, ['jobs', job, 'weekday']),
    onSettings(`${job}.time`, job, 'time', example.time, ['jobs', job, 'time']),
    onSettings(`${job}.holiday`, job, 'policy', 'next', ['jobs', job, 'holiday']),
  ];
}

/** Every key, in display order. */
export const SETTING_KEYS: readonly SettingKey[] = [
  {
    key: 'timezone',
    section: 'org',
    kind: 'zone',
    example: 'Asia/Shanghai',
    get: (_s, org) => org.timeZone,
    set: (settings, org, value) => ({ settings, org: { ...org, timeZone: String(value) } }),
  },
  {
    key: 'locale',
    section: 'org',
    kind: 'locale',
    example: 'en',
    get: (_s, org) => org.locale,
    set: (settings, org, value) => ({ settings, org: { ...org, locale: String(value) } }),
  },
  onSettings('deadline.weekday', 'deadline', 'weekday', '5', ['deadline', 'weekday']),
  onSettings('deadline.time', 'deadline', 'time', '18:00', ['deadline', 'time']),
  onSettings('deadline.notice', 'deadline', 'bool', 'off', ['jobs', 'deadline', 'enabled']),
  onSettings('deadline.holiday', 'deadline', 'deadline-policy', 'skip', ['jobs', 'deadline', 'holiday']),
  ...weeklyKeys('reminder', { weekday: '3', time: '15:30' }),
  ...weeklyKeys('nudge', { weekday: '5', time: '09:30' }),
  ...weeklyKeys('digest', { weekday: '1', time: '08:30' }),
  onSettings('monthly.enabled', 'monthly', 'bool', 'off', ['jobs', 'monthly', 'enabled']),
  onSettings('monthly.time', 'monthly', 'time', '10:00', ['jobs', 'monthly', 'time']),
  onSettings('quarterly.enabled', 'quarterly', 'bool', 'off', ['jobs', 'quarterly', 'enabled']),
  onSettings('quarterly.time', 'quarterly', 'time', '10:00', ['jobs', 'quarterly', 'time']),
  onSettings('escalation.enabled', 'escalation', 'bool', 'off', ['escalation', 'enabled']),
  onSettings('escalation.leader', 'escalation', 'int', '2', ['escalation', 'leaderAfter'], { min: 1, max: 52 }),
  onSettings('escalation.standings', 'escalation', 'int', '3', ['escalation', 'standingsAfter'], { min: 1, max: 52 }),
  onSettings('remind.cooldown', 'other', 'int', '30', ['remindCooldownMinutes'], { min: 0, max: 1440 }),
  onSettings('catchup.grace', 'other', 'int', '6', ['catchUpGraceHours'], { min: 0, max: 168 }),
  onSettings('drafts.hours', 'other', 'int', '12', ['draftHours'], { min: 1, max: 168 }),
];

/** The key named `name` (case-insensitive; "reminder_time" and "reminder-time" work too). */
export function findSettingKey(name: string): SettingKey | undefined {
  const wanted = name.trim().toLowerCase().replace(/[_-]/g, '.');
  return SETTING_KEYS.find((k) => k.key === wanted);
}

const WEEKDAY_WORDS: Record<string, number> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7,
  mon: 1, monday: 1, tue: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
};
const BOOL_WORDS: Record<string, boolean> = {
  on: true, off: false, true: true, false: false, yes: true, no: false, '1': true, '0': false,
  开: true, 关: false, 开启: true, 关闭: false, 打开: true, 是: true, 否: false, 启用: true, 停用: false,
};
const POLICY_WORDS: Record<string, HolidayPolicy> = {
  skip: 'skip', previous: 'previous', prev: 'previous', next: 'next',
  跳过: 'skip', 不发: 'skip', 提前: 'previous', 前: 'previous', 前一个工作日: 'previous', 顺延: 'next', 延后: 'next', 后: 'next', 后一个工作日: 'next',
};

/**
 * Reads a value typed in chat for a key, checked with the same zod schemas the stored settings use.
 * Returns null when it is not a valid value.
 */
export function parseSettingValue(key: SettingKey, text: string): SettingValue | null {
  const raw = text.trim().normalize('NFKC');
  const word = raw.toLowerCase();
  switch (key.kind) {
    case 'bool':
      return word in BOOL_WORDS ? (BOOL_WORDS[word] as boolean) : null;
    case 'weekday': {
      const stripped = word.replace(/^(周|星期|礼拜)/, '');
      const value = /^\d$/.test(stripped) ? Number(stripped) : WEEKDAY_WORDS[stripped];
      return weekdaySchema.safeParse(value).success ? (value as number) : null;
    }
    case 'time': {
      const match = /^(\d{1,2})(?::(\d{2})|点(?:(\d{1,2})分?|半)?)$/.exec(raw);
      if (!match) return null;
      const minute = match[2] ?? (raw.endsWith('半') ? '30' : (match[3] ?? '0'));
      const value = `${match[1]?.padStart(2, '0')}:${minute.padStart(2, '0')}`;
      return timeSchema.safeParse(value).success ? value : null;
    }
    case 'policy': {
      const value = POLICY_WORDS[word];
      return holidayPolicySchema.safeParse(value).success ? (value as HolidayPolicy) : null;
    }
    case 'deadline-policy': {
      const value = POLICY_WORDS[word];
      return deadlinePolicySchema.safeParse(value).success ? (value as 'skip' | 'next') : null;
    }
    case 'int': {
      const parsed = z.coerce.number().int().min(key.min ?? 0).max(key.max ?? Number.MAX_SAFE_INTEGER).safeParse(/^\d+$/.test(word) ? word : 'x');
      return parsed.success ? parsed.data : null;
    }
    case 'zone':
      return IANAZone.isValidZone(raw) ? new IANAZone(raw).name : null;
    case 'locale': {
      const value = ['zh', 'zh-cn', '中文', 'cn'].includes(word) ? 'zh-CN' : ['en', 'english', '英文'].includes(word) ? 'en' : null;
      return value !== null && isLocale(value) ? value : null;
    }
  }
}
