// The operations routes: GET /readyz (readiness report, 200 or 503) and GET /metrics
// (Prometheus text). /healthz (alive) is built into every HttpServer.
// With METRICS_PORT they are registered on a second HttpServer instead of the webhook one.
import type { Logger } from '../core/context.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ReadinessReport } from './readiness.ts';
import type { HttpServer } from './server.ts';

export interface OpsRoutesOptions {
  readiness: () => Promise<ReadinessReport>;
  /** Serves /metrics when given. */
  metrics?: Pick<Metrics, 'text' | 'contentType'>;
  log?: Logger;
}

export function registerOpsRoutes(http: HttpServer, options: OpsRoutesOptions): void {
  let wasReady: boolean | undefined;
  http.route('GET', '/readyz', async () => {
    let report: ReadinessReport;
    try {
      report = await options.readiness();
    } catch (error) {
      options.log?.error('readiness check failed', { error });
      report = { ok: false, checks: [{ name: 'readiness', ok: false, detail: error instanceof Error ? error.message : String(error) }] };
    }
    const ok = report.checks.every((check) => check.ok);
    // Probes come every few seconds: log changes only.
    if (ok !== wasReady) {
      if (!ok) options.log?.warn('not ready', { failing: report.checks.filter((c) => !c.ok) });
      else if (wasReady === false) options.log?.info('ready again');
      wasReady = ok;
    }
    return { status: ok ? 200 : 503, body: { ...report, ok }, headers: { 'cache-control': 'no-store' } };
  });

  const metrics = options.metrics;
  if (metrics) {
    http.route('GET', '/metrics', async () => ({ status: 200, body: await metrics.text(), headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' } }));
  }
}
