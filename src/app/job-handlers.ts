// The summary jobs' handlers, wired once for the app, the CLI and the tests: the weekly digest and
// standings, the monthly dispatch report (每月调度) and the quarterly summary.
import { sendPeriodSummaries } from '../core/digest/send-period-summaries.ts';
import { sendWeeklyDigests } from '../core/digest/send-weekly-digests.ts';
import type { JobHandler, TriggerJob } from '../core/schedule/job-handlers.ts';

/** Every summary job's handler: the scheduler gets all of them. */
export const JOB_HANDLERS: Readonly<Record<TriggerJob, JobHandler>> = {
  digest: sendWeeklyDigests,
  monthly: sendPeriodSummaries('monthly'),
  quarterly: sendPeriodSummaries('quarterly'),
};
