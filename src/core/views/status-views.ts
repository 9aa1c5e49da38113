// Messages about the week's state: /status, /missing, /projects, /history.
import type { Org, Person, Project, Unit } from '../model.ts';
import type { Translate } from '../messages/catalog/index.ts';
import { message, type Block, type Line, type OutboundMessage } from '../messages/outbound.ts';
import { parseWeekId } from '../rules/period.ts';
import type { HistoryEntry } from '../reports/report-history.ts';
import type { ProjectWeekStatus, WeekStatus } from '../reports/week-status.ts';
import { reportTemplate } from './report-views.ts';
import { pct, wan, wanShort, weekLabel, when } from './format.ts';

/** Resolves a person to their account on the destination platform, for @-mentions. */
export type MentionLookup = (person: Person) => string | undefined;

function ownerMention(item: ProjectWeekStatus, mentionOf: MentionLookup): Line {
  const owner = item.project.owner;
  if (!owner) return ['—'];
  const userId = mentionOf(owner);
  return [{ mention: userId ? { name: owner.name, userId } : { name: owner.name } }];
}

function itemLine(t: Translate, item: ProjectWeekStatus, overdue: boolean, mentionOf: MentionLookup): Line {
  const params = { code: item.project.code, name: item.project.name };
  switch (item.state) {
    case 'on_time':
      return [t('report.status.on_time', params)];
    case 'late':
      return [t('report.status.late', params)];
    case 'paused':
      return [t('report.status.paused', params)];
    case 'missing':
      return [t(overdue ? 'report.status.overdue' : 'report.status.missing', params), ...ownerMention(item, mentionOf)];
  }
}

export function statusView(t: Translate, org: Org, status: WeekStatus, mentionOf: MentionLookup): OutboundMessage {
  const { counts } = status;
  const blocks: Block[] = [
    { kind: 'heading', text: t('report.status.title', { week: weekLabel(t, status.week) }) },
    {
      kind: 'text',
      lines: [
        [
          t('report.status.summary', {
            ...counts,
            missing_label: t(status.deadlinePassed ? 'report.status.missing_after' : 'report.status.missing_before'),
          }),
        ],
        [t('report.status.deadline', { deadline: when(status.deadline, org.timeZone) })],
      ],
    },
  ];
  if (counts.total === 0) blocks.push({ kind: 'text', lines: [[t('report.status.empty')]] });
  for (const { unit, items } of status.units) {
    blocks.push({ kind: 'text', lines: [[{ bold: unit.name }]] });
    blocks.push({ kind: 'list', items: items.map((item) => itemLine(t, item, status.deadlinePassed, mentionOf)) });
  }
  return message(blocks, { summary: t('report.status.title', { week: weekLabel(t, status.week) }) });
}

export function missingView(t: Translate, org: Org, status: WeekStatus, mentionOf: MentionLookup): OutboundMessage {
  const missing = status.units.map(({ unit, items }) => ({ unit, items: items.filter((i) => i.state === 'missing') })).filter((u) => u.items.length > 0);
  const week = weekLabel(t, status.week);
  if (missing.length === 0) return message([{ kind: 'text', lines: [[t('report.missing.none', { week })]] }]);
  const titleKey = status.deadlinePassed ? 'report.missing.title_overdue' : 'report.missing.title';
  const blocks: Block[] = [{ kind: 'heading', text: t(titleKey, { week, deadline: when(status.deadline, org.timeZone) }) }];
  for (const { unit, items } of missing) {
    blocks.push({ kind: 'text', lines: [[{ bold: unit.name }]] });
    blocks.push({ kind: 'list', items: items.map((item) => itemLine(t, item, status.deadlinePassed, mentionOf)) });
  }
  const first = missing[0]?.items[0];
  if (first) blocks.push({ kind: 'text', lines: [[t('report.missing.copy')]] }, { kind: 'code', text: reportTemplate(t, first.project.code) });
  return message(blocks);
}

export function projectsView(t: Translate, projects: (Project & { unit: Unit; owner: Person | null })[]): OutboundMessage {
  if (projects.length === 0) return message([{ kind: 'text', lines: [[t('report.status.empty')]] }]);
  return message([
    { kind: 'heading', text: t('report.projects.title', { count: projects.length }) },
    {
      kind: 'list',
      items: projects.map((p) => [
        t('report.projects.item', { code: p.code, name: p.name, unit: p.unit.name, owner: p.owner?.name ?? '—', total: wanShort(p.totalInvestment), plan: wanShort(p.annualPlan) }),
      ]),
    },
  ]);
}

export function historyView(t: Translate, org: Org, project: Project, history: HistoryEntry[]): OutboundMessage {
  const blocks: Block[] = [{ kind: 'heading', text: t('report.history.title', { project: `${project.code} ${project.name}` }) }];
  if (history.length === 0) blocks.push({ kind: 'text', lines: [[t('report.history.none')]] });
  for (const { report, revisions, photos } of history) {
    const week = parseWeekId(report.period);
    blocks.push({
      kind: 'text',
      lines: [
        [
          {
            bold: t('report.history.week', {
              week: week ? weekLabel(t, week) : report.period,
              progress: report.progress == null ? '—' : `${pct(report.progress)}%`,
              cumulative: wan(t, report.cumulative),
              state: report.late ? t('report.stored.late', { reason: report.lateReason }) : t('report.stored.on_time'),
            }),
          },
          ...(photos > 0 ? [t('photos.history', { count: photos })] : []),
        ],
      ],
    });
    blocks.push({
      kind: 'list',
      items: revisions.map((v) => [
        t('report.history.revision', {
          revision: v.revision,
          time: when(v.filedAt, org.timeZone),
          author: v.authorName,
          behalf: v.onBehalf ? t('report.history.behalf') : '',
          summary: [v.progress == null ? '' : `${pct(v.progress)}%`, v.cumulative == null ? '' : wan(t, v.cumulative), v.done, v.correction ? t('report.stored.correction', { reason: v.correction }) : '']
            .filter(Boolean)
            .join('；'),
        }),
      ]),
    });
  }
  return message(blocks);
}
