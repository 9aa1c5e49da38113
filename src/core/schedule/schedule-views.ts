// The scheduler's messages: the group reminder, the private nudge, the leader's notice, the 逾期未报
// list, and the notes to coordinators. Built from the catalog only.
import type { Org, Person, Project, Unit } from '../model.ts';
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import { message, type Block, type Line, type OutboundMessage } from '../messages/outbound.ts';
import { localDate, localDateTime, type IsoWeek, formatWeek } from '../rules/period.ts';
import { weekLabel } from '../views/format.ts';
import type { ProjectWeekStatus, WeekStatus } from '../reports/week-status.ts';
import type { MentionLookup } from '../views/status-views.ts';

type StatusProject = ProjectWeekStatus['project'];

/** "第47周（11月16日—22日）" */
export function weekText(t: Translate, week: IsoWeek): string {
  return weekLabel(t, week);
}

function mention(person: Person | null, mentionOf: MentionLookup): Line {
  if (!person) return [];
  const userId = mentionOf(person);
  return [{ mention: userId ? { name: person.name, userId } : { name: person.name } }];
}

/** The last paused day, shown as "至 2026-12-05" (pausedUntil is the start of the day after). */
export function untilText(t: Translate, until: Date | null, zone: string): string {
  if (!until) return t('schedule.until_open');
  return t('schedule.until', { date: localDate(new Date(until.getTime() - 1), zone) });
}

/** Why a paused project is paused: its own 停工, or its owner's 请假. */
export function pausedLine(t: Translate, project: StatusProject, zone: string, now: Date): string {
  const params = { code: project.code, name: project.name };
  const projectPaused = project.status === 'paused' ? !project.pausedUntil || project.pausedUntil > now : Boolean(project.pausedUntil && project.pausedUntil > now);
  if (projectPaused) return t('schedule.paused.project', { ...params, until: untilText(t, project.pausedUntil, zone) });
  return t('schedule.paused.leave', { ...params, owner: project.owner?.name ?? '—', until: untilText(t, project.owner?.pausedUntil ?? null, zone) });
}

/** The one-line report to copy for a project. */
export function copyLine(t: Translate, code: string): string {
  return t('schedule.copy_line', { code });
}

/**
 * The group reminder: by unit, the projects not yet reported, each with its owner @-mentioned;
 * paused ones listed apart; the line to copy. Null when nothing is missing.
 */
export function reminderView(t: Translate, org: Org, status: WeekStatus, mentionOf: MentionLookup, now: Date): OutboundMessage | null {
  const missing = status.units.map(({ unit, items }) => ({ unit, items: items.filter((i) => i.state === 'missing') })).filter((u) => u.items.length > 0);
  if (missing.length === 0) return null;
  const week = weekText(t, status.week);
  const deadline = localDateTime(status.deadline, org.timeZone);
  const blocks: Block[] = [
    { kind: 'heading', text: t('schedule.reminder.title', { week }) },
    { kind: 'text', lines: [[t('schedule.reminder.intro', { deadline, missing: status.counts.missing, total: status.counts.total })]] },
  ];
  for (const { unit, items } of missing) blocks.push(...unitBlock(t, unit, items, mentionOf));
  const paused = status.units.flatMap((u) => u.items.filter((i) => i.state === 'paused'));
  if (paused.length) {
    blocks.push({ kind: 'text', lines: [[{ bold: t('schedule.reminder.paused_title') }]] });
    blocks.push({ kind: 'list', items: paused.map((i) => [pausedLine(t, i.project, org.timeZone, now)]) });
  }
  const first = missing[0]?.items[0];
  if (first) blocks.push({ kind: 'text', lines: [[t('schedule.reminder.copy')]] }, { kind: 'code', text: copyLine(t, first.project.code) });
  return message(blocks, { replyContext: 'report:', summary: t('schedule.reminder.summary', { week: formatWeek(status.week), missing: status.counts.missing }) });
}

function unitBlock(t: Translate, unit: Unit, items: ProjectWeekStatus[], mentionOf: MentionLookup): Block[] {
  return [
    { kind: 'text', lines: [[{ bold: unit.name }]] },
    { kind: 'list', items: items.map((i) => [t('schedule.item.missing', { code: i.project.code, name: i.project.name }), ...mention(i.project.owner, mentionOf)]) },
  ];
}

/** The private nudge to an owner about their projects still missing. */
export function nudgeView(t: Translate, org: Org, input: { owner: Person; week: IsoWeek; deadline: Date; projects: { project: Project; misses: number; leaderTold: boolean }[] }): OutboundMessage {
  const { owner, projects } = input;
  const deadline = localDateTime(input.deadline, org.timeZone);
  const blocks: Block[] = [
    { kind: 'heading', text: t('schedule.nudge.title', { week: weekText(t, input.week) }) },
    { kind: 'text', lines: [[t('schedule.nudge.intro', { name: owner.name, deadline })]] },
    { kind: 'list', items: projects.map(({ project }) => [t('schedule.item.project', { code: project.code, name: project.name })]) },
  ];
  const escalated = projects.filter((p) => p.leaderTold);
  for (const p of escalated) blocks.push({ kind: 'text', lines: [[t('schedule.nudge.escalated', { code: p.project.code, weeks: p.misses })]] });
  const only = projects.length === 1 ? projects[0] : undefined;
  if (only) {
    blocks.push({ kind: 'text', lines: [[t('schedule.nudge.reply_one')]] }, { kind: 'code', text: t('schedule.reply_example') });
  } else {
    blocks.push({ kind: 'text', lines: [[t('schedule.nudge.reply_many')]] }, { kind: 'code', text: projects.map((p) => copyLine(t, p.project.code)).join('\n') });
  }
  return message(blocks, {
    replyContext: `report:${only ? only.project.code : ''}`,
    summary: t('schedule.nudge.summary', { week: formatWeek(input.week), count: projects.length }),
  });
}

