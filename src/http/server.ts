// The bot's own HTTP server: webhook routes registered by adapters, /healthz, and the ops routes
// (/readyz, /metrics: see ops-routes.ts). Requests are routed on method and path before any body
// is read: unknown paths (404), wrong methods (405) and bodies over 1 MB (413) are refused
// without buffering them. Handlers get the raw body (signature checks need the exact bytes).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../core/context.ts';

export interface HttpRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

export interface HttpResponse {
  status: number;
  body?: string | Buffer | object;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** Checks a request's headers before its body is read: a response refuses it (the body is never read). */
export type HeaderGuard = (headers: IncomingHttpHeaders) => HttpResponse | null;

export interface HttpServer {
  /** Registers a handler for an exact method and path. */
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler, options?: { guard?: HeaderGuard }): void;
  /** Starts listening; resolves with the bound port (useful with port 0 in tests). */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  /** Whether routes other than /healthz, /readyz and /metrics (webhooks) are registered. */
  readonly hasRoutes: boolean;
  /** While draining every route except /healthz and /metrics answers 503 (shutting down). */
  setDraining(draining: boolean): void;
  readonly draining: boolean;
}

/** Bodies above this size are refused (413): no platform sends more. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Paths served by the ops routes; they do not count as webhook routes. */
export const OPS_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);
/** Paths still answered while draining. */
const ALWAYS_ANSWERED: ReadonlySet<string> = new Set(['/healthz', '/metrics']);

const SHUTTING_DOWN: HttpResponse = { status: 503, body: { error: 'shutting down' }, headers: { 'retry-after': '5' } };

class BodyTooLarge extends Error {}

/** Whether the request announces a body (so refusing it should close the connection). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('request aborted')));
  });
}

function send(res: ServerResponse, out: HttpResponse, closeConnection = false): void {
  if (res.headersSent || res.destroyed) return;
  const isJson = out.body !== undefined && typeof out.body === 'object' && !Buffer.isBuffer(out.body);
  const headers: Record<string, string> = { ...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...out.headers };
  if (closeConnection) headers.connection = 'close';
  res.writeHead(out.status, headers);
  res.end(isJson ? JSON.stringify(out.body) : out.body);
}

export function createHttpServer(log: Logger): HttpServer {
  const routes = new Map<string, RouteHandler>();
  const guards = new Map<string, HeaderGuard>();
  const methodsByPath = new Map<string, Set<string>>();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let draining = false;

  const addRoute = (method: string, path: string, handler: RouteHandler) => {
    routes.set(`${method} ${path}`, handler);
    const methods = methodsByPath.get(path) ?? new Set<string>();
    methods.add(method);
    methodsByPath.set(path, methods);
  };
  addRoute('GET', '/healthz', async () => ({ status: 200, body: { ok: true } }));

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] || '/';
    const handler = routes.get(`${method} ${path}`);
    // Refusals answer before the body is read; the connection is closed so the body is never buffered.
    if (!handler) {
      const allowed = methodsByPath.get(path);
      if (allowed) send(res, { status: 405, body: { error: 'method not allowed' }, headers: { allow: [...allowed].join(', ') } }, hasBody(req));
      else send(res, { status: 404, body: { error: 'not found' } }, hasBody(req));
      return;
    }
    if (draining && !ALWAYS_ANSWERED.has(path)) {
      send(res, SHUTTING_DOWN, hasBody(req));
      return;
    }
    const refusal = guards.get(`${method} ${path}`)?.(req.headers);
    if (refusal) {
      send(res, refusal, hasBody(req));
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      send(res, { status: 413, body: { error: 'body too large' } }, true);
      return;
    }
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) send(res, { status: 413, body: { error: 'body too large' } }, true);
      else res.destroy();
      return;
    }
    let out: HttpResponse;
    try {
      out = await handler({ method, path, headers: req.headers, rawBody });
    } catch (error) {
      log.error('http handler failed', { path, error });
      out = { status: 500, body: { error: 'internal error' } };
    }
    send(res, out);
  };

  return {
    route(method, path, handler, options) {
      addRoute(method, path, handler);
      if (options?.guard) guards.set(`${method} ${path}`, options.guard);
    },
    get hasRoutes() {
      return [...methodsByPath.keys()].some((path) => !OPS_PATHS.has(path));
    },
    setDraining(value) {
      draining = value;
    },
    get draining() {
      return draining;
    },
    listen(port, host = '0.0.0.0') {
      const created = createServer((req, res) => {
        onRequest(req, res).catch((error: unknown) => {
          log.error('http request failed', { error });
          if (!res.headersSent) send(res, { status: 500, body: { error: 'internal error' } }, true);
          else res.destroy();
        });
      });
      created.on('connection', (socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      server = created;
      return new Promise((resolve, reject) => {
        created.once('error', reject);
        created.listen(port, host, () => {
          created.off('error', reject);
          const address = created.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    close() {
      const current = server;
      server = null;
      if (!current) return Promise.resolve();
      return new Promise((resolve) => {
        current.close(() => resolve());
        // Idle keep-alive connections would hold close() open; requests in flight finish first.
        current.closeIdleConnections();
        const force = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 5000);
        force.unref();
        current.once('close', () => clearTimeout(force));
      });
    },
  };
}
