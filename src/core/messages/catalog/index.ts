// The message catalog: every user-facing string, in zh-CN and en. Handlers never inline text.
import type { Locale } from '../../model.ts';
import { admin } from './admin.ts';
import { commands } from './commands.ts';
import { common } from './common.ts';
import { digest } from './digest.ts';
import { grammar } from './grammar.ts';
import { importMessages } from './import.ts';
import { lark } from './lark.ts';
import { ledger } from './ledger.ts';
import { photos } from './photos.ts';
import { report } from './report.ts';
import { sandbox } from './sandbox.ts';
import { schedule } from './schedule.ts';
import { supervision } from './supervision.ts';
import { telegram } from './telegram.ts';

const areas = [common, commands, report, grammar, importMessages, admin, schedule, digest, ledger, photos, sandbox, lark, telegram, supervision] as const;

const zh = {
  ...common['zh-CN'],
  ...commands['zh-CN'],
  ...report['zh-CN'],
  ...grammar['zh-CN'],
  ...importMessages['zh-CN'],
  ...admin['zh-CN'],
  ...schedule['zh-CN'],
  ...digest['zh-CN'],
  ...ledger['zh-CN'],
  ...photos['zh-CN'],
  ...sandbox['zh-CN'],
  ...lark['zh-CN'],
  ...telegram['zh-CN'],
  ...supervision['zh-CN'],
};

/** A key of the catalog. */
export type MessageKey = keyof typeof zh;
export type MessageParams = Record<string, string | number>;

const tables: Record<Locale, Record<string, string>> = {
  'zh-CN': zh,
  en: Object.assign({}, ...areas.map((a) => a.en)) as Record<string, string>,
};

/** The message for `key` in `locale`, with {param} placeholders filled in. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = tables[locale][key] ?? tables['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator bound to one locale. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
}

/** Every key with its templates, for the catalog's own tests. */
export function catalogTables(): Record<Locale, Record<string, string>> {
  return tables;
}
