// Issue #16 finding 9: a webhook request without the right secret header is refused before its body
// is read, and a flood of refusals logs one warning, then counts.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerTelegramWebhook, TELEGRAM_WEBHOOK_PATH } from '../../src/adapters/telegram/webhook.ts';
import type { Logger } from '../../src/core/context.ts';
import type { InboundPipeline } from '../../src/core/inbound/pipeline.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { LogThrottle } from '../../src/lib/log-throttle.ts';

function recordingLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('the Telegram webhook', () => {
  let http: HttpServer;
  let port: number;
  let log: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    log = recordingLogger();
    http = createHttpServer(log);
    // The pipeline is never reached by a refused request: a request that reached it would throw.
    registerTelegramWebhook(http, { pipeline: {} as InboundPipeline, identity: () => ({ id: 1, username: 'bot' }), background: () => {}, secret: 'right-secret', log });
    port = await http.listen(0, '127.0.0.1');
  });
  afterEach(async () => {
    await http.close();
  });

  /** Sends headers and only the first bytes of a declared body; resolves with the status without ever finishing the body. */
  function partialPost(secret: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: TELEGRAM_WEBHOOK_PATH, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100000', 'x-telegram-bot-api-secret-token': secret } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.write('{"update_id": 1, ');
    });
  }

  it('answers 401 on the headers alone, and logs the first refusal only at warn', async () => {
    for (let i = 0; i < 5; i += 1) expect(await partialPost('wrong')).toBe(401);
    const warnings = log.lines.filter((l) => l.level === 'warn' && l.message.includes('secret token'));
    expect(warnings).toHaveLength(1);
    expect(log.lines.filter((l) => l.level === 'debug' && l.message.includes('secret token')).at(-1)?.fields).toMatchObject({ repeated: 4 });
  });
});

describe('LogThrottle', () => {
  it('warns once per window, then again with the count', () => {
    const log = recordingLogger();
    let now = 0;
    const throttle = new LogThrottle(log, 1000, () => now);
    throttle.warn('k', 'refused');
    throttle.warn('k', 'refused');
    throttle.warn('other', 'refused other');
    expect(throttle.suppressed('k')).toBe(1);
    now = 1000;
    throttle.warn('k', 'refused');
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => [l.message, l.fields?.repeatedSinceLastWarning])).toEqual([
      ['refused', undefined],
      ['refused other', undefined],
      ['refused', 1],
    ]);
  });
});
