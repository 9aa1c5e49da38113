// Quiet periods. A coordinator pauses a project (停工, e.g. a winter stop) or records a person's
// leave (请假) until a date; while paused the project is shown as paused, not missing, and nobody
// is reminded about it. /resume ends either early.
//   /pause [project] <code or name> [until|至 <date>] [reason]   (no date: until /resume)
//   /leave <name> until|至 <date> [reason]
//   /resume <code, project name or person's name>
//   /pause with nothing after it lists what is paused.
// Dates are the last paused day, inclusive, in the org's time zone.
import { DateTime } from 'luxon';
import type { Org, Person, Project } from '../model.ts';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import { message, type Block, type OutboundMessage } from '../messages/outbound.ts';
import { findProjectForReport } from '../projects/find-project.ts';
import { normalizeName } from '../rules/project-match.ts';
import { parseDateText } from '../rules/working-days.ts';
import { reply, type PersonContext, type Reply } from '../commands/context.ts';
import { untilText } from './schedule-views.ts';

// === Use cases

/** The instant a pause ends: the start of the day after `lastDay` in the zone. */
export function pauseEnd(lastDay: string, zone: string): Date {
  return DateTime.fromISO(lastDay, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
}

/** Pauses a project until `until` (exclusive), or until resumed when null. */
export async function pauseProject(deps: CoreDeps, input: { project: Project; actorId: string; until: Date | null; reason: string }): Promise<Project> {
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.project.update({ where: { id: input.project.id }, data: { status: 'paused', pausedUntil: input.until } });
    await audit(tx, { orgId: input.project.orgId, actorId: input.actorId, action: 'project.pause', entity: 'project', entityId: input.project.id, detail: { until: input.until?.toISOString() ?? null, reason: input.reason } });
    return updated;
  });
}

/** Records a person's leave until `until` (exclusive). */
export async function recordLeave(deps: CoreDeps, input: { person: Person; actorId: string; until: Date; reason: string }): Promise<Person> {
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.person.update({ where: { id: input.person.id }, data: { pausedUntil: input.until } });
    await audit(tx, { orgId: input.person.orgId, actorId: input.actorId, action: 'person.leave', entity: 'person', entityId: input.person.id, detail: { until: input.until.toISOString(), reason: input.reason } });
    return updated;
  });
}

/** Ends a project's pause. */
export async function resumeProject(deps: CoreDeps, input: { project: Project; actorId: string }): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    await tx.project.update({ where: { id: input.project.id }, data: { status: 'active', pausedUntil: null } });
    await audit(tx, { orgId: input.project.orgId, actorId: input.actorId, action: 'project.resume', entity: 'project', entityId: input.project.id });
  });
}

/** Ends a person's leave. */
export async function endLeave(deps: CoreDeps, input: { person: Person; actorId: string }): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    await tx.person.update({ where: { id: input.person.id }, data: { pausedUntil: null } });
    await audit(tx, { orgId: input.person.orgId, actorId: input.actorId, action: 'person.resume', entity: 'person', entityId: input.person.id });
  });
}

function projectPausedAt(project: Project, now: Date): boolean {
  if (project.status === 'paused') return !project.pausedUntil || project.pausedUntil > now;
  return Boolean(project.pausedUntil && project.pausedUntil > now);
}

// === Commands

const UNTIL_WORDS = ['until', 'till', 'to', '至', '到', '直到'];

function text(line: string): OutboundMessage {
  return message([{ kind: 'text', lines: [[line]] }]);
}

/** Splits "<ref> [until] <date> [reason]"; the date may be glued to 至 ("至2027-03-01"). */
function splitRefDate(args: string, defaultYear: number): { ref: string; date: string | null; dateText: string; reason: string } {
  const tokens = args.trim().split(/\s+/).filter(Boolean);
  const ref = tokens.shift() ?? '';
  let dateText = '';
  const first = tokens[0] ?? '';
  if (UNTIL_WORDS.includes(first.toLowerCase())) {
    tokens.shift();
    dateText = tokens.shift() ?? '';
  } else {
    const glued = /^(?:至|到|直到)(.+)$/.exec(first);
    if (glued) {
      tokens.shift();
      dateText = glued[1] ?? '';
    } else if (first && parseDateText(first, defaultYear)) {
      dateText = tokens.shift() ?? '';
    }
  }
  return { ref, dateText, date: dateText ? parseDateText(dateText, defaultYear) : null, reason: tokens.join(' ').slice(0, 200) };
}

