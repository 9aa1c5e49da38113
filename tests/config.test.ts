import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig } from '../src/config.ts';

describe('configuration', () => {
  it('needs nothing: SQLite, Shanghai, Chinese', () => {
    expect(createConfig({})).toMatchObject({ DATABASE_URL: 'file:./data/progress.db', ORG_TIMEZONE: 'Asia/Shanghai', LOCALE: 'zh-CN', ADMINS: [], LARK_MODE: 'ws' });
  });

  it('reads admins', () => {
    expect(createConfig({ ADMINS: 'telegram:123, sandbox:王主任 ,lark:ou_1' }).ADMINS).toEqual([
      { platform: 'telegram', userId: '123' },
      { platform: 'sandbox', userId: '王主任' },
      { platform: 'lark', userId: 'ou_1' },
    ]);
  });

  it('stops with one line per bad field', () => {
    let error: unknown;
    try {
      createConfig({ DATABASE_URL: 'mysql://x', ORG_TIMEZONE: 'Mars/Olympus', LOCALE: 'fr', ADMINS: 'wechat:1', PORT: 'eighty' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['DATABASE_URL', 'ORG_TIMEZONE', 'LOCALE', 'ADMINS [entry 0]', 'PORT']);
    expect(problems[1]).toContain('Mars/Olympus');
  });

  it('checks settings that go together', () => {
    expect(() => createConfig({ TELEGRAM_BOT_TOKEN: 't', TELEGRAM_WEBHOOK_URL: 'https://x/telegram/webhook' })).toThrow(/TELEGRAM_WEBHOOK_SECRET: required/);
    expect(() => createConfig({ LARK_APP_ID: 'cli_x' })).toThrow(/LARK_APP_SECRET: required/);
    expect(() => createConfig({ LARK_DOMAIN: 'ftp://x' })).toThrow(/LARK_DOMAIN/);
    expect(createConfig({ LARK_DOMAIN: 'http://127.0.0.1:9999' }).LARK_DOMAIN).toBe('http://127.0.0.1:9999');
  });
});
