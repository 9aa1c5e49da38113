// The leader digest and the group standings as messages: short, exact, readable on a phone.
import type { LeaderDigest } from '../digest/build-leader-digest.ts';
import type { GroupStandings, StandingsUnit } from '../digest/build-group-standings.ts';
import type { ProjectFigures } from '../digest/load-week-figures.ts';
import type { PeriodSummary, UnitPeriodFigures } from '../digest/build-monthly-dispatch.ts';
import type { Translate } from '../messages/catalog/index.ts';
import { message, type Block, type Line, type OutboundMessage } from '../messages/outbound.ts';
import { paceFlag, type PaceFlag } from '../rules/pace.ts';
import { formatWeek, parseWeekId } from '../rules/period.ts';
import type { StandingsGroup } from '../rules/standings.ts';
import { digestItemButtons, digestItemLines } from '../supervision/supervision-views.ts';
import { pct, signed, wan, weekLabel } from './format.ts';

/** A fraction as a percentage with its sign ("56.1%"), or a word when there is none: "—%" is never printed. */
function percentOf(t: Translate, value: number | null): string {
  return value === null ? t('digest.no_rate') : `${pct(value * 100)}%`;
}
const progress = (value: number | null): string => (value === null ? '—' : `${pct(value)}%`);
/** 序时进度 points behind (expected − completion), one decimal. */
const behind = (completion: number | null, expected: number): string => pct((expected - (completion ?? 0)) * 100);

/** Lines of the decision block before it is cut to fit a phone screen. */
const MAX_DECISIONS = 6;

/** 「，沿用第46周」 / 「，为年初已完成数」 / '' for a project's cumulative. */
export function carriedLabel(t: Translate, f: Pick<ProjectFigures, 'cumulativeSource' | 'carriedFrom'>): string {
  if (f.cumulativeSource === 'opening') return t('digest.carried_opening');
  const week = f.carriedFrom ? parseWeekId(f.carriedFrom) : null;
  return f.cumulativeSource === 'carried' && week ? t('digest.carried', { week: t('digest.carried_week', { week: week.week }) }) : '';
}

/** A problem's age: 本周新增, or 已 N 周. Never 「（0 周）」. */
export function problemAge(t: Translate, ageWeeks: number): string {
  return ageWeeks <= 0 ? t('digest.age.new') : t('digest.age.weeks', { weeks: ageWeeks });
}

/**
 * A leader's digest, on one phone screen: what needs a decision first (需协调事项, 🔴 projects,
 * overdue problems; at most six lines), then the week in five lines. The 已阅 button carries
 * `digest:ack:<period>`. Details per project are in the ledger.
 */
export function renderLeaderDigest(t: Translate, digest: LeaderDigest): OutboundMessage {
  const { figures, leader } = digest;
  const week = weekLabel(t, figures.week);
  if (figures.projects.length === 0) {
    return message([{ kind: 'text', lines: [[t('digest.no_projects', { leader: leader.name })]] }], { summary: t('digest.no_projects', { leader: leader.name }) });
  }
  const nameOf = new Map(figures.projects.map((f) => [f.project.id, f.project.name]));
  // 督办 items the leader can act on (buttons under the digest) are named here by their number; a
  // 需协调事项 that is already such an item is not listed twice.
  const escalatedNumbers = new Set(digest.escalated.map((p) => p.problem.number));
  const itemNumbers = new Set<number>(escalatedNumbers);
  const items = [...digest.overdueItems, ...digest.actionItems].filter((d) => !itemNumbers.has(d.item.number) && itemNumbers.add(d.item.number));
  const itemTexts = new Set(items.map((d) => d.item.text.trim()));
  const decisions: Line[] = [
    ...digest.help.filter((h) => !itemTexts.has(h.text)).map((h): Line => [t('digest.decision_help', { ...h })]),
    ...digest.red.map((f): Line => [t('digest.decision_red', { code: f.project.code, name: f.project.name, rate: percentOf(t, f.completion), behind: behind(f.completion, f.expected) })]),
    ...digest.escalated.map((p): Line => [t('digest.decision_problem', { number: p.problem.number, code: p.projectCode, name: nameOf.get(p.problem.projectId) ?? '', text: p.problem.text, age: problemAge(t, p.ageWeeks) })]),
    ...digestItemLines(t, figures.org, items),
  ];
  const blocks: Block[] = [{ kind: 'heading', text: t('digest.title', { leader: leader.name, week }) }];
  if (decisions.length) {
    const shown = decisions.length > MAX_DECISIONS ? decisions.slice(0, MAX_DECISIONS - 1) : decisions;
    blocks.push({ kind: 'heading', text: t('digest.decisions_heading', { count: decisions.length }) });
    blocks.push({ kind: 'list', items: shown });
    if (shown.length < decisions.length) blocks.push({ kind: 'text', lines: [[t('digest.decisions_more', { count: decisions.length - shown.length })]] });
  } else {
    blocks.push({ kind: 'text', lines: [[t('digest.decisions_none')]] });
  }
  const c = digest.counts;
  const lines: Line[] = [[t('digest.counts', { ...c }) + (c.completed ? t('digest.counts_completed', { completed: c.completed }) : '')]];
  if (figures.reportCount === 0) lines.push([t('digest.no_reports', { week })]);
  lines.push([
    t('digest.totals', {
      plan: wan(t, digest.totals.plan),
      cumulative: wan(t, digest.totals.cumulative),
      rate: percentOf(t, digest.totals.completion),
      expected: pct(figures.expected * 100),
      flag: t(`digest.flag.${flagOf(digest)}`),
    }),
  ]);
  const flags = { green: 0, amber: 0, red: 0 };
  for (const f of figures.projects) if (f.flag !== 'none' && f.state !== 'completed') flags[f.flag] += 1;
  lines.push([t('digest.flags', flags)]);
  const missing = figures.projects.filter((f) => f.state === 'missing');
  if (missing.length) {
    const items = missing.map((f) => t('digest.missing_item', { code: f.project.code, name: f.project.name, cumulative: wan(t, f.cumulative), carried: carriedLabel(t, f) }));
    lines.push([t('digest.missing_line', { items: items.join('；') })]);
  }
  lines.push([t('digest.problems_line', { count: figures.problems.length, raised: digest.raisedThisWeek, closed: digest.closedThisWeek })]);
  blocks.push({ kind: 'text', lines });
  return message(blocks, {
    buttons: [{ label: t('digest.ack_button'), action: `digest:ack:${formatWeek(figures.week)}`, style: 'primary' }, ...digestItemButtons(t, digest.actionItems)],
    summary: t('digest.title', { leader: leader.name, week }),
  });
}

