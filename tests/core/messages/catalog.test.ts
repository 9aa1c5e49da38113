import { describe, expect, it } from 'vitest';
import { catalogTables, t } from '../../../src/core/messages/catalog/index.ts';

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalog', () => {
  const tables = catalogTables();

  it('has every key in both languages', () => {
    expect(Object.keys(tables.en).sort()).toEqual(Object.keys(tables['zh-CN']).sort());
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched = Object.keys(tables['zh-CN']).filter(
      (key) => JSON.stringify(placeholders(tables['zh-CN'][key] ?? '')) !== JSON.stringify(placeholders(tables.en[key] ?? '')),
    );
    expect(mismatched).toEqual([]);
  });

  it('has no empty entries', () => {
    const empty = Object.entries(tables['zh-CN']).concat(Object.entries(tables.en)).filter(([, v]) => !v.trim());
    expect(empty).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('zh-CN', 'common.bound_now', { name: '张三' })).toBe('已将您的账号绑定为「张三」。');
    expect(t('en', 'common.bound_now')).toBe('Your account is now linked to "{name}".');
  });
});
