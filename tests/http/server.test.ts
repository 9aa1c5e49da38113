import { request, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createHttpServer, MAX_BODY_BYTES, type HttpRequest, type HttpServer } from '../../src/http/server.ts';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function call(port: number, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Announces a large body, sends only its first chunk and waits for the answer: a server that
 * buffered the body before routing would never answer.
 */
function callWithUnsentBody(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string; bytesSent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), bytesSent: chunk.length });
        req.destroy();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close the connection while we still write; the answer has been read by then.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    req.write(chunk);
  });
}

describe('createHttpServer', () => {
  let http: HttpServer;
  const logLines: string[] = [];
  const start = async (setup: (server: HttpServer) => void = () => {}) => {
    logLines.length = 0;
    http = createHttpServer(createLogger('debug', { write: (line) => logLines.push(line) }));
    setup(http);
    return http.listen(0, '127.0.0.1');
  };
  afterEach(async () => {
    await http.close();
  });

  it('answers /healthz', async () => {
    const port = await start();
    const reply = await call(port, 'GET', '/healthz');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true });
    expect(http.hasRoutes).toBe(false);
  });

  it('passes the exact raw body and headers to a route and ignores the query string', async () => {
    const seen: HttpRequest[] = [];
    const port = await start((s) =>
      s.route('POST', '/telegram/webhook', async (r) => {
        seen.push(r);
        return { status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } };
      }),
    );
    const body = Buffer.from('{"update_id":1,"text":"本周进展 ✓"}', 'utf8');
    const reply = await call(port, 'POST', '/telegram/webhook?x=1', body, { 'x-telegram-bot-api-secret-token': 's', 'content-type': 'application/json' });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('ok');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/telegram/webhook');
    expect(seen[0]!.rawBody.equals(body)).toBe(true);
    expect(seen[0]!.headers['x-telegram-bot-api-secret-token']).toBe('s');
    expect(http.hasRoutes).toBe(true);
  });

  it('answers 404 for unknown paths and 405 for a known path with another method', async () => {
    let called = 0;
    const port = await start((s) => s.route('POST', '/lark/events', async () => ({ status: 200, body: { ok: (called += 1) } })));
    expect((await call(port, 'GET', '/nope')).status).toBe(404);
    const wrong = await call(port, 'GET', '/lark/events');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(called).toBe(0);
  });

  it('refuses an unknown path without reading its body', async () => {
    const port = await start();
    const reply = await callWithUnsentBody(port, '/nope', { 'content-length': String(10 * MAX_BODY_BYTES) });
    expect(reply.status).toBe(404);
  });

  it('refuses a declared oversized body (413) before it is sent, without calling the handler', async () => {
    let called = 0;
    const port = await start((s) => s.route('POST', '/hook', async () => ({ status: 200, body: { n: (called += 1) } })));
    const reply = await callWithUnsentBody(port, '/hook', { 'content-length': String(MAX_BODY_BYTES + 1) });
    expect(reply.status).toBe(413);
    expect(called).toBe(0);
  });

  it('refuses a chunked body once it passes 1 MB', async () => {
    let called = 0;
    const port = await start((s) => s.route('POST', '/hook', async () => ({ status: 200, body: { n: (called += 1) } })));
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/hook', headers: { 'transfer-encoding': 'chunked' }, agent: false }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
      });
      const chunk = Buffer.alloc(64 * 1024, 'b');
      let sent = 0;
      const pump = () => {
        // Keeps sending until the answer comes; never ends the body.
        while (sent <= 4 * MAX_BODY_BYTES && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    expect(status).toBe(413);
    expect(called).toBe(0);
  });

  it('accepts a body of exactly 1 MB', async () => {
    let size = -1;
    const port = await start((s) =>
      s.route('POST', '/hook', async (r) => {
        size = r.rawBody.length;
        return { status: 204 };
      }),
    );
    expect((await call(port, 'POST', '/hook', Buffer.alloc(MAX_BODY_BYTES, 'c'))).status).toBe(204);
    expect(size).toBe(MAX_BODY_BYTES);
  });

  it('answers 500 and logs the error with its stack when a handler throws', async () => {
    const port = await start((s) =>
      s.route('POST', '/hook', async () => {
        throw new Error('handler exploded');
      }),
    );
    const reply = await call(port, 'POST', '/hook', '{}');
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ error: 'internal error' });
    const entry = JSON.parse(logLines.find((l) => l.includes('http handler failed'))!) as { error: { message: string; stack: string } };
    expect(entry.error.message).toBe('handler exploded');
    expect(entry.error.stack).toContain('server.test.ts');
  });

  it('while draining answers 503 on every route except /healthz and /metrics', async () => {
    let called = 0;
    const port = await start((s) => {
      s.route('POST', '/hook', async () => ({ status: 200, body: { n: (called += 1) } }));
      s.route('GET', '/readyz', async () => ({ status: 200, body: { ok: true } }));
      s.route('GET', '/metrics', async () => ({ status: 200, body: 'm 1\n' }));
    });
    expect((await call(port, 'POST', '/hook', '{}')).status).toBe(200);
    http.setDraining(true);
    expect(http.draining).toBe(true);
    const hook = await call(port, 'POST', '/hook', '{}');
    expect(hook.status).toBe(503);
    expect(JSON.parse(hook.body)).toEqual({ error: 'shutting down' });
    expect((await call(port, 'GET', '/readyz')).status).toBe(503);
    expect((await call(port, 'GET', '/healthz')).status).toBe(200);
    expect((await call(port, 'GET', '/metrics')).body).toBe('m 1\n');
    expect(called).toBe(1);
    http.setDraining(false);
    expect((await call(port, 'POST', '/hook', '{}')).status).toBe(200);
  });

  it('closes while a keep-alive connection is idle', async () => {
    const port = await start();
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
          .on('error', reject)
          .end();
      });
      expect(status).toBe(200);
      await http.close();
      await expect(call(port, 'GET', '/healthz')).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });
});