function flagOf(digest: LeaderDigest): PaceFlag {
  return paceFlag(digest.totals.completion, digest.figures.expected, digest.figures.settings);
}

function rankLines(t: Translate, group: StandingsGroup<StandingsUnit>): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', text: group.category ? t('digest.ranking_group_heading', { category: group.category }) : t('digest.ranking_heading') },
    {
      kind: 'list',
      items: group.units.map((u) => [
        t('digest.rank_line', { rank: u.rank, unit: u.name, rate: percentOf(t, u.completion), flag: t(`digest.flag.${u.flag}`), onTime: percentOf(t, u.onTime), overdue: u.overdueProblems }),
      ]),
    },
  ];
  if (group.units.length >= 2) {
    const names = (units: readonly StandingsUnit[]) => (units.length ? units.map((u) => u.name).join('、') : t('digest.list_none'));
    blocks.push({ kind: 'text', lines: [[t('digest.red_list', { units: names(group.red) })], [t('digest.black_list', { units: names(group.black) })]] });
  }
  return blocks;
}

/** The group standings (红黑榜), ranked within each 单位类别. */
export function renderGroupStandings(t: Translate, standings: GroupStandings): OutboundMessage {
  const { figures } = standings;
  const week = weekLabel(t, figures.week);
  const blocks: Block[] = [{ kind: 'heading', text: t('digest.standings_title', { week }) }];
  const head: Line[] = [];
  if (figures.reportCount === 0) head.push([t('digest.no_reports', { week })]);
  head.push([
    t('digest.standings_totals', {
      count: figures.projects.length,
      plan: wan(t, figures.totals.plan),
      cumulative: wan(t, figures.totals.cumulative),
      rate: percentOf(t, figures.totals.completion),
      expected: pct(figures.expected * 100),
    }),
  ]);
  const carried = figures.projects.filter((f) => f.cumulativeSource === 'carried' && f.state !== 'completed').length;
  if (carried) head.push([t('digest.standings_carried', { count: carried })]);
  blocks.push({ kind: 'text', lines: head });
  for (const group of standings.groups) blocks.push(...rankLines(t, group));
  if (standings.unranked.length) blocks.push({ kind: 'text', lines: [[t('digest.unranked', { units: standings.unranked.map((u) => u.name).join('、') })]] });
  blocks.push({ kind: 'heading', text: t('digest.movers_heading') });
  blocks.push(
    standings.movers.length
      ? {
          kind: 'list',
          items: standings.movers.map((m) => [
            t('digest.mover_line', { code: m.code, name: m.project.name, previous: progress(m.previousProgress), progress: progress(m.progress), change: signed(m.change) }),
          ]),
        }
      : { kind: 'text', lines: [[t('digest.none')]] },
  );
  blocks.push({ kind: 'heading', text: t('digest.lagging_heading') });
  blocks.push(
    standings.lagging.length
      ? {
          kind: 'list',
          items: standings.lagging.map((l) => {
            const reasons: string[] = [];
            if (l.missStreak >= figures.settings.lagMissStreak) reasons.push(t('digest.lag_streak', { weeks: l.missStreak }));
            if (l.flag === 'red') reasons.push(t('digest.lag_red', { rate: percentOf(t, l.completion), behind: behind(l.completion, l.expected) }));
            return [t('digest.lagging_line', { code: l.code, name: l.project.name, reasons: reasons.join('；') })];
          }),
        }
      : { kind: 'text', lines: [[t('digest.none')]] },
  );
  const { amberPoints, redPoints, redListOnTime } = figures.settings;
  blocks.push({ kind: 'text', lines: [[t('digest.flag_rule', { amber: amberPoints, red: redPoints })], [t('digest.list_rule', { onTime: redListOnTime })]] });
  return message(blocks, { summary: t('digest.standings_title', { week }) });
}

/** The monthly dispatch report (每月调度) or the quarterly summary. */
export function renderPeriodSummary(t: Translate, kind: 'monthly' | 'quarterly', summary: PeriodSummary): OutboundMessage {
  const title = t(kind === 'monthly' ? 'digest.monthly_title' : 'digest.quarterly_title', { period: summary.period });
  const line = (u: UnitPeriodFigures) =>
    t('digest.period_line', {
      unit: u.name || t('digest.period_total'),
      cumulative: wan(t, u.cumulative),
      change: `${u.cumulative >= u.previousCumulative ? '+' : ''}${wan(t, u.cumulative - u.previousCumulative)}`,
      rate: percentOf(t, u.completion),
      reporting: percentOf(t, u.reportingRate),
      opened: u.opened,
      closed: u.closed,
    });
  return message(
    [
      { kind: 'heading', text: title },
      { kind: 'text', lines: [[line(summary.totals)]] },
      { kind: 'list', items: summary.units.map((u) => [line(u)]) },
    ],
    { summary: title },
  );
}