/** The private notice to a responsible leader: their projects missed several weeks in a row. */
export function leaderNoticeView(t: Translate, org: Org, input: { leader: Person; week: IsoWeek; deadline: Date; items: { project: Project; owner: Person | null; misses: number }[] }): OutboundMessage {
  return message(
    [
      { kind: 'heading', text: t('schedule.leader.title', { week: weekText(t, input.week) }) },
      { kind: 'text', lines: [[t('schedule.leader.intro', { name: input.leader.name })]] },
      {
        kind: 'list',
        items: input.items.map((i) => [t('schedule.leader.item', { code: i.project.code, name: i.project.name, owner: i.owner?.name ?? '—', weeks: i.misses })]),
      },
      { kind: 'text', lines: [[t('schedule.leader.hint', { deadline: localDateTime(input.deadline, org.timeZone) })]] },
    ],
    { summary: t('schedule.leader.summary', { week: formatWeek(input.week), count: input.items.length }) },
  );
}

/** One overdue project of the 逾期未报 list. */
export interface OverdueItem {
  item: ProjectWeekStatus;
  /** Misses in a row, this week included. */
  misses: number;
}

/**
 * The 逾期未报 list, by unit. `scope` 'all' for coordinators (with the week's counts and an
 * all-clear when nothing is overdue), 'leader' for a leader's own projects.
 */
export function deadlineNoticeView(
  t: Translate,
  org: Org,
  input: { status: WeekStatus; overdue: OverdueItem[]; scope: 'all' | 'leader'; standingsAfter: number },
): OutboundMessage {
  const { status, overdue } = input;
  const week = weekText(t, status.week);
  const deadline = localDateTime(status.deadline, org.timeZone);
  if (overdue.length === 0) return message([{ kind: 'text', lines: [[t('schedule.deadline.all_clear', { week })]] }], { summary: t('schedule.deadline.all_clear', { week: formatWeek(status.week) }) });
  const blocks: Block[] = [{ kind: 'heading', text: t(input.scope === 'all' ? 'schedule.deadline.title' : 'schedule.deadline.leader_title', { week, deadline }) }];
  if (input.scope === 'all') {
    const { counts } = status;
    blocks.push({ kind: 'text', lines: [[t('schedule.deadline.summary', { total: counts.total, reported: counts.on_time + counts.late, overdue: overdue.length, paused: counts.paused })]] });
  }
  const byUnit = new Map<string, { unit: Unit; items: OverdueItem[] }>();
  for (const o of overdue) {
    const group = byUnit.get(o.item.project.unitId) ?? { unit: o.item.project.unit, items: [] };
    group.items.push(o);
    byUnit.set(o.item.project.unitId, group);
  }
  for (const { unit, items } of byUnit.values()) {
    blocks.push({ kind: 'text', lines: [[{ bold: unit.name }]] });
    blocks.push({
      kind: 'list',
      items: items.map(({ item, misses }) => {
        const line: Line = [t('schedule.item.overdue', { code: item.project.code, name: item.project.name, owner: item.project.owner?.name ?? '—' })];
        if (misses >= input.standingsAfter) line.push(t('schedule.item.streak', { weeks: misses }));
        return line;
      }),
    });
  }
  // The owners' instruction (补报 needs a reason) is not for leaders; the project office gets what it can do.
  if (input.scope === 'all') blocks.push({ kind: 'text', lines: [[t('schedule.deadline.office_hint')]] });
  return message(blocks, { summary: t('schedule.deadline.summary_short', { week: formatWeek(status.week), overdue: overdue.length }) });
}

/** The short notice a summary job posts when its handler produced no messages of its own. */
export function triggerNoticeView(t: Translate, job: 'digest' | 'monthly' | 'quarterly', period: string): OutboundMessage {
  const text = t('schedule.trigger.done', { job: t(`schedule.job.${job}` as MessageKey), period });
  return message([{ kind: 'text', lines: [[text]] }], { summary: text });
}

/** To coordinators after downtime: the runs that were too old to catch up and were skipped. */
export function skippedRunsView(t: Translate, org: Org, input: { graceHours: number; runs: { job: string; period: string; dueAt: Date }[] }): OutboundMessage {
  return message(
    [
      { kind: 'heading', text: t('schedule.catchup.title') },
      { kind: 'text', lines: [[t('schedule.catchup.intro', { hours: input.graceHours })]] },
      {
        kind: 'list',
        items: input.runs.map((r) => [t('schedule.catchup.item', { job: t(`schedule.job.${r.job}` as MessageKey), period: r.period, due: localDateTime(r.dueAt, org.timeZone) })]),
      },
      { kind: 'text', lines: [[t('schedule.catchup.hint')]] },
    ],
    { summary: t('schedule.catchup.title') },
  );
}

/** To coordinators: the holiday data does not know a year. */
export function coverageWarningView(t: Translate, input: { year: number; lastCovered: number | null }): OutboundMessage {
  return message(
    [
      { kind: 'heading', text: t('schedule.coverage.title', { year: input.year }) },
      { kind: 'text', lines: [[t('schedule.coverage.body', { year: input.year, last: input.lastCovered ?? '—' })], [t('schedule.coverage.fix')]] },
      { kind: 'code', text: t('schedule.coverage.example', { year: input.year }) },
    ],
    { summary: t('schedule.coverage.title', { year: input.year }) },
  );
}
