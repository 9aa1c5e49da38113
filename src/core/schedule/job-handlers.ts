// The summary jobs whose content other parts of the core build: the weekly digest and standings,
// the monthly dispatch report (每月调度) and the quarterly summary. The scheduler owns when they
// run (exactly once per period); the handler app/ wires for each owns what they say.
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import type { OutboundMessage } from '../messages/outbound.ts';
import type { Destination } from '../platform.ts';
import type { OrgSettings } from '../settings.ts';
import type { Audience } from './audience.ts';

/** The jobs that run a handler. */
export type TriggerJob = 'digest' | 'monthly' | 'quarterly';

/** The summary jobs, in the order they run when due together. */
export const TRIGGER_JOBS: readonly TriggerJob[] = ['digest', 'monthly', 'quarterly'];

/** What a summary job's handler receives. */
export interface JobHandlerInput {
  deps: CoreDeps;
  org: Org;
  settings: OrgSettings;
  job: TriggerJob;
  /** The period summarised: "2026-W47" (digest), "2026-11" (monthly), "2026-Q4" (quarterly). */
  period: string;
  /** When the run was due. */
  dueAt: Date;
  /** The org's groups, coordinators and private chats. */
  audience: Audience;
}

/** A handler's output. */
export interface JobHandlerOutput {
  /**
   * Messages to queue. `recipient` names who it is for ("group:<chat id>", "person:<id>") and makes
   * the outbox key "<job>:<period>:<orgId>:<recipient>": unique per recipient within the run.
   */
  messages?: { recipient: string; to: Destination; message: OutboundMessage }[];
  /** A note kept on the run's record. */
  detail?: string;
}

/**
 * Builds a summary job's messages. Returning no messages makes the scheduler post a short notice
 * to the org's groups that the summary for the period is ready.
 */
export type JobHandler = (input: JobHandlerInput) => Promise<JobHandlerOutput | void>;

/**
 * The handlers of one app, wired in app/job-handlers.ts. A summary job whose handler is missing
 * fails loudly: its run is recorded as failed (and retried), never as done.
 */
export type JobHandlers = Partial<Record<TriggerJob, JobHandler>>;
