// /digest: a leader previews this week's digest; a coordinator gets the standings or a leader's digest.
import { reply, type PersonContext, type Reply } from '../commands/context.ts';
import { message } from '../messages/outbound.ts';
import { weekOf } from '../rules/period.ts';
import { renderGroupStandings, renderLeaderDigest } from '../views/digest-views.ts';
import { buildGroupStandings } from './build-group-standings.ts';
import { buildLeaderDigest } from './build-leader-digest.ts';

/** `/digest [leader name]` for the current week. */
export async function digestCommand(ctx: PersonContext): Promise<Reply[]> {
  const { deps, actor, t } = ctx;
  const { person, org } = actor;
  const week = weekOf(deps.now(), org.timeZone);
  const name = ctx.args.trim();
  if (person.isCoordinator) {
    if (!name) return reply(renderGroupStandings(t, await buildGroupStandings(deps, { org, week })));
    const leader = await deps.db.person.findFirst({ where: { orgId: org.id, name, isLeader: true } });
    if (!leader) return reply(message([{ kind: 'text', lines: [[t('digest.unknown_leader', { name })]] }]));
    return reply(renderLeaderDigest(t, await buildLeaderDigest(deps, { org, leader, week })));
  }
  return reply(renderLeaderDigest(t, await buildLeaderDigest(deps, { org, leader: person, week })));
}
