// Runs a summary job (digest, monthly, quarterly) through its registered handler. No handler: the
// run is recorded as done with detail 'no handler' and nothing is sent (no fake digests). A handler
// that returns messages has them queued with the run's keys; one that returns none gets a short
// notice in the org's groups that the summary for the period is ready.
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import type { OrgSettings } from '../settings.ts';
import { loadAudience, type Audience } from './audience.ts';
import type { JobHandlerRegistry, TriggerJob } from './job-handlers.ts';
import { jobMessageKey, type JobResult } from './record-job-run.ts';
import { triggerNoticeView } from './schedule-views.ts';

/** Runs the summary job's handler for the period and returns what to queue. */
export async function runJobTrigger(
  deps: CoreDeps,
  input: { org: Org; settings: OrgSettings; job: TriggerJob; period: string; dueAt: Date; handlers: JobHandlerRegistry; audience?: Audience },
): Promise<JobResult> {
  const { org, job, period } = input;
  const handler = input.handlers.get(job);
  if (!handler) return { deliveries: [], detail: 'no handler' };
  const audience = input.audience ?? (await loadAudience(deps, org));
  const output = (await handler({ deps, org, settings: input.settings, job, period, dueAt: input.dueAt, audience })) ?? {};
  const messages = output.messages ?? [];
  if (messages.length > 0) {
    return { deliveries: messages.map((m) => ({ to: m.to, message: m.message, key: jobMessageKey(job, period, org.id, m.recipient) })), detail: output.detail ?? `handler: ${messages.length} messages` };
  }
  const notice = triggerNoticeView(translator(audience.locale), job, period);
  return {
    deliveries: audience.groups.map((g) => ({ to: g.to, message: notice, key: jobMessageKey(job, period, org.id, g.recipient) })),
    detail: output.detail ?? 'handler: notice',
  };
}
