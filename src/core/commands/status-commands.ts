// /status, /missing, /projects, /history, /problems (/close is in supervision/close-command.ts).
import { listProblems, parseProblemFilter } from '../problems/list-problems.ts';
import { findProjectForReport } from '../projects/find-project.ts';
import { message } from '../messages/outbound.ts';
import { canSeeProject, projectScope } from '../rules/permissions.ts';
import { weekOf } from '../rules/period.ts';
import { reportHistory } from '../reports/report-history.ts';
import { weekStatus } from '../reports/week-status.ts';
import { problemsView } from '../views/admin-views.ts';
import { historyView, missingView, projectsView, statusView } from '../views/status-views.ts';
import { reply, type PersonContext, type Reply } from './context.ts';
import { mentionLookup } from './mentions.ts';

async function currentStatus(ctx: PersonContext) {
  const { deps, actor } = ctx;
  const week = weekOf(deps.now(), actor.org.timeZone);
  const status = await weekStatus(deps, { org: actor.org, settings: actor.settings, week, scope: actor.person });
  const owners = status.units.flatMap((u) => u.items.map((i) => i.project.owner));
  const mentions = await mentionLookup(deps, ctx.incoming.platform, owners);
  return { status, mentions };
}

export async function statusCommand(ctx: PersonContext): Promise<Reply[]> {
  const { status, mentions } = await currentStatus(ctx);
  return reply(statusView(ctx.t, ctx.actor.org, status, mentions));
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