async function findPerson(deps: CoreDeps, org: Org, ref: string): Promise<{ kind: 'found'; person: Person } | { kind: 'ambiguous'; names: string[] } | { kind: 'unknown' }> {
  const people = await deps.db.person.findMany({ where: { orgId: org.id }, orderBy: { name: 'asc' } });
  const wanted = normalizeName(ref);
  const exact = people.find((p) => normalizeName(p.name) === wanted);
  if (exact) return { kind: 'found', person: exact };
  const partial = people.filter((p) => normalizeName(p.name).includes(wanted));
  if (partial.length === 1 && partial[0]) return { kind: 'found', person: partial[0] };
  return partial.length > 1 ? { kind: 'ambiguous', names: partial.map((p) => p.name) } : { kind: 'unknown' };
}

/** The last day typed, checked: a real date, not in the past. */
function checkDate(ctx: PersonContext, parsed: { date: string | null; dateText: string }): { until: Date; day: string } | { reply: Reply[] } {
  const { t, actor } = ctx;
  if (!parsed.date) return { reply: reply(text(t('schedule.calendar.bad_date', { value: parsed.dateText }))) };
  const today = DateTime.fromJSDate(ctx.deps.now(), { zone: actor.org.timeZone }).toISODate() ?? '';
  if (parsed.date < today) return { reply: reply(text(t('schedule.pause.date_past', { date: parsed.date }))) };
  return { until: pauseEnd(parsed.date, actor.org.timeZone), day: parsed.date };
}

/** Whether /pause arguments only list what is paused: any member may. */
export function isPauseView(args: string): boolean {
  const rest = args.trim().replace(/^(project|项目)\s+/i, '');
  return !rest || ['list', '列表'].includes(rest.toLowerCase());
}

/** /pause */
export async function pauseCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, actor, deps } = ctx;
  const args = ctx.args.trim().replace(/^(project|项目)\s+/i, '');
  if (isPauseView(args)) return reply(await pausedListView(ctx));
  const now = DateTime.fromJSDate(deps.now(), { zone: actor.org.timeZone });
  const parsed = splitRefDate(args, now.year);
  let until: Date | null = null;
  if (parsed.dateText) {
    const checked = checkDate(ctx, parsed);
    if ('reply' in checked) return checked.reply;
    until = checked.until;
  }
  const found = await findProjectForReport(deps.db, actor.person, parsed.ref);
  if (found.kind !== 'found') return reply(projectNotFound(ctx, parsed.ref, found.kind, found.candidates));
  const project = await pauseProject(deps, { project: found.project, actorId: actor.person.id, until, reason: parsed.reason });
  const lines = [[t('schedule.pause.done', { code: project.code, name: project.name, until: untilText(t, until, actor.org.timeZone) })]];
  if (parsed.reason) lines.push([t('schedule.pause.reason', { reason: parsed.reason })]);
  return reply(message([{ kind: 'text', lines }]));
}

/** /leave */
export async function leaveCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, actor, deps } = ctx;
  if (!ctx.args.trim()) return reply(text(t('schedule.leave.usage')));
  const parsed = splitRefDate(ctx.args, DateTime.fromJSDate(deps.now(), { zone: actor.org.timeZone }).year);
  if (!parsed.dateText) return reply(text(t('schedule.leave.needs_date', { name: parsed.ref })));
  const checked = checkDate(ctx, parsed);
  if ('reply' in checked) return checked.reply;
  const found = await findPerson(deps, actor.org, parsed.ref);
  if (found.kind === 'unknown') return reply(text(t('schedule.person.unknown', { name: parsed.ref })));
  if (found.kind === 'ambiguous') return reply(text(t('schedule.person.ambiguous', { name: parsed.ref, names: found.names.join('、') })));
  const person = await recordLeave(deps, { person: found.person, actorId: actor.person.id, until: checked.until, reason: parsed.reason });
  const lines = [[t('schedule.leave.done', { name: person.name, until: untilText(t, checked.until, actor.org.timeZone) })]];
  if (parsed.reason) lines.push([t('schedule.pause.reason', { reason: parsed.reason })]);
  return reply(message([{ kind: 'text', lines }]));
}

