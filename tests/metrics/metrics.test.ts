import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/metrics.ts';

/** The value of one sample line, e.g. sample(text, 'progress_bot_receipts_total{platform="lark"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('createMetrics', () => {
  it('counts events with typed methods and exposes them as Prometheus text', async () => {
    const metrics = createMetrics();
    metrics.inboundEvent('telegram', 'processed');
    metrics.inboundEvent('telegram', 'processed');
    metrics.inboundEvent('lark', 'duplicate');
    metrics.reportFiled('lark', 'late');
    metrics.receipt('lark');
    metrics.outboxMessage('telegram', 'retried');
    metrics.rateLimited('telegram');
    metrics.jobRun('weekly-digest', 'done');
    const text = await metrics.text();
    expect(metrics.contentType).toContain('text/plain');
    expect(text).toContain('# TYPE progress_bot_inbound_events_total counter');
    expect(sample(text, 'progress_bot_inbound_events_total{platform="telegram",status="processed"}')).toBe(2);
    expect(sample(text, 'progress_bot_inbound_events_total{platform="lark",status="duplicate"}')).toBe(1);
    expect(sample(text, 'progress_bot_reports_filed_total{platform="lark",kind="late"}')).toBe(1);
    expect(sample(text, 'progress_bot_receipts_total{platform="lark"}')).toBe(1);
    expect(sample(text, 'progress_bot_outbox_messages_total{platform="telegram",outcome="retried"}')).toBe(1);
    expect(sample(text, 'progress_bot_rate_limited_total{platform="telegram"}')).toBe(1);
    expect(sample(text, 'progress_bot_job_runs_total{job="weekly-digest",status="done"}')).toBe(1);
  });

  it('keeps each instance’s registry separate', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.inboundEvent('telegram', 'received');
    expect(sample(await a.text(), 'progress_bot_inbound_events_total{platform="telegram",status="received"}')).toBe(1);
    expect(sample(await b.text(), 'progress_bot_inbound_events_total{platform="telegram",status="received"}')).toBeUndefined();
  });

  it('includes Node’s default metrics unless turned off', async () => {
    expect(await createMetrics().text()).toContain('process_cpu_user_seconds_total');
    expect(await createMetrics({ defaultMetrics: false }).text()).not.toContain('process_cpu_user_seconds_total');
  });

  it('creates the counters of the given platforms at zero', async () => {
    const text = await createMetrics({ platforms: ['lark'], defaultMetrics: false }).text();
    expect(sample(text, 'progress_bot_inbound_events_total{platform="lark",status="failed"}')).toBe(0);
    expect(sample(text, 'progress_bot_outbox_messages_total{platform="lark",outcome="sent"}')).toBe(0);
  });

  it('observes durations into 5 ms … 10 s buckets', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeProcessing('telegram', 0.003);
    metrics.observeProcessing('telegram', 0.3);
    metrics.observeSend('lark', 12);
    const stop = metrics.startSendTimer('lark');
    const elapsed = stop();
    expect(elapsed).toBeGreaterThanOrEqual(0);
    const text = await metrics.text();
    expect(sample(text, 'progress_bot_inbound_processing_seconds_bucket{le="0.005",platform="telegram"}')).toBe(1);
    expect(sample(text, 'progress_bot_inbound_processing_seconds_bucket{le="0.5",platform="telegram"}')).toBe(2);
    expect(sample(text, 'progress_bot_inbound_processing_seconds_count{platform="telegram"}')).toBe(2);
    expect(sample(text, 'progress_bot_send_seconds_bucket{le="10",platform="lark"}')).toBe(1);
    expect(sample(text, 'progress_bot_send_seconds_bucket{le="+Inf",platform="lark"}')).toBe(2);
  });

  it('reads the gauges from the collector on each scrape, NaN when it fails', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let backlog = 3;
    let fail = false;
    metrics.setCollector(async () => {
      if (fail) throw new Error('database down');
      return { outboxBacklog: backlog, outboxOldestAgeSeconds: 42.5, inboundLastEventAgeSeconds: null };
    });
    let text = await metrics.text();
    expect(sample(text, 'progress_bot_outbox_backlog')).toBe(3);
    expect(sample(text, 'progress_bot_outbox_oldest_age_seconds')).toBe(42.5);
    expect(sample(text, 'progress_bot_inbound_last_event_age_seconds')).toBeNaN();
    backlog = 7;
    expect(sample(await metrics.text(), 'progress_bot_outbox_backlog')).toBe(7);
    fail = true;
    text = await metrics.text();
    expect(sample(text, 'progress_bot_outbox_backlog')).toBeNaN();
  });
});
