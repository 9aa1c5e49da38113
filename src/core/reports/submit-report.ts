// Files a weekly report: parse → find the project → check the right to report → resolve the week
// and lateness → check against neighbouring weeks → store a new revision with its problems, all in
// one transaction. Anything the sender must fix comes back as a result the view renders in their
// language, quoting what they typed.
import type { Person, Project, Report } from '../model.ts';
import type { Tx } from '../../db/client.ts';
import { audit, auditText } from '../audit.ts';
import { filingStoreOf, newRowId, type FilingWrite, type RevisionValues } from '../../db/filing-store/filing-store.ts';
import type { CoreDeps } from '../context.ts';
import type { Actor } from '../people/resolve-actor.ts';
import { withRetryOnConflict } from '../../db/errors.ts';
import { deadlineOf, formatWeek, isLate, resolveWeek, shiftWeek, weekOf, type IsoWeek } from '../rules/period.ts';
import { reportRight } from '../rules/permissions.ts';
import { checkReport, type CheckIssue } from '../rules/report-checks.ts';
import { parseSubmission, type GrammarError, type ParsedSubmission } from '../rules/submission/index.ts';
import { findProjectForReport } from '../projects/find-project.ts';
import { syncProblems, type SyncedProblem } from '../problems/sync-problems.ts';
import { splitCoordination } from '../supervision/item-rules.ts';
import { saveDraft } from './drafts.ts';
import { readNotes, writeNotes } from './report-notes.ts';

export interface StoredReport {
  project: Project;
  week: IsoWeek;
  revision: number;
  onBehalf: boolean;
  late: boolean;
  lateReason: string;
  submission: ParsedSubmission;
  cumulative: bigint | null;
  investedThisWeek: bigint | null;
  derived: { cumulative?: bigint; investedThisWeek?: bigint };
  /** Last week's (or the latest earlier) progress, for the change shown. */
  previousProgress: number | null;
  /** The week previousProgress is from. */
  previousPeriod: string | null;
  /** Fields this revision did not restate, carried from the week's previous revision. */
  carried: CarriedField[];
  problems: SyncedProblem[];
  /** The report row's id. */
  reportId: string;
  /** Site photos already attached to the week's report. */
  photos: number;
}

export type SubmitResult =
  /** Stored; or, with `filing`, ready to be written in the event's transaction (SubmitOptions.defer). */
  | { kind: 'stored'; report: StoredReport; filing?: FilingWrite }
  | { kind: 'invalid'; errors: GrammarError[]; partial: ParsedSubmission; projectCode?: string; text: string }
  | { kind: 'choose_project'; reason: 'missing' | 'unknown' | 'ambiguous'; ref: string | undefined; candidates: Project[]; text: string }
  | { kind: 'not_allowed'; project: Project; ownerName: string; text: string }
  | { kind: 'bad_week'; reason: 'no_such_week' | 'future'; text: string }
  /** A week of a year before the one the project was listed in (2020-W53 for a 2026 project). */
  | { kind: 'before_listed'; project: Project; week: IsoWeek; listedYear: number; text: string }
  | { kind: 'needs_reason'; project: Project; week: IsoWeek; deadline: Date; text: string }
  | { kind: 'refused'; project: Project; issues: CheckIssue[]; text: string }
  | { kind: 'needs_confirm'; project: Project; week: IsoWeek; issues: CheckIssue[]; text: string };

export interface SubmitInput {
  /** The report as typed, without the command word. */
  text: string;
  /** The report already read field by field (a platform's form): stored as it is, `text` kept as its source. */
  submission?: ParsedSubmission;
  /** Project code given by context (a reply to a reminder for that project). */
  projectCode?: string;
  /** Set when the sender confirmed a draft. */
  confirmed?: boolean;
  platform: string;
  platformMessageId?: string;
  /** The message's event key (sourceEventOf), recorded on the revision. */
  sourceEvent?: string;
  chatId: string;
}

