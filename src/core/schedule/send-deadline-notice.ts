// The 逾期未报 notice at the week's deadline (default Friday 17:00): each coordinator gets the
// org's full list by unit, each responsible leader the overdue projects they lead. Projects missed
// `escalation.standingsAfter` weeks in a row are marked 连续未报. The run records the overdue
// project ids in its detail: that is how later weeks count misses in a row (see miss-streaks.ts),
// so the week is closed even when the notice is off or skipped for a holiday (silent).
import type { Org, Person } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import type { IsoWeek } from '../rules/period.ts';
import type { Delivery } from '../platform.ts';
import { weekStatus } from '../reports/week-status.ts';
import type { OrgSettings } from '../settings.ts';
import { loadAudience, type Audience } from './audience.ts';
import { missStreaks } from './miss-streaks.ts';
import { jobMessageKey, type JobResult } from './record-job-run.ts';
import { deadlineNoticeView, type OverdueItem } from './schedule-views.ts';

/** The week whose deadline passed. */
export interface DeadlineNoticeInput {
  org: Org;
  settings: OrgSettings;
  week: IsoWeek;
  period: string;
  /** The instant the notice speaks for (at or after the deadline). */
  at: Date;
  /** Record the overdue list but send nothing (notice off, or skipped for a holiday). */
  silent?: boolean;
  audience?: Audience;
}

/** Builds the 逾期未报 notices (keys "deadline:<period>:<org>:coordinator|leader:<person>") and the week's overdue record. */
export async function sendDeadlineNotice(deps: CoreDeps, input: DeadlineNoticeInput): Promise<JobResult> {
  const { org, settings, period } = input;
  const status = await weekStatus({ ...deps, now: () => input.at }, { org, settings, week: input.week, scope: null });
  const missing = status.units.flatMap((u) => u.items).filter((i) => i.state === 'missing');
  const record = { overdue: missing.map((i) => i.project.id) };
  if (input.silent) return { deliveries: [], detail: JSON.stringify({ ...record, silent: true }) };

  const audience = input.audience ?? (await loadAudience(deps, org));
  const streaks = await missStreaks(deps, { orgId: org.id, week: input.week, projectIds: record.overdue, weekIsOpen: true });
  const overdue: OverdueItem[] = missing.map((item) => ({ item, misses: streaks.get(item.project.id) ?? 1 }));
  const standingsAfter = settings.escalation.enabled ? settings.escalation.standingsAfter : Number.POSITIVE_INFINITY;

  const deliveries: Delivery[] = [];
  const unreachable: string[] = [];
  const send = (person: Person, role: string, build: (t: ReturnType<typeof translator>) => Delivery['message']) => {
    const to = audience.privateChat(person);
    if (!to) return void unreachable.push(person.name);
    deliveries.push({ to, key: jobMessageKey('deadline', period, org.id, `${role}:${person.id}`), message: build(translator(audience.localeOf(person))) });
  };
  for (const coordinator of audience.coordinators) {
    send(coordinator, 'coordinator', (t) => deadlineNoticeView(t, org, { status, overdue, scope: 'all', standingsAfter }));
  }
  const coordinatorIds = new Set(audience.coordinators.map((c) => c.id));
  const byLeader = new Map<string, { leader: Person; items: OverdueItem[] }>();
  for (const o of overdue) {
    const leader = o.item.project.leader;
    if (!leader || leader.retiredAt || coordinatorIds.has(leader.id) || (leader.pausedUntil && leader.pausedUntil > input.at)) continue;
    const entry = byLeader.get(leader.id) ?? { leader, items: [] };
    entry.items.push(o);
    byLeader.set(leader.id, entry);
  }
  for (const { leader, items } of byLeader.values()) {
    send(leader, 'leader', (t) => deadlineNoticeView(t, org, { status, overdue: items, scope: 'leader', standingsAfter }));
  }
  return { deliveries, detail: JSON.stringify({ ...record, sent: deliveries.length, unreachable }) };
}
