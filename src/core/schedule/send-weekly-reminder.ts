// The weekly group reminder (default Thursday 16:00): in each of the org's groups, by unit, the
// projects not yet reported this week with their owners @-mentioned, the paused ones apart, and the
// line to copy. A reply to it files a report (replyContext 'report:'). Owners who reported are not
// named; when every project has reported, nothing is sent.
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import type { OutboundMessage } from '../messages/outbound.ts';
import type { IsoWeek } from '../rules/period.ts';
import { weekStatus, type WeekStatus } from '../reports/week-status.ts';
import type { OrgSettings } from '../settings.ts';
import { loadAudience, type Audience, type GroupTarget } from './audience.ts';
import { jobMessageKey, type JobResult } from './record-job-run.ts';
import { reminderView } from './schedule-views.ts';

/** The week to remind about. */
export interface ReminderInput {
  org: Org;
  settings: OrgSettings;
  week: IsoWeek;
  /** The instant the reminder speaks for (pauses are judged at it). */
  at: Date;
  audience?: Audience;
}

/** The reminder for each group (none when nothing is missing), with the week's status. */
export async function buildWeeklyReminder(
  deps: CoreDeps,
  input: ReminderInput & { groups?: GroupTarget[] },
): Promise<{ status: WeekStatus; messages: { group: GroupTarget; message: OutboundMessage }[] }> {
  const audience = input.audience ?? (await loadAudience(deps, input.org));
  const status = await weekStatus({ ...deps, now: () => input.at }, { org: input.org, settings: input.settings, week: input.week, scope: null });
  const t = translator(audience.locale);
  const messages: { group: GroupTarget; message: OutboundMessage }[] = [];
  for (const group of input.groups ?? audience.groups) {
    const view = reminderView(t, input.org, status, audience.mentionsOn(group.to.platform), input.at);
    if (view) messages.push({ group, message: view });
  }
  return { status, messages };
}

/** The scheduled reminder for `period`: one message per group, keyed "reminder:<period>:<org>:group:<chat>". */
export async function sendWeeklyReminder(deps: CoreDeps, input: ReminderInput & { period: string }): Promise<JobResult> {
  const { status, messages } = await buildWeeklyReminder(deps, input);
  const deliveries = messages.map(({ group, message }) => ({ to: group.to, message, key: jobMessageKey('reminder', input.period, input.org.id, group.recipient) }));
  return { deliveries, detail: JSON.stringify({ missing: status.counts.missing, paused: status.counts.paused, groups: deliveries.length }) };
}
