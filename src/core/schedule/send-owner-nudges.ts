// The private nudge (default Friday 10:00): each owner whose projects are still missing gets one
// message listing them; a reply files the report (replyContext 'report:<code>' when there is one
// project). Escalation step 2: when a project has missed `escalation.leaderAfter` weeks in a row
// (this one included), its responsible leader is told privately too. Paused projects and owners
// on leave get nothing, nor do completed projects (not in the week's status) or retired people.
import type { Org, Person, Project } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import { escalationActions } from '../rules/escalation.ts';
import type { IsoWeek } from '../rules/period.ts';
import type { Delivery } from '../platform.ts';
import { weekStatus } from '../reports/week-status.ts';
import { overdueNotices } from '../supervision/send-overdue-notices.ts';
import type { OrgSettings } from '../settings.ts';
import { loadAudience, type Audience } from './audience.ts';
import { missStreaks } from './miss-streaks.ts';
import { jobMessageKey, type JobResult } from './record-job-run.ts';
import { leaderNoticeView, nudgeView } from './schedule-views.ts';

/** The week to nudge about. */
export interface NudgeInput {
  org: Org;
  settings: OrgSettings;
  week: IsoWeek;
  period: string;
  /** The instant the nudge speaks for. */
  at: Date;
  audience?: Audience;
}

/** Builds the nudges and the leaders' notices for `period`. */
export async function sendOwnerNudges(deps: CoreDeps, input: NudgeInput): Promise<JobResult> {
  const { org, settings, period } = input;
  const audience = input.audience ?? (await loadAudience(deps, org));
  const status = await weekStatus({ ...deps, now: () => input.at }, { org, settings, week: input.week, scope: null });
  const missing = status.units.flatMap((u) => u.items).filter((i) => i.state === 'missing');
  const streaks = await missStreaks(deps, { orgId: org.id, week: input.week, projectIds: missing.map((i) => i.project.id), weekIsOpen: true });

  const byOwner = new Map<string, { owner: Person; projects: { project: Project; misses: number; leaderTold: boolean }[] }>();
  const byLeader = new Map<string, { leader: Person; items: { project: Project; owner: Person | null; misses: number }[] }>();
  for (const { project } of missing) {
    const misses = streaks.get(project.id) ?? 1;
    const leader = project.leader;
    const tellLeader =
      settings.escalation.enabled &&
      escalationActions(misses, settings.escalation).tellLeader &&
      leader !== null &&
      !leader.retiredAt &&
      leader.id !== project.ownerId &&
      !(leader.pausedUntil && leader.pausedUntil > input.at);
    if (project.owner && !project.owner.retiredAt) {
      const entry = byOwner.get(project.owner.id) ?? { owner: project.owner, projects: [] };
      entry.projects.push({ project, misses, leaderTold: tellLeader });
      byOwner.set(project.owner.id, entry);
    }
    if (tellLeader && leader) {
      const entry = byLeader.get(leader.id) ?? { leader, items: [] };
      entry.items.push({ project, owner: project.owner, misses });
      byLeader.set(leader.id, entry);
    }
  }

  const deliveries: Delivery[] = [];
  const unreachable: string[] = [];
  for (const { owner, projects } of byOwner.values()) {
    const to = audience.privateChat(owner);
    if (!to) {
      unreachable.push(owner.name);
      continue;
    }
    const t = translator(audience.localeOf(owner));
    deliveries.push({ to, key: jobMessageKey('nudge', period, org.id, `owner:${owner.id}`), message: nudgeView(t, org, { owner, week: input.week, deadline: status.deadline, projects }) });
  }
  for (const { leader, items } of byLeader.values()) {
    const to = audience.privateChat(leader);
    if (!to) {
      unreachable.push(leader.name);
      continue;
    }
    const t = translator(audience.localeOf(leader));
    deliveries.push({ to, key: jobMessageKey('nudge', period, org.id, `leader:${leader.id}`), message: leaderNoticeView(t, org, { leader, week: input.week, deadline: status.deadline, items }) });
  }
  // Overdue 督办 items climb the same ladder (supervision/send-overdue-notices.ts).
  const items = await overdueNotices(deps, { org, settings, period, at: input.at, audience });
  deliveries.push(...items.deliveries);
  unreachable.push(...items.unreachable.filter((name) => !unreachable.includes(name)));
  return { deliveries, detail: JSON.stringify({ owners: byOwner.size, leaders: byLeader.size, unreachable, overdueItems: items.overdue }) };
}
