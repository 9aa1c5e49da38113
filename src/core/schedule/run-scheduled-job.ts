// Runs one occurrence of a scheduled job exactly once: claim the (org, job, period) row, build the
// messages, then queue them and mark the run finished in one transaction. Also records occurrences
// that will not run (a holiday with nowhere to go, or missed beyond the catch-up grace window).
import type { JobRun, Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { parseWeekId } from '../rules/period.ts';
import type { JobOccurrence } from '../rules/schedule-plan.ts';
import type { OrgSettings } from '../settings.ts';
import type { Audience } from './audience.ts';
import type { JobHandlers } from './job-handlers.ts';
import { claimJobRun, completeJobRun, failJobRun, type JobResult } from './record-job-run.ts';
import { runJobTrigger } from './run-job-trigger.ts';
import { sendDeadlineNotice } from './send-deadline-notice.ts';
import { sendOwnerNudges } from './send-owner-nudges.ts';
import { sendWeeklyReminder } from './send-weekly-reminder.ts';

/** Why an occurrence is recorded without running normally. */
export type SkipReason = 'holiday' | 'missed';

/** One occurrence to run for one org. */
export interface RunJobInput {
  org: Org;
  settings: OrgSettings;
  occurrence: Pick<JobOccurrence, 'job' | 'period' | 'dueAt'> & { shift?: JobOccurrence['shift']; enabled?: boolean };
  claimedBy: string;
  handlers: JobHandlers;
  audience: Audience;
  /** Record as skipped for this reason instead of sending (the deadline still records its overdue list). */
  skip?: SkipReason;
}

/** What happened to an occurrence. */
export type RunJobOutcome =
  | { kind: 'taken' }
  | { kind: 'done' | 'skipped'; run: JobRun; queued: number; detail: string }
  | { kind: 'failed'; run: JobRun; error: string };

/** Claims and runs an occurrence; 'taken' when another instance or an earlier sweep has it. */
export async function runScheduledJob(deps: CoreDeps, input: RunJobInput): Promise<RunJobOutcome> {
  const { org, occurrence } = input;
  const skip = input.skip ?? (occurrence.shift === 'skipped' ? 'holiday' : undefined);
  const now = deps.now();
  // Nothing to build: record the skip in the claim itself.
  if (skip && occurrence.job !== 'deadline') {
    const claim = await claimJobRun(deps.db, { orgId: org.id, job: occurrence.job, period: occurrence.period, dueAt: occurrence.dueAt, claimedBy: input.claimedBy, now, status: 'skipped', detail: skip });
    return claim.claimed ? { kind: 'skipped', run: claim.run, queued: 0, detail: skip } : { kind: 'taken' };
  }
  const claim = await claimJobRun(deps.db, { orgId: org.id, job: occurrence.job, period: occurrence.period, dueAt: occurrence.dueAt, claimedBy: input.claimedBy, now });
  if (!claim.claimed) return { kind: 'taken' };
  return executeJobRun(deps, { ...input, skip }, claim.run);
}

/** Builds and completes a run this instance holds (a fresh claim, or a stale run taken over). */
export async function executeJobRun(deps: CoreDeps, input: RunJobInput, run: JobRun): Promise<RunJobOutcome> {
  try {
    const result = await buildJob(deps, input);
    const status = result.status ?? 'done';
    const queued = await completeJobRun(deps.db, run, { ...result, status }, deps.now());
    return { kind: status, run, queued, detail: result.detail };
  } catch (error) {
    deps.log.error('scheduled job failed', { org: input.org.id, job: run.job, period: run.period, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    await failJobRun(deps.db, run, error, deps.now()).catch((e: unknown) => deps.log.error('could not record the failure', { error: String(e) }));
    return { kind: 'failed', run, error: error instanceof Error ? error.message : String(error) };
  }
}

async function buildJob(deps: CoreDeps, input: RunJobInput): Promise<JobResult> {
  const { org, settings, occurrence, audience } = input;
  const { job, period, dueAt } = occurrence;
  if (job === 'digest' || job === 'monthly' || job === 'quarterly') {
    return runJobTrigger(deps, { org, settings, job, period, dueAt, handlers: input.handlers, audience });
  }
  const week = parseWeekId(period);
  if (!week) throw new Error(`not a week: ${period}`);
  const base = { org, settings, week, period, at: dueAt, audience };
  switch (job) {
    case 'reminder':
      return sendWeeklyReminder(deps, base);
    case 'nudge':
      return sendOwnerNudges(deps, base);
    case 'deadline': {
      const enabled = occurrence.enabled ?? settings.jobs.deadline.enabled;
      const result = await sendDeadlineNotice(deps, { ...base, silent: Boolean(input.skip) || !enabled });
      if (!input.skip) return result;
      return { ...result, status: 'skipped', detail: JSON.stringify({ ...(JSON.parse(result.detail) as object), skipped: input.skip }) };
    }
  }
}
