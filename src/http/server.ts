// The bot's own HTTP server: webhook routes registered by adapters, and /healthz.
// Handlers get the raw body (signature checks need the exact bytes).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
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

export interface HttpServer {
  /** Registers a handler for an exact method and path. */
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
  /** Starts listening; resolves with the bound port (useful with port 0 in tests). */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  readonly hasRoutes: boolean;
}

/** Bodies above this size are refused (413): no platform sends more. */
const MAX_BODY_BYTES = 1024 * 1024;

export function createHttpServer(log: Logger): HttpServer {
  const routes = new Map<string, RouteHandler>();
  let server: Server | null = null;
  routes.set('GET /healthz', async () => ({ status: 200, body: { ok: true } }));

  const handle = async (method: string, url: string, headers: IncomingHttpHeaders, rawBody: Buffer): Promise<HttpResponse> => {
    const path = url.split('?')[0] ?? '/';
    const handler = routes.get(`${method} ${path}`);
    if (!handler) return { status: 404, body: { error: 'not found' } };
    try {
      return await handler({ method, path, headers, rawBody });
    } catch (error) {
      log.error('http handler failed', { path, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return { status: 500, body: { error: 'internal error' } };
    }
  };

  return {
    route(method, path, handler) {
      routes.set(`${method} ${path}`, handler);
    },
    get hasRoutes() {
      return routes.size > 1;
    },
    listen(port, host = '0.0.0.0') {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            res.writeHead(413).end();
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        req.on('end', () => {
          void handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks)).then((out) => {
            const isJson = out.body !== undefined && typeof out.body === 'object' && !Buffer.isBuffer(out.body);
            res.writeHead(out.status, { ...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...out.headers });
            res.end(isJson ? JSON.stringify(out.body) : out.body);
          });
        });
      });
      return new Promise((resolve, reject) => {
        server?.once('error', reject);
        server?.listen(port, host, () => {
          const address = server?.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    close() {
      return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
