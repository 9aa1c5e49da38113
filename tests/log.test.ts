import { describe, expect, it } from 'vitest';
import { configSecrets, createLogger, scrubSecrets, type LogFormat } from '../src/log.ts';

const BOT_TOKEN = '7012345678:AAH3kQ_x9ZyXwVvUuTtSsRrQqPpOoNn-MmL';
const WEBHOOK_SECRET = 'wh_Secret-value_42';
const APP_SECRET = 'lark-app-secret-Zq81';
const ENCRYPT_KEY = 'encrypt-key-Pz90';
const VERIFICATION_TOKEN = 'verif-token-Yx77';
const DB_PASSWORD = 's3cr3t-Pa55';

function capture(format: LogFormat = 'json', level: 'debug' | 'info' = 'debug', secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger(level, { write: (line) => lines.push(line), format, secrets });
  return { log, lines, text: () => lines.join('\n') };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level, time and message', () => {
    const { log, lines } = capture();
    log.info('report filed', { project: 'p1', count: 2 });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', msg: 'report filed', project: 'p1', count: 2 });
    expect(typeof entry.time).toBe('string');
    expect(Number.isNaN(Date.parse(String(entry.time)))).toBe(false);
  });

  it('drops entries below its level', () => {
    const { log, lines } = capture('json', 'info');
    log.debug('noise');
    log.warn('kept');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['kept']);
  });

  it('still accepts a bare write function as its second argument', () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line));
    log.error('boom');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('boom');
  });

  it('writes readable lines with LOG_FORMAT=pretty, synchronously', () => {
    const { log, lines } = capture('pretty');
    log.warn('send failed, will retry', { chat: 'c1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN/);
    expect(lines[0]).toContain('send failed, will retry');
    expect(lines[0]).toContain('c1');
    expect(() => JSON.parse(lines[0]!)).toThrow();
  });

  it('serializes Error fields with their type, message and stack', () => {
    const { log, lines } = capture();
    const error = new TypeError('bad input');
    log.error('handler failed', { error });
    const entry = JSON.parse(lines[0]!) as { error: { type: string; message: string; stack: string } };
    expect(entry.error.type).toBe('TypeError');
    expect(entry.error.message).toBe('bad input');
    expect(entry.error.stack).toContain('log.test.ts');
  });

  it('copes with circular fields', () => {
    const { log, lines } = capture();
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    log.info('circular', { a });
    expect(JSON.parse(lines[0]!)).toMatchObject({ a: { name: 'a', self: '[Circular]' } });
  });
});

describe('secrets in logs', () => {
  for (const format of ['json', 'pretty'] as const) {
    it(`redacts secret fields by name (${format})`, () => {
      const { log, text } = capture(format);
      log.info('config', {
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        lark: { appId: 'cli_123', appSecret: APP_SECRET, encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN },
        request: { headers: { authorization: 'Bearer abcdefghijklmnop', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET } },
        user: { name: '王主任', password: DB_PASSWORD },
        password: DB_PASSWORD,
      });
      const out = text();
      for (const secret of [BOT_TOKEN, WEBHOOK_SECRET, APP_SECRET, ENCRYPT_KEY, VERIFICATION_TOKEN, DB_PASSWORD, 'abcdefghijklmnop']) expect(out).not.toContain(secret);
      expect(out).toContain('[REDACTED]');
      expect(out).toContain('cli_123');
      expect(out).toContain('王主任');
    });
  }

  it('redacts a bot token inside a Telegram URL, in the message and in string fields', () => {
    const { log, text } = capture();
    const url = `https://api.telegram.org/bot${BOT_TOKEN}/sendMessage`;
    log.warn(`request to ${url} failed`, { url, detail: `POST ${url} -> 502` });
    const out = text();
    expect(out).not.toContain(BOT_TOKEN);
    expect(out).not.toContain(BOT_TOKEN.split(':')[1]);
    expect(out).toContain('https://api.telegram.org/bot[REDACTED]/sendMessage');
  });

  it('redacts database passwords in URLs anywhere in a string field', () => {
    const { log, text } = capture();
    log.error('could not open the database', {
      note: `tried postgresql://bot:${DB_PASSWORD}@db.internal:5432/progress?schema=public, giving up`,
      nested: { list: [`postgres://admin:${DB_PASSWORD}@10.0.0.2/x`] },
    });
    const out = text();
    expect(out).not.toContain(DB_PASSWORD);
    expect(out).toContain('postgresql://bot:[REDACTED]@db.internal:5432/progress');
    expect(out).toContain('postgres://admin:[REDACTED]@10.0.0.2/x');
  });

  it('redacts secrets inside Error messages and stacks', () => {
    const { log, text } = capture();
    const error = new Error(`fetch https://api.telegram.org/bot${BOT_TOKEN}/getUpdates failed`);
    log.error('poll failed', { error });
    const out = text();
    expect(out).not.toContain(BOT_TOKEN);
    const entry = JSON.parse(out) as { error: { message: string; stack: string } };
    expect(entry.error.message).toContain('bot[REDACTED]/getUpdates');
    expect(entry.error.stack).toContain('bot[REDACTED]/getUpdates');
  });

  it('redacts the literal values of the configured secrets wherever they appear', () => {
    const config = { TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET, LARK_APP_SECRET: APP_SECRET, LARK_ENCRYPT_KEY: ENCRYPT_KEY, LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN };
    const { log, text } = capture('json', 'debug', configSecrets(config));
    log.debug(`webhook header was ${WEBHOOK_SECRET}`, { body: `{"token":"${VERIFICATION_TOKEN}","x":"${APP_SECRET}/${ENCRYPT_KEY}"}` });
    const out = text();
    for (const secret of [WEBHOOK_SECRET, APP_SECRET, ENCRYPT_KEY, VERIFICATION_TOKEN]) expect(out).not.toContain(secret);
    expect(out.match(/\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('does not change the caller’s objects', () => {
    const { log } = capture();
    const fields = { password: DB_PASSWORD, url: `postgresql://u:${DB_PASSWORD}@h/db` };
    log.info('x', fields);
    expect(fields).toEqual({ password: DB_PASSWORD, url: `postgresql://u:${DB_PASSWORD}@h/db` });
  });

  it('scrubSecrets leaves ordinary text alone', () => {
    const text = '周报 2024-W18: 3/5 已交, ratio 12:30, https://example.com/a?b=c, user@example.com';
    expect(scrubSecrets(text)).toBe(text);
  });
});
