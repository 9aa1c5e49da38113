// Prometheus metrics (prom-client). Each createMetrics() owns its own Registry, so tests and two
// apps in one process never share counters. Callers use the typed methods below and never
// touch metric names or label strings.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const METRIC_PREFIX = 'progress_bot_';

export const INBOUND_STATUSES = ['received', 'processed', 'failed', 'duplicate', 'retried'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

export const REPORT_KINDS = ['new', 'revision', 'late'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const OUTBOX_OUTCOMES = ['sent', 'retried', 'failed'] as const;
export type OutboxOutcome = (typeof OUTBOX_OUTCOMES)[number];

/** The JobRun statuses a finished run can have. */
export type JobRunStatus = 'done' | 'skipped' | 'failed';

/** 5 ms … 10 s. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the app measures on each scrape (from the database). null: not known (no row yet). */
export interface GaugeSnapshot {
  outboxBacklog: number | null;
  outboxOldestAgeSeconds: number | null;
  inboundLastEventAgeSeconds: number | null;
}

export type GaugeCollector = () => Promise<GaugeSnapshot>;

export interface MetricsOptions {
  /** Platforms whose counters are created at 0 up front, so rates exist before the first event. */
  platforms?: readonly string[];
  /** Node's default process metrics (CPU, memory, event loop, GC). Default true. */
  defaultMetrics?: boolean;
  /** Reads the gauges on each scrape; can also be set later with setCollector. */
  collect?: GaugeCollector;
}

export interface Metrics {
  readonly registry: Registry;
  /** The Content-Type of text(). */
  readonly contentType: string;
  inboundEvent(platform: string, status: InboundStatus): void;
  reportFiled(platform: string, kind: ReportKind): void;
  receipt(platform: string): void;
  outboxMessage(platform: string, outcome: OutboxOutcome): void;
  /** A 429 (or the platform's equivalent) from the platform's API. */
  rateLimited(platform: string): void;
  jobRun(job: string, status: JobRunStatus, count?: number): void;
  observeProcessing(platform: string, seconds: number): void;
  observeSend(platform: string, seconds: number): void;
  /** Starts a timer; calling the result observes the elapsed time as inbound processing. */
  startProcessingTimer(platform: string): () => number;
  /** Starts a timer; calling the result observes the elapsed time as a send. */
  startSendTimer(platform: string): () => number;
  /** Sets the function that reads the gauges on each scrape. */
  setCollector(collect: GaugeCollector | null): void;
  /** Adds work run before each scrape (counting what the database recorded since the last one). */
  onScrape(hook: () => Promise<void>): void;
  /** Sets where db_statements_total is read from (Database.statementsRun). */
  countStatements(read: () => number): void;
  /** The Prometheus exposition text; runs the gauge collector first. */
  text(): Promise<string>;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const name = (n: string) => `${METRIC_PREFIX}${n}`;

  const inbound = new Counter({ name: name('inbound_events_total'), help: 'Platform events by outcome.', labelNames: ['platform', 'status'] as const, registers });
  const reports = new Counter({ name: name('reports_filed_total'), help: 'Weekly reports filed, by kind (new, revision, late).', labelNames: ['platform', 'kind'] as const, registers });
  const receipts = new Counter({ name: name('receipts_total'), help: 'Receipts (回执) sent for filed reports.', labelNames: ['platform'] as const, registers });
  const outbox = new Counter({ name: name('outbox_messages_total'), help: 'Outbox send attempts by outcome (sent, retried, failed).', labelNames: ['platform', 'outcome'] as const, registers });
  const rateLimited = new Counter({ name: name('rate_limited_total'), help: 'Rate-limit answers (HTTP 429) from platform APIs.', labelNames: ['platform'] as const, registers });
  const jobRuns = new Counter({ name: name('job_runs_total'), help: 'Scheduled job runs by final status.', labelNames: ['job', 'status'] as const, registers });
  const processing = new Histogram({ name: name('inbound_processing_seconds'), help: 'Time to process one inbound event.', labelNames: ['platform'] as const, buckets: DURATION_BUCKETS, registers });
  const send = new Histogram({ name: name('send_seconds'), help: 'Time of one platform send call.', labelNames: ['platform'] as const, buckets: DURATION_BUCKETS, registers });
  const backlog = new Gauge({ name: name('outbox_backlog'), help: 'Outbox rows pending or being sent.', registers });
  const oldest = new Gauge({ name: name('outbox_oldest_age_seconds'), help: 'Age of the oldest pending outbox row (0 when none).', registers });
  const lastInbound = new Gauge({ name: name('inbound_last_event_age_seconds'), help: 'Seconds since the last inbound event was received (NaN before the first).', registers });

  for (const platform of options.platforms ?? []) {
    for (const status of INBOUND_STATUSES) inbound.inc({ platform, status }, 0);
    for (const kind of REPORT_KINDS) reports.inc({ platform, kind }, 0);
    for (const outcome of OUTBOX_OUTCOMES) outbox.inc({ platform, outcome }, 0);
    receipts.inc({ platform }, 0);
    rateLimited.inc({ platform }, 0);
  }

  let readStatements: () => number = () => Number.NaN;
  new Gauge({
    name: name('db_statements_total'),
    help: 'SQL statements run on the database since the start (Prisma and the filing path, BEGIN and COMMIT included).',
    registers,
    collect() {
      this.set(readStatements());
    },
  });

  let collector: GaugeCollector | null = options.collect ?? null;
  const scrapeHooks: (() => Promise<void>)[] = [];
  const setGauge = (gauge: Gauge, value: number | null) => gauge.set(value === null || !Number.isFinite(value) ? Number.NaN : value);
  const timer = (histogram: Histogram<'platform'>, platform: string) => {
    const started = process.hrtime.bigint();
    return () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      histogram.observe({ platform }, seconds);
      return seconds;
    };
  };

  return {
    registry,
    contentType: registry.contentType,
    inboundEvent: (platform, status) => inbound.inc({ platform, status }),
    reportFiled: (platform, kind) => reports.inc({ platform, kind }),
    receipt: (platform) => receipts.inc({ platform }),
    outboxMessage: (platform, outcome) => outbox.inc({ platform, outcome }),
    rateLimited: (platform) => rateLimited.inc({ platform }),
    jobRun: (job, status, count = 1) => jobRuns.inc({ job, status }, count),
    observeProcessing: (platform, seconds) => processing.observe({ platform }, seconds),
    observeSend: (platform, seconds) => send.observe({ platform }, seconds),
    startProcessingTimer: (platform) => timer(processing, platform),
    startSendTimer: (platform) => timer(send, platform),
    setCollector(collect) {
      collector = collect;
    },
    onScrape(hook) {
      scrapeHooks.push(hook);
    },
    countStatements(read) {
      readStatements = read;
    },
    async text() {
      // A failing hook (database down) leaves its counters where they were.
      for (const hook of scrapeHooks) await hook().catch(() => undefined);
      if (collector) {
        // A failing collector (database down) reports NaN rather than stale values.
        const snapshot = await collector().catch((): GaugeSnapshot => ({ outboxBacklog: null, outboxOldestAgeSeconds: null, inboundLastEventAgeSeconds: null }));
        setGauge(backlog, snapshot.outboxBacklog);
        setGauge(oldest, snapshot.outboxOldestAgeSeconds);
        setGauge(lastInbound, snapshot.inboundLastEventAgeSeconds);
      }
      return registry.metrics();
    },
  };
}
