// /readyz and /metrics in the running app (createApp): a filed report shows in the counters, the
// Telegram connection in the readiness report, and a database that stops answering turns /readyz
// to 503 while /healthz stays up. With METRICS_PORT the ops routes are served apart from PORT.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { createConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/context.ts';
import { createTestDatabase, pgTestUrl, type TestDatabase } from '../support/db.ts';
import { freePort, GROUP, startHarness, USERS, type TelegramHarness } from '../adapters/telegram/harness.ts';

async function get(port: number, path: string): Promise<{ status: number; text: string; json: () => { ok: boolean; checks: { name: string; ok: boolean; detail?: unknown }[] } }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as { ok: boolean; checks: { name: string; ok: boolean; detail?: unknown }[] } };
}

/** The value of one sample line of the Prometheus text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v) && Object.keys(found).length === Object.keys(labels).length) return Number(match[3]);
  }
  return undefined;
}

describe('the ops endpoints of the Telegram bot', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is ready with the database, the migrations and the Telegram connection up', async () => {
    await h.fake.waitFor(async () => (await get(h.port, '/readyz')).status === 200, 8000, 'readiness');
    const report = (await get(h.port, '/readyz')).json();
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => `${c.name}:${c.ok}`)).toEqual(
      expect.arrayContaining(['database:true', 'migrations:true', 'platform:telegram:true', 'outbox_backlog:true', 'outbox_oldest_age_seconds:true', 'inbound_last_event_age_seconds:true']),
    );
    expect(report.checks.find((c) => c.name === 'platform:telegram')?.detail).toBe('connected');
  });

  it('counts a filed report, its receipt, the send and the processing in /metrics', async () => {
    const before = (await get(h.port, '/metrics')).text;
    expect(sample(before, 'progress_bot_reports_filed_total', { platform: 'telegram', kind: 'new' }) ?? 0).toBe(0);

    const update = h.fake.message({ chatId: GROUP, from: USERS.zhang, text: '/report 1\n形象进度：45%\n本周进展：主体结构第三层浇筑完成' });
    h.fake.push(update);
    const id = (update.message as { message_id: number }).message_id;
    await h.fake.waitFor(() => h.fake.sent.find((m) => m.reply_to === id && m.text.includes('已收到')), 8000, 'the receipt');

    // The counters move once the reply is committed and the send answered: wait on them, not on time.
    const text = await h.fake.waitFor(async () => {
      const current = (await get(h.port, '/metrics')).text;
      return (sample(current, 'progress_bot_outbox_messages_total', { platform: 'telegram', outcome: 'sent' }) ?? 0) >= 1 ? current : undefined;
    }, 5000, 'the send counted');
    expect(sample(text, 'progress_bot_reports_filed_total', { platform: 'telegram', kind: 'new' })).toBe(1);
    expect(sample(text, 'progress_bot_receipts_total', { platform: 'telegram' })).toBe(1);
    expect(sample(text, 'progress_bot_inbound_events_total', { platform: 'telegram', status: 'processed' })).toBe(1);
    expect(sample(text, 'progress_bot_inbound_processing_seconds_count', { platform: 'telegram' })).toBe(1);
    expect(sample(text, 'progress_bot_send_seconds_count', { platform: 'telegram' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'progress_bot_outbox_backlog')).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    // A refusal files nothing: the counter stays at 1.
    const refused = h.fake.message({ chatId: GROUP, from: USERS.liu, text: '/report 2\n形象进度：10%' });
    h.fake.push(refused);
    const refusedId = (refused.message as { message_id: number }).message_id;
    await h.fake.waitFor(() => h.fake.sent.find((m) => m.reply_to === refusedId), 8000, 'the refusal');
    await h.fake.waitFor(async () => sample((await get(h.port, '/metrics')).text, 'progress_bot_inbound_events_total', { platform: 'telegram', status: 'processed' }) === 2, 5000, 'the refusal processed');
    expect(sample((await get(h.port, '/metrics')).text, 'progress_bot_reports_filed_total', { platform: 'telegram', kind: 'new' })).toBe(1);
  });

  it('counts 429s and retries of a send', async () => {
    h.fake.failures.push({ method: 'sendMessage', status: 429, retryAfter: 1 });
    const sentBefore = h.fake.sent.length;
    h.fake.push(h.fake.message({ chatId: GROUP, from: USERS.zhang, text: '/help' }));
    await h.fake.waitFor(() => h.fake.sent.slice(sentBefore).find((m) => m.text.includes('周进度填报助手')), 10_000, 'the answer after the 429');
    const text = (await get(h.port, '/metrics')).text;
    expect(sample(text, 'progress_bot_rate_limited_total', { platform: 'telegram' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'progress_bot_outbox_messages_total', { platform: 'telegram', outcome: 'retried' })).toBeGreaterThanOrEqual(1);
  });
});

/** A TCP proxy to the PostgreSQL test server: stopping it is the database going away. */
async function startProxy(target: { host: string; port: number }): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}

const pgRun = pgTestUrl() ? describe : describe.skip;
pgRun('readiness when the database stops (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: App | null = null;
  afterEach(async () => {
    await app?.stop().catch(() => undefined);
    app = null;
    await database?.destroy();
  });

  it('answers 503 on /readyz once the database is gone, and /healthz still answers', { timeout: 30_000 }, async () => {
    database = await createTestDatabase('postgresql');
    const direct = new URL(database.url);
    const proxy = await startProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    const port = await freePort();
    const config = createConfig({ DATABASE_URL: viaProxy.toString(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' });
    app = await createApp(config, { log: silentLogger, defaultMetrics: false });
    await app.listen();

    expect((await get(port, '/readyz')).status).toBe(200);
    await proxy.stop();

    const down = await get(port, '/readyz');
    expect(down.status).toBe(503);
    const report = down.json();
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'database')?.ok).toBe(false);
    expect((await get(port, '/healthz')).status).toBe(200);
    // The gauges read from the database are NaN rather than stale.
    expect(sample((await get(port, '/metrics')).text, 'progress_bot_outbox_backlog')).toBeNaN();
  });
});

describe('METRICS_PORT', () => {
  let database: TestDatabase;
  let app: App | null = null;
  afterEach(async () => {
    await app?.stop();
    app = null;
    await database?.destroy();
  });

  it('serves /metrics, /readyz and /healthz on a port of their own, not on PORT', async () => {
    database = await createTestDatabase('sqlite');
    const [port, metricsPort] = [await freePort(), await freePort()];
    const config = createConfig({ DATABASE_URL: database.url, PORT: String(port), METRICS_PORT: String(metricsPort), HOST: '127.0.0.1' });
    app = await createApp(config, { log: silentLogger, defaultMetrics: false });
    await app.start({ scheduler: false });
    expect(app.opsPort).toBe(metricsPort);
    expect((await get(metricsPort, '/metrics')).text).toContain('progress_bot_reports_filed_total');
    expect((await get(metricsPort, '/readyz')).status).toBe(200);
    expect((await get(port, '/metrics')).status).toBe(404);
  });
});
