import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/context.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { registerOpsRoutes } from '../../src/http/ops-routes.ts';
import { createReadiness, type ReadinessPlatform, type ReadinessReport } from '../../src/http/readiness.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.ts';
import { createTestDatabase, describeEachProvider, pgTestUrl } from '../support/db.ts';

const NOW = new Date('2025-03-10T02:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

async function get(port: number, path: string): Promise<{ status: number; contentType: string; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

async function readyz(port: number): Promise<{ status: number; report: ReadinessReport }> {
  const reply = await get(port, '/readyz');
  return { status: reply.status, report: JSON.parse(reply.text) as ReadinessReport };
}

const check = (report: ReadinessReport, name: string) => report.checks.find((c) => c.name === name);

/** A TCP proxy in front of the PostgreSQL test server, so a test can cut the database off. */
async function startProxy(targetHost: string, targetPort: number): Promise<{ port: number; cut(): Promise<void>; stall(): void }> {
  const sockets = new Set<Socket>();
  let stalled = false;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (stalled) return;
    const remote = connect(targetPort, targetHost);
    for (const s of [remote]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(remote).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    /** Connections stay open but nothing passes any more: the database hangs. */
    stall() {
      stalled = true;
      for (const s of sockets) {
        s.unpipe();
        s.pause();
      }
    },
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

interface Target {
  database: Database;
  /** Makes the database unreachable: the client is closed and cannot reconnect. */
  breakDatabase(): Promise<void>;
  cleanup(): Promise<void>;
}

async function openTarget(provider: 'sqlite' | 'postgresql'): Promise<Target> {
  if (provider === 'sqlite') {
    const database = await createTestDatabase('sqlite');
    const dir = dirname(database.url.slice('file:'.length));
    let moved = false;
    return {
      database,
      async breakDatabase() {
        // Closing alone is not enough: Prisma reopens the file on the next query. With its
        // directory moved away (nothing deleted) the file cannot be reopened.
        await database.close();
        renameSync(dir, `${dir}-moved`);
        moved = true;
      },
      async cleanup() {
        if (moved) renameSync(`${dir}-moved`, dir);
        await database.destroy();
      },
    };
  }
  const base = new URL(pgTestUrl());
  const proxy = await startProxy(base.hostname, Number(base.port || 5432));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const viaProxy = new URL(base);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  viaProxy.searchParams.set('schema', schema);
  const database = await openDatabase(viaProxy.toString());
  let cut = false;
  return {
    database,
    async breakDatabase() {
      // Every connection to the schema is ended and no new one can be made.
      await proxy.cut();
      cut = true;
    },
    async cleanup() {
      await database.close().catch(() => undefined);
      if (!cut) await proxy.cut();
      const client = new pg.Client({ connectionString: pgTestUrl() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

describeEachProvider('/readyz and /metrics', (provider) => {
  let target: Target;
  let http: HttpServer;
  let port: number;
  let metrics: Metrics;
  let connected: boolean;
  let migrated: boolean;

  beforeAll(async () => {
    target = await openTarget(provider);
  });
  afterAll(async () => {
    await target.cleanup();
  });

  const start = async (options: { outboxMaxAgeMs?: number } = {}) => {
    connected = true;
    migrated = true;
    const platforms: ReadinessPlatform[] = [{ name: 'telegram', isConnected: () => connected }, { name: 'sandbox' }];
    const readiness = createReadiness({ db: target.database.db, migrationsApplied: () => migrated, platforms, now: () => NOW, ...options });
    metrics = createMetrics({ defaultMetrics: false });
    metrics.setCollector(() => readiness.gauges());
    http = createHttpServer(silentLogger);
    registerOpsRoutes(http, { readiness: () => readiness.check(), metrics });
    port = await http.listen(0, '127.0.0.1');
  };
  afterEach(async () => {
    await http.close();
    await target.database.db.outbox.deleteMany({}).catch(() => undefined);
    await target.database.db.inboundEvent.deleteMany({}).catch(() => undefined);
  });

  const addOutbox = (key: string, createdAt: Date, status = 'pending') =>
    target.database.db.outbox.create({ data: { key, platform: 'telegram', platformChatId: '-100', message: '{}', status, createdAt, nextAttemptAt: createdAt } });

  it('is ready with a live database, applied migrations and connected platforms', async () => {
    await start();
    const { status, report } = await readyz(port);
    expect(status).toBe(200);
    expect(report.ok).toBe(true);
    expect(check(report, 'database')).toEqual({ name: 'database', ok: true });
    expect(check(report, 'migrations')?.ok).toBe(true);
    expect(check(report, 'platform:telegram')).toEqual({ name: 'platform:telegram', ok: true, detail: 'connected' });
    expect(check(report, 'platform:sandbox')).toEqual({ name: 'platform:sandbox', ok: true, detail: 'no connection state' });
    expect(check(report, 'inbound_last_event_age_seconds')).toEqual({ name: 'inbound_last_event_age_seconds', ok: true, detail: 'no event yet' });
    expect(check(report, 'outbox_backlog')).toEqual({ name: 'outbox_backlog', ok: true, detail: 0 });
  });

  it('reports the age of the last inbound event and the outbox backlog', async () => {
    await start();
    await target.database.db.inboundEvent.create({ data: { platform: 'telegram', eventId: 'e1', payload: '{}', receivedAt: minutesAgo(30) } });
    await target.database.db.inboundEvent.create({ data: { platform: 'telegram', eventId: 'e2', payload: '{}', receivedAt: minutesAgo(1.5) } });
    await addOutbox('a', minutesAgo(5));
    await addOutbox('b', minutesAgo(2), 'sending');
    await addOutbox('c', minutesAgo(60), 'sent');
    await addOutbox('d', minutesAgo(60), 'failed');
    const { status, report } = await readyz(port);
    expect(status).toBe(200);
    expect(check(report, 'inbound_last_event_age_seconds')?.detail).toBe(90);
    expect(check(report, 'outbox_backlog')?.detail).toBe(2);
    expect(check(report, 'outbox_oldest_age_seconds')).toEqual({ name: 'outbox_oldest_age_seconds', ok: true, detail: 300 });
  });

  it('is not ready when the oldest pending outbox row is older than the threshold (15 minutes by default)', async () => {
    await start();
    await addOutbox('old', minutesAgo(16));
    let reply = await readyz(port);
    expect(reply.status).toBe(503);
    expect(check(reply.report, 'outbox_oldest_age_seconds')).toEqual({ name: 'outbox_oldest_age_seconds', ok: false, detail: 960 });
    await http.close();
    await start({ outboxMaxAgeMs: 30 * 60_000 });
    reply = await readyz(port);
    expect(reply.status).toBe(200);
  });

  it('is not ready when a platform reports it is disconnected, and ready again when it reconnects', async () => {
    await start();
    connected = false;
    let reply = await readyz(port);
    expect(reply.status).toBe(503);
    expect(reply.report.ok).toBe(false);
    expect(check(reply.report, 'platform:telegram')).toEqual({ name: 'platform:telegram', ok: false, detail: 'disconnected' });
    expect(check(reply.report, 'database')?.ok).toBe(true);
    connected = true;
    reply = await readyz(port);
    expect(reply.status).toBe(200);
  });

  it('is not ready when the migrations were not applied', async () => {
    await start();
    migrated = false;
    const { status, report } = await readyz(port);
    expect(status).toBe(503);
    expect(check(report, 'migrations')).toEqual({ name: 'migrations', ok: false, detail: 'not applied' });
  });

  it('serves the counters and the database gauges on /metrics', async () => {
    await start();
    await addOutbox('m1', minutesAgo(3));
    metrics.inboundEvent('telegram', 'processed');
    const reply = await get(port, '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.contentType).toContain('text/plain');
    expect(reply.text).toContain('progress_bot_inbound_events_total');
    expect(reply.text).toMatch(/^progress_bot_inbound_events_total\{platform="telegram",status="processed"\} 1$/m);
    expect(reply.text).toMatch(/^progress_bot_outbox_backlog 1$/m);
    expect(reply.text).toMatch(/^progress_bot_outbox_oldest_age_seconds 180$/m);
  });

  // Last: it leaves the database unreachable.
  it('is not ready once the database is closed and cannot be reached, while /healthz stays 200', async () => {
    await start();
    expect((await readyz(port)).status).toBe(200);
    await target.breakDatabase();
    const started = Date.now();
    const { status, report } = await readyz(port);
    expect(status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
    const database = check(report, 'database');
    expect(database?.ok).toBe(false);
    expect(String(database?.detail)).not.toBe('');
    expect(check(report, 'outbox_backlog')).toEqual({ name: 'outbox_backlog', ok: false, detail: 'database unavailable' });
    expect((await get(port, '/healthz')).status).toBe(200);
    // The gauges report NaN rather than stale values.
    expect((await get(port, '/metrics')).text).toMatch(/^progress_bot_outbox_backlog nan$/im);
  });
});

(pgTestUrl() ? describe : describe.skip)('/readyz with a database that hangs [postgresql]', () => {
  it('is not ready when the database does not answer within the timeout', async () => {
    const base = new URL(pgTestUrl());
    const proxy = await startProxy(base.hostname, Number(base.port || 5432));
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const url = new URL(base);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.searchParams.set('schema', schema);
    const database = await openDatabase(url.toString());
    const http = createHttpServer(silentLogger);
    try {
      const readiness = createReadiness({ db: database.db, migrationsApplied: true, dbTimeoutMs: 300 });
      registerOpsRoutes(http, { readiness: () => readiness.check() });
      const port = await http.listen(0, '127.0.0.1');
      expect((await readyz(port)).status).toBe(200);
      proxy.stall();
      const started = Date.now();
      const { status, report } = await readyz(port);
      const elapsed = Date.now() - started;
      expect(status).toBe(503);
      expect(check(report, 'database')).toEqual({ name: 'database', ok: false, detail: 'the database did not answer within 300 ms' });
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(3000);
    } finally {
      await http.close();
      await proxy.cut();
      await database.close().catch(() => undefined);
      const client = new pg.Client({ connectionString: pgTestUrl() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});

describe('ops routes on their own port (METRICS_PORT)', () => {
  it('serves /metrics, /readyz and /healthz on the ops server and not on the webhook server', async () => {
    const webhooks = createHttpServer(silentLogger);
    webhooks.route('POST', '/telegram/webhook', async () => ({ status: 200, body: { ok: true } }));
    const ops = createHttpServer(silentLogger);
    const metrics = createMetrics({ defaultMetrics: false });
    registerOpsRoutes(ops, { readiness: async () => ({ ok: true, checks: [{ name: 'database', ok: true }] }), metrics });
    const webhookPort = await webhooks.listen(0, '127.0.0.1');
    const opsPort = await ops.listen(0, '127.0.0.1');
    try {
      expect(webhooks.hasRoutes).toBe(true);
      expect(ops.hasRoutes).toBe(false);
      expect((await get(webhookPort, '/metrics')).status).toBe(404);
      expect((await get(webhookPort, '/readyz')).status).toBe(404);
      expect((await get(opsPort, '/metrics')).status).toBe(200);
      expect((await get(opsPort, '/readyz')).status).toBe(200);
      expect((await get(opsPort, '/healthz')).status).toBe(200);
      expect((await get(opsPort, '/telegram/webhook')).status).toBe(404);
    } finally {
      await webhooks.close();
      await ops.close();
    }
  });

  it('answers 503 with the failing check when the readiness function throws', async () => {
    const ops = createHttpServer(silentLogger);
    registerOpsRoutes(ops, {
      readiness: async () => {
        throw new Error('boom');
      },
    });
    const port = await ops.listen(0, '127.0.0.1');
    try {
      const { status, report } = await readyz(port);
      expect(status).toBe(503);
      expect(report.checks).toEqual([{ name: 'readiness', ok: false, detail: 'boom' }]);
      expect((await get(port, '/metrics')).status).toBe(404);
    } finally {
      await ops.close();
    }
  });
});