export interface SubmitOptions {
  /**
   * Leave a report that raises no 督办 item unwritten and return its write (`filing`), for the
   * transaction that queues the event's replies and marks it processed (app/deliver-replies.ts): one
   * commit per event. Without it, the report is written before this returns.
   */
  defer?: boolean;
}

type FilingActor = Actor & { person: Person; org: NonNullable<Actor['org']> };

/**
 * Files a report for the actor. The actor must be bound to a person in an org. A concurrent revision
 * of the same week (found when writing) makes it read the week again and file on top of it.
 */
export function submitReport(deps: CoreDeps, actor: FilingActor, input: SubmitInput, options: SubmitOptions = {}): Promise<SubmitResult> {
  return withRetryOnConflict(() => submitOnce(deps, actor, input, options));
}

async function submitOnce(deps: CoreDeps, actor: FilingActor, input: SubmitInput, options: SubmitOptions): Promise<SubmitResult> {
  const { org, person } = actor;
  const parsed = input.submission ? { ok: true as const, submission: input.submission } : parseSubmission(input.text);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors, partial: parsed.partial, ...(input.projectCode ? { projectCode: input.projectCode } : {}), text: input.text };
  const submission = parsed.submission;
  const confirmed = submission.confirmed || input.confirmed === true;

  const ref = submission.projectRef ?? input.projectCode;
  const found = await findProjectForReport(deps.db, person, ref);
  if (found.kind !== 'found') {
    const reason = !ref?.trim() ? 'missing' : found.kind;
    return { kind: 'choose_project', reason, ref, candidates: found.candidates, text: input.text };
  }
  const project = found.project;

  const right = reportRight(person, project);
  if (right === 'none') {
    const owner = project.ownerId ? await deps.db.person.findUnique({ where: { id: project.ownerId }, select: { name: true } }) : null;
    return { kind: 'not_allowed', project, ownerName: owner?.name ?? '—', text: input.text };
  }

  const now = deps.now();
  const weekResult = resolveWeek(submission.week, now, org.timeZone);
  if (!weekResult.ok) return { kind: 'bad_week', reason: weekResult.reason, text: input.text };
  const week = weekResult.week;
  // Weeks earlier in the year the project was listed may be filed (a list imported mid-year);
  // weeks of earlier years never: they belong to no ledger the office keeps for it.
  const listedYear = weekOf(project.createdAt, org.timeZone).year;
  if (week.year < listedYear) return { kind: 'before_listed', project, week, listedYear, text: input.text };
  const late = isLate(week, now, org.timeZone, actor.settings.deadline);
  if (late && !submission.reason?.trim()) {
    return { kind: 'needs_reason', project, week, deadline: deadlineOf(week, org.timeZone, actor.settings.deadline), text: input.text };
  }

  const period = formatWeek(week);
  const { previous, next, sameWeek, sameWeekPhotos } = await filingStoreOf(deps.db).neighbours(project.id, period);
  // A new revision restates what changed; what it leaves out is carried from the latest one.
  const { merged, carried } = carryForward(submission, sameWeek);
  const check = checkReport({
    figures: { progress: merged.progress, investedThisWeek: merged.investedThisWeek, cumulative: merged.cumulative },
    totalInvestment: project.totalInvestment,
    previous: previous ? { period: previous.period, progress: previous.progress, cumulative: previous.cumulative } : null,
    previousSameYear: previous?.period.startsWith(`${week.year}-`) ?? false,
    previousIsLastWeekSameYear: previous?.period === formatWeek(shiftWeek(week, -1)) && previous.period.startsWith(`${week.year}-`),
    next: next ? { period: next.period, progress: next.progress, cumulative: next.cumulative } : null,
  });
  if (check.blocking.length > 0) return { kind: 'refused', project, issues: check.blocking, text: input.text };
  if (check.needsConfirm.length > 0 && !confirmed) {
    await saveDraft(deps, { org, person, platform: input.platform, chatId: input.chatId, kind: 'report', payload: { text: input.text, projectCode: project.code } });
    return { kind: 'needs_confirm', project, week, issues: check.needsConfirm, text: input.text };
  }

  const cumulative = merged.cumulative ?? check.derived.cumulative ?? null;
  const investedThisWeek = merged.investedThisWeek ?? check.derived.investedThisWeek ?? null;
  const revisionInput: RevisionInput = {
    orgId: org.id,
    project,
    period,
    authorId: person.id,
    onBehalf: right === 'on_behalf',
    submission: merged,
    cumulative,
    investedThisWeek,
    late,
    now,
    sourceText: input.text,
    platform: input.platform,
    platformMessageId: input.platformMessageId ?? '',
    sourceEvent: input.sourceEvent ?? '',
  };
  const draft = { personId: person.id, platform: input.platform, chatId: input.chatId };
  let stored: { revision: number; problems: SyncedProblem[]; reportId: string };
  let filing: FilingWrite | undefined;
  if (raisesItems(merged)) {
    // Problems and coordination requests become 督办 items (numbered, matched to open ones): that
    // runs through Prisma in a transaction of its own.
    stored = await deps.db.$transaction((tx) => storeRevision(tx, revisionInput));
    await deps.db.draft.deleteMany({ where: { ...draft, kind: 'report' } });
  } else {
    filing = filingWrite(revisionInput, sameWeek, draft);
    if (!options.defer) await filingStoreOf(deps.db).commitEvent({ filings: [filing], outbox: [], processed: null });
    stored = { revision: filing.revision, problems: [], reportId: filing.reportId };
  }
  return {
    kind: 'stored',
    ...(filing && options.defer ? { filing } : {}),
    report: {
      reportId: stored.reportId,
      photos: sameWeek ? sameWeekPhotos : 0,
      project,
      week,
      revision: stored.revision,
      onBehalf: right === 'on_behalf',
      late,
      lateReason: late ? (submission.reason ?? '') : '',
      submission: merged,
      cumulative,
      investedThisWeek,
      derived: check.derived,
      previousProgress: previous?.progress ?? null,
      previousPeriod: previous?.period ?? null,
      carried,
      problems: stored.problems,
    },
  };
}

