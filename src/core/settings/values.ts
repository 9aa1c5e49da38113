// Reading a setting's value as a coordinator types it in chat ("周四", "15点半", "顺延", "开"),
// checked with the same schemas and bounds the stored settings use.
import { IANAZone } from 'luxon';
import { isLocale } from '../model.ts';
import type { HolidayPolicy } from '../rules/working-days.ts';
import type { SettingKey, SettingValue } from './keys.ts';
import { deadlinePolicySchema, holidayPolicySchema, timeSchema, weekdaySchema } from './schema.ts';

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

/** Reads a value typed in chat for a key. Null when it is not a valid value for the key. */
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
      if (!/^\d+$/.test(word)) return null;
      const value = Number(word);
      return value >= (key.min ?? 0) && value <= (key.max ?? Number.MAX_SAFE_INTEGER) ? value : null;
    }
    case 'curve': {
      if (['linear', '线性', '按时间', 'none', '无'].includes(word)) return 'linear';
      const values = word.split(/[,，、\s]+/).filter(Boolean).map((v) => Number(v.replace(/%$/, '')));
      const ok = values.length === 12 && values.every((v, i) => Number.isFinite(v) && v >= 0 && v <= 100 && (i === 0 || v >= (values[i - 1] ?? 0)));
      return ok ? values.join(',') : null;
    }
    case 'zone':
      return IANAZone.isValidZone(raw) ? new IANAZone(raw).name : null;
    case 'locale': {
      const value = ['zh', 'zh-cn', '中文', 'cn'].includes(word) ? 'zh-CN' : ['en', 'english', '英文'].includes(word) ? 'en' : null;
      return value !== null && isLocale(value) ? value : null;
    }
  }
}
