// The sweep. Once a minute (node-cron 4; one tick for every org) it lists, per org, the job
// occurrences that fell due since the last sweep — in the org's time zone, on its working-day
// calendar — and runs each through its claim, so every (org, job, period) happens once however
// many instances sweep. It only ever queues to the outbox; the outbox worker sends.
//
// - runDue(from, to): everything due in (from, to]. The cron tick calls it with (last sweep, now);
//   the sandbox's `:clock` and tests call it with a virtual clock's move.
// - catchUp(now), at start-up: occurrences missed while the bot was down run once if they are at
//   most catchUpGraceHours (default 12) old; older ones are recorded as skipped and reported to
//   coordinators.
// - Every sweep also takes over runs a dead instance left 'running' (or that failed) within the
//   grace window, and warns coordinators once per year when the holiday data lacks the coming year.
import { randomUUID } from 'node:crypto';
import { createTask, type ScheduledTask } from 'node-cron';
import type { JobRun, Org } from '../core/model.ts';
import type { CoreDeps } from '../core/context.ts';
import { JOB_NAMES, planJobs, type JobOccurrence } from '../core/rules/schedule-plan.ts';
import { loadAudience, type Audience } from '../core/schedule/audience.ts';
import type { JobHandlers } from '../core/schedule/job-handlers.ts';
import { loadCalendar } from '../core/schedule/load-calendar.ts';
import { findResumableRuns, takeOverRun } from '../core/schedule/record-job-run.ts';
import { reportSkippedRuns } from '../core/schedule/report-skipped-runs.ts';
import { executeJobRun, runScheduledJob, type RunJobOutcome, type SkipReason } from '../core/schedule/run-scheduled-job.ts';
import { coverageWarningYear, warnCalendarCoverage } from '../core/schedule/warn-calendar-coverage.ts';
import { readOrgSettings, type OrgSettings } from '../core/settings.ts';

/** How a scheduler is built (main.ts wires one per process). */
export interface SchedulerOptions {
  deps: CoreDeps;
  /** Handlers of the summary jobs (digest, monthly, quarterly), wired in app/job-handlers.ts. */
  handlers: JobHandlers;
  /** Names this instance in JobRun.claimedBy. Default: a random id. */
  instanceId?: string;
  /** Called after a sweep queued messages (to wake the outbox worker). */
  onQueued?: () => void;
  /** A run still 'running' this long after its claim is taken over (the instance died). Default 10 min. */
  leaseMs?: number;
  /** catchUp never looks further back than this. Default 35 days. */
  maxLookbackDays?: number;
  /** The tick. Default every minute. */
  cron?: string;
}

/** What one org's occurrence came to in a sweep. */
export interface SweepEntry {
  orgId: string;
  job: string;
  period: string;
  dueAt: Date;
  outcome: RunJobOutcome['kind'];
  queued: number;
  skip?: SkipReason;
}

/** What a sweep did, per occurrence. */
export interface SweepReport {
  entries: SweepEntry[];
  /** Messages queued (new outbox rows). */
  queued: number;
}

interface OrgContext {
  org: Org;
  settings: OrgSettings;
  audience: () => Promise<Audience>;
}

/** The sweep plus claim: see the file comment. */
export class Scheduler {
  readonly instanceId: string;
  readonly #deps: CoreDeps;
  readonly #handlers: JobHandlers;
  readonly #onQueued: () => void;
  readonly #leaseMs: number;
  readonly #maxLookbackMs: number;
  readonly #cron: string;
  #task: ScheduledTask | null = null;
  #chain: Promise<unknown> = Promise.resolve();
  #lastSwept: Date | null = null;
  /** Orgs and years whose coverage warning this instance has already claimed or seen claimed. */
  readonly #coverageChecked = new Set<string>();

  constructor(options: SchedulerOptions) {
    this.#deps = options.deps;
    this.#handlers = options.handlers;
    this.instanceId = options.instanceId ?? `scheduler-${randomUUID()}`;
    this.#onQueued = options.onQueued ?? (() => {});
    this.#leaseMs = options.leaseMs ?? 10 * 60_000;
    this.#maxLookbackMs = (options.maxLookbackDays ?? 35) * 86_400_000;
    this.#cron = options.cron ?? '* * * * *';
  }