/** A field a revision can leave out and keep from the one before. */
export type CarriedField = 'progress' | 'investedThisWeek' | 'cumulative' | 'done' | 'problems' | 'nextPlan' | 'help';

/** Fills what a revision leaves out from the week's latest report. */
function carryForward(submission: ParsedSubmission, latest: Report | null): { merged: ParsedSubmission; carried: CarriedField[] } {
  if (!latest) return { merged: submission, carried: [] };
  const merged: ParsedSubmission = { ...submission };
  const carried: CarriedField[] = [];
  const keep = <K extends CarriedField>(field: K, value: ParsedSubmission[K] | null | '') => {
    if (merged[field] !== undefined || value === null || value === '' || value === undefined) return;
    merged[field] = value as ParsedSubmission[K];
    carried.push(field);
  };
  keep('progress', latest.progress);
  keep('investedThisWeek', latest.investedThisWeek);
  keep('cumulative', latest.cumulative);
  keep('done', latest.done);
  keep('nextPlan', latest.nextPlan);
  keep('help', latest.help);
  if (merged.problems === undefined && latest.problems) {
    merged.problems = latest.problems.split('\n').filter(Boolean);
    carried.push('problems');
  }
  // A figure kept from the earlier revision keeps its note.
  const keptNotes = readNotes(latest.notes).filter((n) => carried.includes(n.field));
  if (keptNotes.length) merged.notes = [...(merged.notes ?? []), ...keptNotes];
  return { merged, carried };
}

interface RevisionInput {
  orgId: string;
  project: Project;
  period: string;
  authorId: string;
  onBehalf: boolean;
  submission: ParsedSubmission;
  cumulative: bigint | null;
  investedThisWeek: bigint | null;
  late: boolean;
  now: Date;
  sourceText: string;
  platform: string;
  platformMessageId: string;
  sourceEvent: string;
}

/** Whether a revision's text raises or restates 督办 items (存在问题, 需协调事项). */
function raisesItems(s: ParsedSubmission): boolean {
  return s.problems !== undefined || splitCoordination(s.help).length > 0;
}

