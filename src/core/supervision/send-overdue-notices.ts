// The escalation ladder for overdue 督办 items, run with the weekly private nudge: every week an
// item is past its 期限 the owner (whoever must act) is told; from `escalation.leaderAfter` weeks
// overdue the project's leader too (with the 批示 / 转办 / 延期 buttons); from
// `escalation.standingsAfter` weeks the org's groups as well. One message per person or group.
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import type { Org, Person, Problem } from '../model.ts';
import type { Delivery } from '../platform.ts';
import type { Audience } from '../schedule/audience.ts';
import { jobMessageKey } from '../schedule/record-job-run.ts';
import type { OrgSettings } from '../settings.ts';
import { ACTIVE_ITEM_STATUSES, overdueActions } from './item-rules.ts';
import { itemActors, ITEM_INCLUDE } from './load-item.ts';
import { overdueNotice } from './supervision-views.ts';

export interface OverdueInput {
  org: Org;
  settings: OrgSettings;
  /** The nudge's period ("2026-W47"): one notice per person per week. */
  period: string;
  at: Date;
  audience: Audience;
}

type Listed = { item: Problem; projectName: string };

/** The overdue notices of the week, and who could not be reached. */
export async function overdueNotices(deps: CoreDeps, input: OverdueInput): Promise<{ deliveries: Delivery[]; unreachable: string[]; overdue: number }> {
  const { org, settings, audience, at } = input;
  const items = await deps.db.problem.findMany({
    where: { orgId: org.id, status: { in: [...ACTIVE_ITEM_STATUSES] }, dueDate: { lte: at }, project: { orgId: org.id, status: { not: 'completed' } } },
    include: ITEM_INCLUDE,
    orderBy: { number: 'asc' },
  });
  const byOwner = new Map<string, { person: Person; items: Listed[] }>();
  const byLeader = new Map<string, { person: Person; items: Listed[] }>();
  const forGroups: Listed[] = [];
  const add = (map: Map<string, { person: Person; items: Listed[] }>, person: Person, listed: Listed) => {
    const entry = map.get(person.id) ?? { person, items: [] };
    entry.items.push(listed);
    map.set(person.id, entry);
  };
  for (const item of items) {
    const actions = overdueActions(item, at, settings.escalation);
    const listed = { item, projectName: item.project.name };
    if (actions.nudgeOwner) for (const person of await itemActors(deps.db, item)) if (!onLeave(person, at)) add(byOwner, person, listed);
    if (!settings.escalation.enabled) continue;
    const leader = item.project.leader;
    if (actions.tellLeader && leader && !onLeave(leader, at)) add(byLeader, leader, listed);
    if (actions.listInStandings) forGroups.push(listed);
  }
  const deliveries: Delivery[] = [];
  const unreachable: string[] = [];
  const tell = (role: 'owner' | 'leader', entries: Map<string, { person: Person; items: Listed[] }>) => {
    for (const { person, items: listed } of entries.values()) {
      const to = audience.privateChat(person);
      if (!to) {
        unreachable.push(person.name);
        continue;
      }
      const t = translator(audience.localeOf(person));
      deliveries.push({ to, key: jobMessageKey('nudge', input.period, org.id, `items:${role}:${person.id}`), message: overdueNotice(t, org, { audience: role, items: listed, now: at, buttons: role === 'leader' }) });
    }
  };
  tell('owner', byOwner);
  tell('leader', byLeader);
  if (forGroups.length) {
    const t = translator(audience.locale);
    for (const group of audience.groups) {
      deliveries.push({ to: group.to, key: jobMessageKey('nudge', input.period, org.id, `items:${group.recipient}`), message: overdueNotice(t, org, { audience: 'group', items: forGroups, now: at }) });
    }
  }
  return { deliveries, unreachable, overdue: items.length };
}

function onLeave(person: Person, at: Date): boolean {
  return Boolean(person.pausedUntil && person.pausedUntil > at);
}