  /** Catches up on what was missed while down, then sweeps once a minute. */
  async start(): Promise<void> {
    if (this.#task) return;
    await this.catchUp(this.#deps.now());
    this.#task = createTask(this.#cron, () => this.#tick(), { name: this.instanceId, noOverlap: true, timezone: 'UTC' });
    await this.#task.start();
  }

  /** Stops the tick and waits for a sweep in progress to finish. */
  async stop(): Promise<void> {
    const task = this.#task;
    this.#task = null;
    if (task) {
      await task.stop();
      await task.destroy();
    }
    await this.#chain.catch(() => undefined);
  }

  /** Runs every occurrence due in (from, to], in order, as of `to`. */
  runDue(from: Date, to: Date): Promise<SweepReport> {
    return this.#exclusive(async () => {
      const report = await this.#sweep(from, to, null);
      this.#advance(to);
      return report;
    });
  }

  /**
   * At start-up: runs occurrences missed since the last recorded run (at most maxLookbackDays
   * back) that are within the org's grace window; records older ones as skipped and tells the
   * org's coordinators. An org with no run on record looks back only the grace window.
   */
  catchUp(now: Date): Promise<SweepReport> {
    return this.#exclusive(async () => {
      const orgs = await this.#deps.db.org.findMany({ orderBy: { createdAt: 'asc' } });
      const lower = new Map<string, Date>();
      for (const org of orgs) {
        const settings = readOrgSettings(org.settings);
        const latest = await this.#deps.db.jobRun.findFirst({ where: { orgId: org.id, job: { in: [...JOB_NAMES] } }, orderBy: { dueAt: 'desc' }, select: { dueAt: true } });
        const graceFloor = new Date(now.getTime() - settings.catchUpGraceHours * 3_600_000);
        const lookbackFloor = new Date(now.getTime() - this.#maxLookbackMs);
        // From just before the last run on record: another job due at the same instant may still be open.
        lower.set(org.id, latest ? new Date(Math.max(latest.dueAt.getTime() - 1, lookbackFloor.getTime())) : graceFloor);
      }
      const report = await this.#sweep(null, now, lower);
      this.#advance(now);
      return report;
    });
  }

  // === Internals

  async #tick(): Promise<void> {
    const now = this.#deps.now();
    const from = this.#lastSwept ?? now;
    try {
      await this.runDue(from, now);
    } catch (error) {
      this.#deps.log.error('schedule sweep failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }

  #advance(to: Date): void {
    if (!this.#lastSwept || to > this.#lastSwept) this.#lastSwept = new Date(to);
  }

  /** Runs sweeps one after another, never overlapping (the tick and a clock move may coincide). */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(work, work);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /**
   * One sweep as of `to`: per org, the occurrences in (from, to] — or, in catch-up mode (`lower`
   * given), in (lower[org], to] with the grace rule — then stale runs, then the coverage warning.
   */
  async #sweep(from: Date | null, to: Date, lower: Map<string, Date> | null): Promise<SweepReport> {
    const deps: CoreDeps = { ...this.#deps, now: () => new Date(to) };
    const entries: SweepEntry[] = [];
    const orgs = await deps.db.org.findMany({ orderBy: { createdAt: 'asc' } });
    const contexts = new Map<string, OrgContext>();
    for (const org of orgs) {
      const settings = readOrgSettings(org.settings);
      let audience: Promise<Audience> | null = null;
      const context: OrgContext = { org, settings, audience: () => (audience ??= loadAudience(deps, org)) };
      contexts.set(org.id, context);
      try {
        const calendar = await loadCalendar(deps, org.id);
        const start = lower ? lower.get(org.id) : from;
        if (start && to > start) {
          const graceFloor = to.getTime() - settings.catchUpGraceHours * 3_600_000;
          const occurrences = planJobs({ settings, zone: org.timeZone, calendar, from: start, to });
          const missed: JobRun[] = [];
          for (const occurrence of occurrences) {
            const tooOld = lower !== null && occurrence.dueAt.getTime() < graceFloor;
            const skip: SkipReason | undefined = occurrence.shift === 'skipped' ? 'holiday' : tooOld ? 'missed' : undefined;
            const entry = await this.#runOccurrence(deps, context, occurrence, skip);
            entries.push(entry.entry);
            if (skip === 'missed' && entry.run && occurrence.enabled) missed.push(entry.run);
          }
          if (missed.length) await reportSkippedRuns(deps, { org, runs: missed, graceHours: settings.catchUpGraceHours, audience: await context.audience() });
        }
        const year = coverageWarningYear(calendar, to, org.timeZone);
        if (year !== null && !this.#coverageChecked.has(`${org.id}:${year}`)) {
          await warnCalendarCoverage(deps, { org, calendar, claimedBy: this.instanceId, audience: await context.audience() });
          this.#coverageChecked.add(`${org.id}:${year}`);
        }
      } catch (error) {
        deps.log.error('schedule sweep failed for an org', { org: org.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    entries.push(...(await this.#resumeStale(deps, to, contexts)));
    const queued = entries.reduce((sum, e) => sum + e.queued, 0);
    const missedReported = entries.some((e) => e.skip === 'missed');
    if (queued > 0 || missedReported) this.#onQueued();
    return { entries, queued };
  }

  async #runOccurrence(deps: CoreDeps, context: OrgContext, occurrence: JobOccurrence, skip: SkipReason | undefined): Promise<{ entry: SweepEntry; run?: JobRun }> {
    const outcome = await runScheduledJob(deps, {
      org: context.org,
      settings: context.settings,
      occurrence,
      claimedBy: this.instanceId,
      handlers: this.#handlers,
      audience: await context.audience(),
      ...(skip ? { skip } : {}),
    });
    const entry: SweepEntry = {
      orgId: context.org.id,
      job: occurrence.job,
      period: occurrence.period,
      dueAt: occurrence.dueAt,
      outcome: outcome.kind,
      queued: outcome.kind === 'done' || outcome.kind === 'skipped' ? outcome.queued : 0,
      ...(skip ? { skip } : {}),
    };
    if (outcome.kind === 'done' || outcome.kind === 'skipped') this.#deps.log.info('scheduled job', { org: context.org.name, job: occurrence.job, period: occurrence.period, status: outcome.kind, queued: outcome.queued });
    return { entry, ...(outcome.kind !== 'taken' ? { run: outcome.run } : {}) };
  }

  /** Takes over runs left 'running' by a dead instance, or failed, within each org's grace window. */
  async #resumeStale(deps: CoreDeps, now: Date, contexts: Map<string, OrgContext>): Promise<SweepEntry[]> {
    const entries: SweepEntry[] = [];
    const maxGraceHours = Math.max(0, ...[...contexts.values()].map((c) => c.settings.catchUpGraceHours));
    const runs = await findResumableRuns(deps.db, { now, leaseMs: this.#leaseMs, notBefore: new Date(now.getTime() - maxGraceHours * 3_600_000), jobs: JOB_NAMES });
    for (const stale of runs) {
      const context = contexts.get(stale.orgId);
      if (!context) continue;
      if (stale.dueAt.getTime() < now.getTime() - context.settings.catchUpGraceHours * 3_600_000) continue;
      const run = await takeOverRun(deps.db, stale, { claimedBy: this.instanceId, now });
      if (!run) continue;
      deps.log.warn('taking over a scheduled run', { org: context.org.name, job: run.job, period: run.period, previous: stale.claimedBy, status: stale.status });
      // Plan the instant again to recover how the occurrence was meant to run (a holiday skip, a silent deadline).
      const calendar = await loadCalendar(deps, run.orgId);
      const planned = planJobs({ settings: context.settings, zone: context.org.timeZone, calendar, from: new Date(run.dueAt.getTime() - 1), to: run.dueAt }).find((o) => o.job === run.job && o.period === run.period);
      const occurrence = planned ?? { job: run.job as JobOccurrence['job'], period: run.period, dueAt: run.dueAt };
      const skip: SkipReason | undefined = planned?.shift === 'skipped' ? 'holiday' : undefined;
      const outcome = await executeJobRun(
        deps,
        { org: context.org, settings: context.settings, occurrence, claimedBy: this.instanceId, handlers: this.#handlers, audience: await context.audience(), ...(skip ? { skip } : {}) },
        run,
      );
      entries.push({ orgId: run.orgId, job: run.job, period: run.period, dueAt: run.dueAt, outcome: outcome.kind, queued: outcome.kind === 'done' || outcome.kind === 'skipped' ? outcome.queued : 0 });
    }
    return entries;
  }
}