/** The stored columns of a revision. */
function revisionValues(input: RevisionInput): RevisionValues {
  const { submission: s } = input;
  return {
    authorId: input.authorId,
    onBehalf: input.onBehalf,
    progress: s.progress ?? null,
    investedThisWeek: input.investedThisWeek,
    cumulative: input.cumulative,
    done: s.done ?? '',
    problems: s.problems?.join('\n') ?? '',
    nextPlan: s.nextPlan ?? '',
    help: s.help ?? '',
    notes: writeNotes(s.notes),
    late: input.late,
    lateReason: input.late ? (s.reason ?? '') : '',
  };
}

/**
 * A later revision keeps the week's first filing time and lateness: on-time rates count the first
 * filing. A revision after the deadline of a week filed on time is a correction (更正).
 */
function keptLateness(existing: Report | null, input: RevisionInput): { late: boolean; lateReason: string; correction: string } {
  const reason = input.submission.reason ?? '';
  if (!existing) return { late: input.late, lateReason: input.late ? reason : '', correction: '' };
  return { late: existing.late, lateReason: existing.late ? existing.lateReason : '', correction: !existing.late && input.late ? reason : '' };
}

function auditDetail(input: RevisionInput, revision: number): Record<string, unknown> {
  return { project: input.project.code, period: input.period, revision, onBehalf: input.onBehalf, late: input.late };
}

/** The revision as one write for the filing store, on top of the week's report as it was read. */
function filingWrite(input: RevisionInput, existing: Report | null, draft: FilingWrite['draft']): FilingWrite {
  const revision = (existing?.revision ?? 0) + 1;
  const values = revisionValues(input);
  const { late, lateReason, correction } = keptLateness(existing, input);
  return {
    reportId: existing?.id ?? newRowId(),
    orgId: input.orgId,
    projectId: input.project.id,
    period: input.period,
    revision,
    isNew: !existing,
    report: { ...values, late, lateReason },
    values,
    correction,
    sourceText: input.sourceText,
    platform: input.platform,
    platformMessageId: input.platformMessageId,
    sourceEvent: input.sourceEvent,
    at: input.now,
    audit: { action: 'report.submit', detail: auditText(auditDetail(input, revision)) },
    draft,
  };
}

async function storeRevision(tx: Tx, input: RevisionInput): Promise<{ revision: number; problems: SyncedProblem[]; reportId: string }> {
  const { submission: s } = input;
  const existing = await tx.report.findUnique({ where: { projectId_period: { projectId: input.project.id, period: input.period } } });
  const revision = (existing?.revision ?? 0) + 1;
  const values = revisionValues(input);
  const { correction } = keptLateness(existing, input);
  const report = existing
    ? await tx.report.update({
        where: { id: existing.id },
        data: { ...values, revision, late: existing.late, lateReason: existing.late ? existing.lateReason : '', filedAt: input.now },
      })
    : await tx.report.create({
        data: { ...values, orgId: input.orgId, projectId: input.project.id, period: input.period, revision, firstFiledAt: input.now, filedAt: input.now },
      });
  await tx.reportRevision.create({
    data: { ...values, reportId: report.id, revision, correction, sourceText: input.sourceText, platform: input.platform, platformMessageId: input.platformMessageId, sourceEvent: input.sourceEvent, filedAt: input.now },
  });
  const coordination = splitCoordination(s.help);
  const synced = s.problems === undefined && coordination.length === 0 ? [] : await syncProblems(tx, { orgId: input.orgId, projectId: input.project.id, period: input.period, raisedById: input.authorId, texts: s.problems ?? [], coordination, at: input.now });
  const problems = synced.filter((p) => p.kind !== 'coordination');
  await audit(tx, {
    orgId: input.orgId,
    actorId: input.authorId,
    action: 'report.submit',
    entity: 'report',
    entityId: report.id,
    detail: auditDetail(input, revision),
  });
  return { revision, problems, reportId: report.id };
}
