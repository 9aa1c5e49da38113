// The settings a coordinator changes with "/settings set <key> <value>" (and the CLI): each key,
// where it lives in the stored settings, how its value is written, and its bounds (from
// schema.ts's BOUNDED, never restated).
import { BOUNDED, type Bounded, type OrgSettings } from './schema.ts';

/** How a setting's value is written and checked. */
export type SettingKind = 'bool' | 'weekday' | 'time' | 'policy' | 'deadline-policy' | 'int' | 'zone' | 'locale' | 'curve';

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

function onSettings(key: string, section: SettingSection, kind: SettingKind, example: string, path: string[], bounds?: Bounded): SettingKey {
  return {
    key,
    section,
    kind,
    example,
    ...(bounds ? { min: bounds.min, max: bounds.max } : {}),
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
  onSettings('digest.amber', 'digest', 'int', '10', ['digest', 'amberPoints'], BOUNDED.amberPoints),
  onSettings('digest.red', 'digest', 'int', '30', ['digest', 'redPoints'], BOUNDED.redPoints),
  onSettings('digest.redlist', 'digest', 'int', '80', ['digest', 'redListOnTime'], BOUNDED.redListOnTime),
  {
    // The org's plan curve: cumulative percent of the annual plan due at each month's end, Jan … Dec,
    // written "5,10,20,…,100"; "linear" (or 线性) for the elapsed share of the year.
    key: 'digest.curve',
    section: 'digest',
    kind: 'curve',
    example: '3,8,15,25,35,45,55,65,75,85,93,100',
    get: (settings) => (settings.digest.planCurve ? settings.digest.planCurve.join(',') : 'linear'),
    set: (settings, org, value) => {
      const copy = structuredClone(settings);
      copy.digest.planCurve = value === 'linear' ? null : String(value).split(',').map(Number);
      return { settings: copy, org };
    },
  },
  onSettings('ledger.subtotals', 'other', 'bool', 'on', ['ledger', 'subtotalAll']),
  onSettings('escalation.enabled', 'escalation', 'bool', 'off', ['escalation', 'enabled']),
  onSettings('escalation.leader', 'escalation', 'int', '2', ['escalation', 'leaderAfter'], BOUNDED.leaderAfter),
  onSettings('escalation.standings', 'escalation', 'int', '3', ['escalation', 'standingsAfter'], BOUNDED.standingsAfter),
  onSettings('remind.cooldown', 'other', 'int', '30', ['remindCooldownMinutes'], BOUNDED.remindCooldownMinutes),
  onSettings('catchup.grace', 'other', 'int', '6', ['catchUpGraceHours'], BOUNDED.catchUpGraceHours),
  onSettings('drafts.hours', 'other', 'int', '12', ['draftHours'], BOUNDED.draftHours),
  onSettings('supervision.dueweeks', 'other', 'int', '3', ['supervision', 'dueWeeks'], BOUNDED.dueWeeks),
];

/** The key named `name` (case-insensitive; "reminder_time" and "reminder-time" work too). */
export function findSettingKey(name: string): SettingKey | undefined {
  const wanted = name.trim().toLowerCase().replace(/[_-]/g, '.');
  return SETTING_KEYS.find((k) => k.key === wanted);
}
