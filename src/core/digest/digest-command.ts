// /digest [leader name] [week]: a leader previews their digest; a coordinator gets the standings or
// a leader's digest. Without a week, the last closed one (see schedule/default-week.ts), said in one
// line while the new week runs; "/digest 2026-W47" and "/digest 李院长 2026-W47" name one.
import { reply, type PersonContext, type Reply } from '../commands/context.ts';
import { message, type OutboundMessage } from '../messages/outbound.ts';
import { badWeekText, chooseWeek, closedWeekNote, readWeekWord, type WeekWord } from '../schedule/default-week.ts';
import { renderGroupStandings, renderLeaderDigest } from '../views/digest-views.ts';
import { buildGroupStandings } from './build-group-standings.ts';
import { buildLeaderDigest } from './build-leader-digest.ts';

/** Splits /digest's arguments into a leader's name and a week word (either may be missing, in any order). */
export function parseDigestArgs(args: string, now: Date, zone: string): { name: string; week: WeekWord | null } {
  let week: WeekWord | null = null;
  const rest: string[] = [];
  for (const word of args.trim().split(/\s+/).filter(Boolean)) {
    const read: WeekWord | null = week ? null : readWeekWord(word, now, zone);
    if (read) week = read;
    else rest.push(word);
  }
  return { name: rest.join(' '), week };
}

/** `/digest [leader name] [week]`. */
export async function digestCommand(ctx: PersonContext): Promise<Reply[]> {
  const { deps, actor, t } = ctx;
  const { person, org } = actor;
  const now = deps.now();
  const parsed = parseDigestArgs(ctx.args, now, org.timeZone);
  const chosen = chooseWeek(parsed.week, now, org.timeZone, actor.settings.deadline);
  if (!chosen.ok) return reply(message([{ kind: 'text', lines: [[badWeekText(t, chosen)]] }]));
  const { week } = chosen;
  const noted = (out: OutboundMessage): Reply[] => reply(chosen.byDefault ? { ...out, blocks: [{ kind: 'text', lines: [[closedWeekNote(t, week, '/digest')]] }, ...out.blocks] } : out);
  const name = parsed.name;
  if (person.isCoordinator) {
    if (!name) return noted(renderGroupStandings(t, await buildGroupStandings(deps, { org, week })));
    const leader = await deps.db.person.findFirst({ where: { orgId: org.id, name, isLeader: true } });
    if (!leader) return reply(message([{ kind: 'text', lines: [[t('digest.unknown_leader', { name })]] }]));
    return noted(renderLeaderDigest(t, await buildLeaderDigest(deps, { org, leader, week })));
  }
  return noted(renderLeaderDigest(t, await buildLeaderDigest(deps, { org, leader: person, week })));
}
