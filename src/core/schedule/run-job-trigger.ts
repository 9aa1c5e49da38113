// Runs a summary job (digest, monthly, quarterly) through its handler. No handler is a wiring
// mistake: the run fails (and stays open to be retried) rather than using up its exactly-once claim. A handler
// that returns messages has them queued with the run's keys; one that returns none gets a short
// notice in the org's groups that the summary for the period is ready.
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import type { OrgSettings } from '../settings.ts';
import { loadAudience, type Audience } from './audience.ts';
import type { JobHandlers, TriggerJob } from './job-handlers.ts';
import { jobMessageKey, type JobResult } from './record-job-run.ts';
import { triggerNoticeView } from './schedule-views.ts';

/** Runs the summary job's handler for the period and returns what to queue. */
export async function runJobTrigger(
  deps: CoreDeps,
  input: { org: Org; settings: OrgSettings; job: TriggerJob; period: string; dueAt: Date; handlers: JobHandlers; audience?: Audience },
): Promise<JobResult> {
  const { org, job, period } = input;
  const handler = input.handlers[job];
  if (!handler) throw new Error(`no handler is wired for the '${job}' job (app/job-handlers.ts)`);
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
