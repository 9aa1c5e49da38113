// /remind (coordinators): sends the weekly group reminder now — in this group, or from a private
// chat in every group of the org — unless a reminder went to that group within the cooldown
// (settings.remindCooldownMinutes, default 60; the scheduled reminder counts too).
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { message, type OutboundMessage } from '../messages/outbound.ts';
import { formatWeek, localDateTime, weekOf } from '../rules/period.ts';
import type { OrgSettings } from '../settings.ts';
import { reply, type PersonContext, type Reply } from '../commands/context.ts';
import { loadAudience, type GroupTarget } from './audience.ts';
import { claimJobRun } from './record-job-run.ts';
import { buildWeeklyReminder } from './send-weekly-reminder.ts';
import { weekText } from './schedule-views.ts';

/** The job name of manual reminders' records (period "<chat id>@<window>"). */
export const REMIND_JOB = 'remind';

/** What /remind came to. */
export type RemindResult =
  | { kind: 'no_group' }
  | { kind: 'all_reported'; week: string }
  | { kind: 'cooling_down'; group: GroupTarget; last: Date; next: Date }
  | { kind: 'sent'; sent: { group: GroupTarget; message: OutboundMessage; key: string }[]; cooling: { group: GroupTarget; next: Date }[] };

/** When a reminder last went to the group: a manual one there, or the org's scheduled one. */
async function lastReminderAt(deps: CoreDeps, org: Org, group: GroupTarget): Promise<Date | null> {
  const [manual, scheduled] = await Promise.all([
    deps.db.jobRun.findFirst({ where: { orgId: org.id, job: REMIND_JOB, period: { startsWith: `${group.chat.id}@` } }, orderBy: { startedAt: 'desc' } }),
    deps.db.jobRun.findFirst({ where: { orgId: org.id, job: 'reminder', status: 'done' }, orderBy: { startedAt: 'desc' } }),
  ]);
  const times = [manual?.startedAt, scheduled?.startedAt].filter((d): d is Date => d instanceof Date);
  return times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : null;
}

/** Sends the reminder now to `groupChatId` (a chat row id), or to every group of the org when null. */
export async function remindNow(deps: CoreDeps, input: { org: Org; settings: OrgSettings; groupChatId: string | null; actorId: string }): Promise<RemindResult> {
  const { org, settings } = input;
  const now = deps.now();
  const audience = await loadAudience(deps, org);
  const targets = input.groupChatId ? audience.groups.filter((g) => g.chat.id === input.groupChatId) : audience.groups;
  if (targets.length === 0) return { kind: 'no_group' };
  const cooldownMs = settings.remindCooldownMinutes * 60_000;
  const ready: GroupTarget[] = [];
  const cooling: { group: GroupTarget; last: Date; next: Date }[] = [];
  for (const group of targets) {
    const last = await lastReminderAt(deps, org, group);
    if (last && cooldownMs > 0 && now.getTime() - last.getTime() < cooldownMs) cooling.push({ group, last, next: new Date(last.getTime() + cooldownMs) });
    else ready.push(group);
  }
  const first = cooling[0];
  if (ready.length === 0 && first) return { kind: 'cooling_down', ...first };

  const week = weekOf(now, org.timeZone);
  const { messages } = await buildWeeklyReminder(deps, { org, settings, week, at: now, audience, groups: ready });
  if (messages.length === 0) return { kind: 'all_reported', week: formatWeek(week) };
  const sent: { group: GroupTarget; message: OutboundMessage; key: string }[] = [];
  // The window in the claim's period stops two coordinators' simultaneous /remind from both going out.
  const window = cooldownMs > 0 ? Math.floor(now.getTime() / cooldownMs) : now.getTime();
  for (const m of messages) {
    const period = `${m.group.chat.id}@${window}`;
    const claim = await claimJobRun(deps.db, { orgId: org.id, job: REMIND_JOB, period, dueAt: now, claimedBy: input.actorId, now, status: 'done', detail: formatWeek(week) });
    if (claim.claimed) sent.push({ ...m, key: `${REMIND_JOB}:${period}:${org.id}:${m.group.recipient}` });
  }
  return { kind: 'sent', sent, cooling: cooling.map(({ group, next }) => ({ group, next })) };
}

/** /remind */
export async function remindCommand(ctx: PersonContext): Promise<Reply[]> {
  const { t, actor, incoming, deps } = ctx;
  const text = (line: string) => message([{ kind: 'text', lines: [[line]] }]);
  const inGroup = incoming.chat.kind === 'group' && actor.chat !== null;
  const result = await remindNow(deps, { org: actor.org, settings: actor.settings, groupChatId: inGroup ? (actor.chat?.id ?? null) : null, actorId: actor.person.id });
  const zone = actor.org.timeZone;
  switch (result.kind) {
    case 'no_group':
      return reply(text(t('schedule.remind.no_group')));
    case 'all_reported': {
      const week = weekOf(deps.now(), zone);
      return reply(text(t('schedule.remind.all_reported', { week: weekText(t, week) })));
    }
    case 'cooling_down':
      return reply(text(t('schedule.remind.cooldown', { minutes: actor.settings.remindCooldownMinutes, last: localDateTime(result.last, zone), next: localDateTime(result.next, zone) })));
    case 'sent': {
      const here = (g: GroupTarget) => g.to.platform === incoming.platform && g.to.chatId === incoming.chat.id;
      const replies: Reply[] = result.sent.map((s) => (here(s.group) ? { message: s.message } : { message: s.message, to: s.group.to, key: s.key }));
      if (!inGroup) {
        const lines = [[t('schedule.remind.sent_groups', { count: result.sent.length })]];
        if (result.cooling.length) lines.push([t('schedule.remind.some_cooling', { count: result.cooling.length })]);
        replies.push({ message: message([{ kind: 'text', lines }]) });
      }
      return replies;
    }
  }
}
