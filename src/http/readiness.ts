// Readiness: can this instance do its work right now? The database answers, migrations are
// applied, every platform is connected and the outbox is not stuck. /readyz answers 503 when any
// check fails. The same queries feed the metrics gauges (outbox backlog and ages).
import type { Db } from '../db/client.ts';
import type { GaugeSnapshot } from '../metrics/metrics.ts';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail?: string | number;
}

export interface ReadinessReport {
  /** True when every check is ok. */
  ok: boolean;
  checks: ReadinessCheck[];
}

export interface ReadinessPlatform {
  readonly name: string;
  /** Whether the platform's connection is up; a platform without it counts as connected. */
  isConnected?(): boolean;
}

export interface ReadinessOptions {
  db: Db;
  /** Whether the migrations were applied at start-up (a value, or read on each check). */
  migrationsApplied: boolean | (() => boolean);
  platforms?: readonly ReadinessPlatform[];
  now?: () => Date;
  /** The database must answer within this long. Default 2 s. */
  dbTimeoutMs?: number;
  /** Not ready when the oldest pending outbox row is older than this. Default 15 minutes. */
  outboxMaxAgeMs?: number;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
  /** The outbox and inbound gauges, for metrics.setCollector. Rejects when the database fails. */
  gauges(): Promise<GaugeSnapshot>;
}

const BACKLOG_STATUSES = ['pending', 'sending'];

class TimeoutError extends Error {}

async function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Driver errors can be long and multi-line; the first line says what happened.
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim().slice(0, 300);
}

export function createReadiness(options: ReadinessOptions): Readiness {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const dbTimeoutMs = options.dbTimeoutMs ?? 2000;
  const outboxMaxAgeMs = options.outboxMaxAgeMs ?? 15 * 60_000;

  const gauges = async (): Promise<GaugeSnapshot> => {
    const [backlog, oldest, lastInbound] = await within(dbTimeoutMs, 'the database', () =>
      Promise.all([
        db.outbox.count({ where: { status: { in: BACKLOG_STATUSES } } }),
        db.outbox.findFirst({ where: { status: { in: BACKLOG_STATUSES } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
        db.inboundEvent.aggregate({ _max: { receivedAt: true } }),
      ]),
    );
    const at = now().getTime();
    const last = lastInbound._max.receivedAt;
    return {
      outboxBacklog: backlog,
      outboxOldestAgeSeconds: oldest ? Math.max(0, (at - oldest.createdAt.getTime()) / 1000) : 0,
      inboundLastEventAgeSeconds: last ? Math.max(0, (at - last.getTime()) / 1000) : null,
    };
  };

  return {
    gauges,
    async check() {
      const checks: ReadinessCheck[] = [];
      let dbOk = false;
      try {
        await within(dbTimeoutMs, 'the database', () => db.$queryRawUnsafe('SELECT 1'));
        dbOk = true;
        checks.push({ name: 'database', ok: true });
      } catch (error) {
        checks.push({ name: 'database', ok: false, detail: describeError(error) });
      }

      const migrated = typeof options.migrationsApplied === 'function' ? options.migrationsApplied() : options.migrationsApplied;
      checks.push({ name: 'migrations', ok: migrated, ...(migrated ? {} : { detail: 'not applied' }) });

      for (const platform of options.platforms ?? []) {
        const connected = platform.isConnected ? platform.isConnected() : true;
        checks.push({ name: `platform:${platform.name}`, ok: connected, detail: platform.isConnected ? (connected ? 'connected' : 'disconnected') : 'no connection state' });
      }

      if (!dbOk) {
        for (const name of ['inbound_last_event_age_seconds', 'outbox_backlog', 'outbox_oldest_age_seconds']) checks.push({ name, ok: false, detail: 'database unavailable' });
      } else {
        try {
          const snapshot = await gauges();
          checks.push({ name: 'inbound_last_event_age_seconds', ok: true, detail: snapshot.inboundLastEventAgeSeconds === null ? 'no event yet' : Math.round(snapshot.inboundLastEventAgeSeconds) });
          checks.push({ name: 'outbox_backlog', ok: true, detail: snapshot.outboxBacklog ?? 0 });
          const oldest = snapshot.outboxOldestAgeSeconds ?? 0;
          checks.push({ name: 'outbox_oldest_age_seconds', ok: oldest * 1000 <= outboxMaxAgeMs, detail: Math.round(oldest) });
        } catch (error) {
          const detail = describeError(error);
          for (const name of ['inbound_last_event_age_seconds', 'outbox_backlog', 'outbox_oldest_age_seconds']) checks.push({ name, ok: false, detail });
        }
      }
      return { ok: checks.every((c) => c.ok), checks };
    },
  };
}
