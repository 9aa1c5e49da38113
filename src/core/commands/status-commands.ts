// /status, /missing, /projects, /history, /problems (/close is in supervision/close-command.ts).
import { listProblems, parseProblemFilter } from '../problems/list-problems.ts';
import { findProjectForReport } from '../projects/find-project.ts';
import { message, type OutboundMessage } from '../messages/outbound.ts';
import { badWeekText, chooseWeek, closedWeekNote, lastClosedWeek, readWeekWord } from '../schedule/default-week.ts';
import { canSeeProject, projectScope } from '../rules/permissions.ts';
import { compareWeeks, weekOf } from '../rules/period.ts';
import { reportHistory } from '../reports/report-history.ts';
import { weekStatus } from '../reports/week-status.ts';
import { problemsView } from '../views/admin-views.ts';
import { historyView, missingView, projectsView, statusView } from '../views/status-views.ts';
import { reply, type PersonContext, type Reply } from './context.ts';
import { mentionLookup } from './mentions.ts';

async function currentStatus(ctx: PersonContext, week = weekOf(ctx.deps.now(), ctx.actor.org.timeZone)) {
  const { deps, actor } = ctx;
  const status = await weekStatus(deps, { org: actor.org, settings: actor.settings, week, scope: actor.person });
  const owners = status.units.flatMap((u) => u.items.map((i) => i.project.owner));
  const mentions = await mentionLookup(deps, ctx.incoming.platform, owners);
  return { status, mentions };
}

/**
 * /status [week]: a named week ("2026-W47", "本周", "上周"), else the open week — except while the
 * open week is still empty in the asker's scope before its deadline (Monday morning), when the last
 * closed week is shown with one line saying so.
 */
export async function statusCommand(ctx: PersonContext): Promise<Reply[]> {
  const { deps, actor, t } = ctx;
  const now = deps.now();
  const zone = actor.org.timeZone;
  const word = ctx.args.trim() ? readWeekWord(ctx.args.trim().split(/\s+/)[0] ?? '', now, zone) : null;
  if (ctx.args.trim() && !word) return reply(message([{ kind: 'text', lines: [[t('schedule.week.bad', { week: ctx.args.trim() })]] }]));
  if (word) {
    const chosen = chooseWeek(word, now, zone, actor.settings.deadline);
    if (!chosen.ok) return reply(message([{ kind: 'text', lines: [[badWeekText(t, chosen)]] }]));
    const { status, mentions } = await currentStatus(ctx, chosen.week);
    return reply(statusView(t, actor.org, status, mentions));
  }
  const open = await currentStatus(ctx);
  const closed = lastClosedWeek(now, zone, actor.settings.deadline);
  if (compareWeeks(closed, open.status.week) === 0 || open.status.counts.on_time + open.status.counts.late > 0) return reply(statusView(t, actor.org, open.status, open.mentions));
  const { status, mentions } = await currentStatus(ctx, closed);
  return reply(withNote(statusView(t, actor.org, status, mentions), closedWeekNote(t, closed, '/status')));
}

/** A message with one line put before it. */
function withNote(out: OutboundMessage, note: string): OutboundMessage {
  return { ...out, blocks: [{ kind: 'text', lines: [[note]] }, ...out.blocks] };
}

export async function missingCommand(ctx: PersonContext): Promise<Reply[]> {
  const { status, mentions } = await currentStatus(ctx);
  return reply(missingView(ctx.t, ctx.actor.org, status, mentions));
}

export async function projectsCommand(ctx: PersonContext): Promise<Reply[]> {
  const projects = await ctx.deps.db.project.findMany({
    where: projectScope(ctx.actor.person),
    include: { unit: true, owner: true },
    orderBy: [{ unit: { sortOrder: 'asc' } }, { sortOrder: 'asc' }, { code: 'asc' }],
    take: 200,
  });
  return reply(projectsView(ctx.t, projects));
}

export async function historyCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, actor } = ctx;
  const ref = ctx.args.split('\n')[0]?.trim() ?? '';
  const found = await findProjectForReport(ctx.deps.db, actor.person, ref || undefined);
  if (found.kind !== 'found') {
    if (!ref) return reply(message([{ kind: 'text', lines: [[t('report.history.usage')]] }]));
    const lines = [[t(found.kind === 'ambiguous' ? 'report.project.ambiguous' : 'report.project.unknown', { ref })]];
    return reply(message([{ kind: 'text', lines }, { kind: 'list', items: found.candidates.slice(0, 15).map((p) => [t('report.project.candidate', { code: p.code, name: p.name })]) }]));
  }
  if (!canSeeProject(actor.person, found.project)) return reply(message([{ kind: 'text', lines: [[t('report.history.not_visible', { project: found.project.name })]] }]));
  const history = await reportHistory(ctx.deps, found.project);
  return reply(historyView(t, actor.org, found.project, history));
}

export async function problemsCommand(ctx: PersonContext): Promise<Reply[]> {
  const problems = await listProblems(ctx.deps, { scope: ctx.actor.person, filter: parseProblemFilter(ctx.args) });
  return reply(problemsView(ctx.t, problems));
}
