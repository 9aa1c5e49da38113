// Issue #16 findings 6 and 9: Lark webhook mode refuses to start without LARK_ENCRYPT_KEY, and a
// configuration error never prints a secret (webhook secret, tokens, a password in DATABASE_URL).
import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig } from '../../src/config.ts';
import { redactUrl } from '../../src/db/redact-url.ts';

function problems(env: Record<string, string>): string {
  try {
    createConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

const LARK = { LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 'app-secret' };

describe('Lark webhook mode', () => {
  it('refuses to start with only a verification token, and says why', () => {
    const message = problems({ ...LARK, LARK_MODE: 'webhook', LARK_VERIFICATION_TOKEN: 'tok' });
    expect(message).toMatch(/LARK_ENCRYPT_KEY: required when LARK_MODE=webhook/);
    expect(message).toMatch(/forge/);
  });

  it('starts with an encrypt key; ws mode needs none', () => {
    expect(createConfig({ ...LARK, LARK_MODE: 'webhook', LARK_ENCRYPT_KEY: 'k' }).LARK_ENCRYPT_KEY).toBe('k');
    expect(createConfig({ ...LARK, LARK_MODE: 'ws' }).LARK_MODE).toBe('ws');
  });
});

describe('configuration errors', () => {
  it('never print the Telegram webhook secret', () => {
    const secret = 'my secret with spaces!';
    const message = problems({ TELEGRAM_WEBHOOK_SECRET: secret });
    expect(message).toMatch(/TELEGRAM_WEBHOOK_SECRET/);
    expect(message).not.toContain(secret);
    expect(message).toContain(`${secret.length} characters, not shown`);
  });

  it('never print a DATABASE_URL password, in the user info or in the query string', () => {
    const message = problems({ DATABASE_URL: 'mysql://app:hunter2@db/x?password=s3cr3t' });
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('s3cr3t');
  });
});

describe('redactUrl', () => {
  it('hides passwords wherever they are', () => {
    expect(redactUrl('postgresql://user:secret@host/db')).toBe('postgresql://user:***@host/db');
    expect(redactUrl('postgresql://user:p@ss@host:5432/db')).toBe('postgresql://user:***@host:5432/db');
    expect(redactUrl('postgresql://host/db?user=u&password=pw&schema=public')).toBe('postgresql://host/db?user=u&password=***&schema=public');
    expect(redactUrl('postgresql://host/db?sslpassword=k&sslmode=require')).toBe('postgresql://host/db?sslpassword=***&sslmode=require');
    expect(redactUrl('file:./data/progress.db')).toBe('file:./data/progress.db');
    expect(redactUrl('postgresql://user@host/db')).toBe('postgresql://user@host/db');
  });
});
