// The adapter's own catalog entries (src/core/messages/catalog/lark.ts), in one language or in both
// at once for Lark's i18n fields (cards and toasts show the reader's app language).
import { lark } from '../../core/messages/catalog/lark.ts';
import type { Locale } from '../../core/model.ts';

/** A key of the adapter's catalog area. */
export type LarkKey = keyof (typeof lark)['zh-CN'];
export type LarkParams = Record<string, string | number>;

function fill(template: string, params: LarkParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The entry in `locale`. */
export function larkText(locale: Locale, key: LarkKey, params: LarkParams = {}): string {
  return fill(lark[locale][key] ?? lark['zh-CN'][key], params);
}

/** The entry in both languages, keyed as Lark's i18n maps want ("zh_cn", "en_us"). */
export function larkI18n(key: LarkKey, params: LarkParams = {}): { zh_cn: string; en_us: string } {
  return { zh_cn: larkText('zh-CN', key, params), en_us: larkText('en', key, params) };
}

/** A plain_text element showing the entry in the reader's language, `locale` when the app's is unknown. */
export function plainI18n(locale: Locale, key: LarkKey, params: LarkParams = {}): { tag: 'plain_text'; content: string; i18n_content: { zh_cn: string; en_us: string } } {
  return { tag: 'plain_text', content: larkText(locale, key, params), i18n_content: larkI18n(key, params) };
}
