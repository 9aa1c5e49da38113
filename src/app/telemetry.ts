// The Telemetry port implemented with prom-client (src/metrics/metrics.ts), and the app-side meters
// that feed it from outside the core:
// - sends: each platform the outbox and the direct replies send through is wrapped, so every send
//   is timed and counted as sent, retried (a retryable failure) or failed (a permanent one), and a
//   rate-limit answer (429 retry_after) is counted apart;
// - reports filed and receipts: after an event's replies are committed, the revision the event
//   filed (found by its source-event key) is counted by kind;
// - job runs: on each scrape, the runs this instance's scheduler finished since the last scrape are
//   counted by job and status (the JobRun table is the scheduler's own record).
import type { Telemetry } from '../core/ports.ts';
import { SendError, type ChatPlatform } from '../core/platform.ts';
import type { Db } from '../db/client.ts';
import type { JobRunStatus, Metrics, ReportKind } from '../metrics/metrics.ts';

/** The metrics as the core's Telemetry port. */
export function telemetryFrom(metrics: Metrics): Telemetry {
  return {
    inboundEvent: (platform, status) => metrics.inboundEvent(platform, status),
    observeProcessing: (platform, seconds) => metrics.observeProcessing(platform, seconds),
    reportFiled: (platform, kind) => metrics.reportFiled(platform, kind),
    receipt: (platform) => metrics.receipt(platform),
  };
}

/** A view of `platform` whose sends are timed and counted. */
export function meteredPlatform<P extends ChatPlatform>(platform: P, metrics: Metrics): ChatPlatform {
  return {
    name: platform.name,
    async send(to, message, options) {
      const stop = metrics.startSendTimer(platform.name);
      try {
        const result = await platform.send(to, message, options);
        stop();
        metrics.outboxMessage(platform.name, 'sent');
        return result;
      } catch (error) {
        stop();
        const permanent = error instanceof SendError && error.kind === 'permanent';
        if (error instanceof SendError && error.retryAfterSeconds !== undefined) metrics.rateLimited(platform.name);
        metrics.outboxMessage(platform.name, permanent ? 'failed' : 'retried');
        throw error;
      }
    },
    ...(platform.sendDelayMs ? { sendDelayMs: (to: string) => platform.sendDelayMs?.(to) ?? 0 } : {}),
    ...(platform.acknowledge ? { acknowledge: (chatId: string, messageId: string) => platform.acknowledge?.(chatId, messageId) ?? Promise.resolve() } : {}),
    start: () => platform.start(),
    stop: () => platform.stop(),
  };
}

/** Counts a filed report and its receipt. */
export function countFiled(telemetry: Telemetry | undefined, platform: string, kind: ReportKind | null): void {
  if (!telemetry || !kind) return;
  telemetry.reportFiled(platform, kind);
  telemetry.receipt(platform);
}

const FINISHED: readonly JobRunStatus[] = ['done', 'skipped', 'failed'];

/**
 * Counts the job runs `claimedBy` finished since the last call. Runs finished in the last
 * `settleMs` wait for the next call, so a run whose finishing write lands late is never missed.
 */
export function jobRunCounter(db: Db, metrics: Metrics, claimedBy: () => string, options: { now?: () => Date; settleMs?: number } = {}): () => Promise<void> {
  const now = options.now ?? (() => new Date());
  const settleMs = options.settleMs ?? 2000;
  let since = new Date(now().getTime() - settleMs);
  return async () => {
    const until = new Date(now().getTime() - settleMs);
    if (until <= since) return;
    const runs = await db.jobRun.groupBy({
      by: ['job', 'status'],
      where: { claimedBy: claimedBy(), status: { in: [...FINISHED] }, finishedAt: { gt: since, lte: until } },
      _count: { _all: true },
    });
    since = until;
    for (const run of runs) metrics.jobRun(run.job, run.status as JobRunStatus, run._count._all);
  };
}