/** /resume: a project first (code or name), else a person. */
export async function resumeCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, actor, deps } = ctx;
  const raw = ctx.args.trim();
  if (!raw) return reply(text(t('schedule.resume.usage')));
  const personOnly = /^(person|人员|人)\s+/i.test(raw);
  const ref = raw.replace(/^(project|项目|person|人员|人)\s+/i, '').trim();
  const now = deps.now();
  if (!personOnly) {
    const found = await findProjectForReport(deps.db, actor.person, ref);
    if (found.kind === 'found') {
      if (!projectPausedAt(found.project, now) && found.project.status !== 'paused') return reply(text(t('schedule.resume.not_paused', { name: `${found.project.code} ${found.project.name}` })));
      await resumeProject(deps, { project: found.project, actorId: actor.person.id });
      return reply(text(t('schedule.resume.project', { code: found.project.code, name: found.project.name })));
    }
    if (found.kind === 'ambiguous') return reply(projectNotFound(ctx, ref, 'ambiguous', found.candidates));
  }
  const person = await findPerson(deps, actor.org, ref);
  if (person.kind === 'ambiguous') return reply(text(t('schedule.person.ambiguous', { name: ref, names: person.names.join('、') })));
  if (person.kind === 'unknown') return reply(text(t('schedule.resume.unknown', { ref })));
  if (!person.person.pausedUntil || person.person.pausedUntil <= now) return reply(text(t('schedule.resume.not_paused', { name: person.person.name })));
  await endLeave(deps, { person: person.person, actorId: actor.person.id });
  return reply(text(t('schedule.resume.person', { name: person.person.name })));
}

function projectNotFound(ctx: PersonContext, ref: string, kind: 'ambiguous' | 'unknown', candidates: Project[]): OutboundMessage {
  const { t } = ctx;
  const blocks: Block[] = [{ kind: 'text', lines: [[t(kind === 'ambiguous' ? 'schedule.project.ambiguous' : 'schedule.project.unknown', { ref })]] }];
  if (kind === 'ambiguous' && candidates.length) blocks.push({ kind: 'list', items: candidates.slice(0, 15).map((p) => [t('schedule.item.project', { code: p.code, name: p.name })]) });
  blocks.push({ kind: 'text', lines: [[t('schedule.pause.usage')]] });
  return message(blocks);
}

/** What is paused now: projects (停工) and people on leave (请假). */
async function pausedListView(ctx: PersonContext): Promise<OutboundMessage> {
  const { t, actor, deps } = ctx;
  const now = deps.now();
  const zone = actor.org.timeZone;
  const [projects, people] = await Promise.all([
    deps.db.project.findMany({ where: { orgId: actor.org.id, OR: [{ status: 'paused' }, { pausedUntil: { gt: now } }] }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] }),
    deps.db.person.findMany({ where: { orgId: actor.org.id, pausedUntil: { gt: now } }, orderBy: { name: 'asc' } }),
  ]);
  const paused = projects.filter((p) => projectPausedAt(p, now));
  if (paused.length === 0 && people.length === 0) return message([{ kind: 'text', lines: [[t('schedule.pause.list_none')], [t('schedule.pause.usage')]] }]);
  const blocks: Block[] = [{ kind: 'heading', text: t('schedule.pause.list_title') }];
  if (paused.length) blocks.push({ kind: 'list', items: paused.map((p) => [t('schedule.pause.list_project', { code: p.code, name: p.name, until: untilText(t, p.pausedUntil, zone) })]) });
  if (people.length) blocks.push({ kind: 'list', items: people.map((p) => [t('schedule.pause.list_person', { name: p.name, until: untilText(t, p.pausedUntil, zone) })]) });
  blocks.push({ kind: 'text', lines: [[t('schedule.resume.usage')]] });
  return message(blocks);
}
