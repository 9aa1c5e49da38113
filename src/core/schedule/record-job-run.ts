// The claim that makes a scheduled job happen exactly once per org and period, even with several
// instances: a JobRun row unique on (orgId, job, period) is inserted BEFORE anything is sent; an
// instance that meets the unique violation skips. The messages of a run are then queued, each with
// its own outbox key "<job>:<period>:<orgId>:<recipient>", in one transaction with the run's
// completion, so a run resumed after a crash queues nothing twice.
import type { Db, Tx } from '../../db/client.ts';
import type { JobRun } from '../model.ts';
import { enqueueMessages } from '../outbox/enqueue.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Delivery } from '../platform.ts';

/** JobRun.status: claimed and running, finished, recorded without running, or failed (may be retried). */
export type JobRunStatus = 'running' | 'done' | 'skipped' | 'failed';

/** The outbox key of one recipient's message of a run. */
export function jobMessageKey(job: string, period: string, orgId: string, recipient: string): string {
  return `${job}:${period}:${orgId}:${recipient}`;
}

/** The run to claim. */
export interface ClaimInput {
  orgId: string;
  job: string;
  period: string;
  dueAt: Date;
  /** The instance that claims (for the record). */
  claimedBy: string;
  now: Date;
  /** 'skipped' records a run that will not happen (holiday, downtime) in one step. */
  status?: 'running' | 'skipped' | 'done';
  detail?: string;
}

/** Claimed (the run is this instance's), or not (someone else has it). */
export type ClaimResult = { claimed: true; run: JobRun } | { claimed: false };

/** Inserts the run's row. Not claimed when another instance (or an earlier sweep) already has it. */
export async function claimJobRun(db: Db | Tx, input: ClaimInput): Promise<ClaimResult> {
  const finished = input.status && input.status !== 'running';
  try {
    const run = await db.jobRun.create({
      data: {
        orgId: input.orgId,
        job: input.job,
        period: input.period,
        dueAt: input.dueAt,
        claimedBy: input.claimedBy,
        status: input.status ?? 'running',
        startedAt: input.now,
        finishedAt: finished ? input.now : null,
        detail: input.detail ?? '',
      },
    });
    return { claimed: true, run };
  } catch (error) {
    if (isUniqueViolation(error)) return { claimed: false };
    throw error;
  }
}

/**
 * Runs that may be taken over: still 'running' after `leaseMs` (the instance died mid-run) or
 * 'failed' more than `leaseMs` ago, of one of `jobs`, and due no earlier than `notBefore`.
 */
export async function findResumableRuns(db: Db, input: { now: Date; leaseMs: number; notBefore: Date; jobs: readonly string[] }): Promise<JobRun[]> {
  const stale = new Date(input.now.getTime() - input.leaseMs);
  return db.jobRun.findMany({
    where: {
      job: { in: [...input.jobs] },
      dueAt: { gte: input.notBefore, lte: input.now },
      OR: [
        { status: 'running', startedAt: { lt: stale } },
        { status: 'failed', finishedAt: { lt: stale } },
      ],
    },
    orderBy: { dueAt: 'asc' },
    take: 100,
  });
}

/** Takes over a stale or failed run with a conditional update: of two instances only one succeeds. */
export async function takeOverRun(db: Db, run: JobRun, input: { claimedBy: string; now: Date }): Promise<JobRun | null> {
  const { count } = await db.jobRun.updateMany({
    where: { id: run.id, status: run.status, startedAt: run.startedAt, claimedBy: run.claimedBy },
    data: { status: 'running', claimedBy: input.claimedBy, startedAt: input.now, finishedAt: null },
  });
  return count === 1 ? { ...run, status: 'running', claimedBy: input.claimedBy, startedAt: input.now, finishedAt: null } : null;
}

/** What a run produced: the messages to queue and a note for the record. */
export interface JobResult {
  deliveries: Delivery[];
  /** Short text or JSON kept on the JobRun row (the deadline keeps its overdue list here). */
  detail: string;
  /** 'skipped' when the run decided not to happen. Default 'done'. */
  status?: 'done' | 'skipped';
}

/** Queues the run's messages and marks it finished, in one transaction. Returns how many messages were new. */
export async function completeJobRun(db: Db, run: JobRun, result: JobResult, now: Date): Promise<number> {
  // A run late to its moment (a clock jump, catch-up) keeps its place in the send order.
  const notBefore = run.dueAt < now ? run.dueAt : now;
  return db.$transaction(async (tx) => {
    const added = await enqueueMessages(
      tx,
      result.deliveries.map((d) => ({ key: d.key, orgId: run.orgId, to: d.to, message: d.message, notBefore })),
      now,
    );
    await tx.jobRun.update({ where: { id: run.id }, data: { status: result.status ?? 'done', finishedAt: now, detail: result.detail } });
    return added;
  });
}

/** Records that a run failed (it may be taken over later, within the catch-up grace window). */
export async function failJobRun(db: Db, run: JobRun, error: unknown, now: Date): Promise<void> {
  const text = error instanceof Error ? error.message : String(error);
  await db.jobRun.update({ where: { id: run.id }, data: { status: 'failed', finishedAt: now, detail: text.slice(0, 1000) } });
}
