// The leader digest and the group standings as messages: short, exact, readable on a phone.
import type { LeaderDigest } from '../digest/build-leader-digest.ts';
import type { GroupStandings } from '../digest/build-group-standings.ts';
import type { PeriodSummary, UnitPeriodFigures } from '../digest/build-monthly-dispatch.ts';
import type { Translate } from '../messages/catalog/index.ts';
import { message, type Block, type Line, type OutboundMessage } from '../messages/outbound.ts';
import { paceFlag, type PaceFlag } from '../rules/pace.ts';
import { formatWeek } from '../rules/period.ts';
import { digestItemBlocks, digestItemButtons } from '../supervision/supervision-views.ts';
import { pct, signed, wan, weekLabel } from './format.ts';

const rate = (value: number | null): string => (value === null ? '—' : pct(value * 100));
const progress = (value: number | null): string => (value === null ? '—' : `${pct(value)}%`);

/** A leader's digest. The 已阅 button carries `digest:ack:<period>`. */
export function renderLeaderDigest(t: Translate, digest: LeaderDigest): OutboundMessage {
  const { figures, leader } = digest;
  const week = weekLabel(t, figures.week);
  if (figures.projects.length === 0) {
    return message([{ kind: 'text', lines: [[t('digest.no_projects', { leader: leader.name })]] }], { summary: t('digest.no_projects', { leader: leader.name }) });
  }
  const blocks: Block[] = [{ kind: 'heading', text: t('digest.title', { leader: leader.name, week }) }];
  const head: Line[] = [[t('digest.counts', { ...digest.counts })]];
  if (figures.reportCount === 0) head.push([t('digest.no_reports', { week })]);
  head.push([
    t('digest.totals', {
      plan: wan(t, digest.totals.plan),
      cumulative: wan(t, digest.totals.cumulative),
      rate: rate(digest.totals.completion),
      expected: pct(figures.expected * 100),
      flag: t(`digest.flag.${flagOf(digest)}`),
    }),
  ]);
  blocks.push({ kind: 'text', lines: head });
  blocks.push({ kind: 'heading', text: t('digest.projects_heading') });
  blocks.push({
    kind: 'list',
    items: figures.projects.map((f) => [
      t('digest.project_line', {
        code: f.project.code,
        name: f.project.name,
        state: t(`digest.state.${f.state}`),
        progress: progress(f.progress),
        change: f.progress === null || f.previousProgress === null ? '—' : signed(f.progress - f.previousProgress),
        cumulative: wan(t, f.cumulative ?? 0n),
        rate: rate(f.completion),
        flag: t(`digest.flag.${f.flag}`),
      }),
    ]),
  });
  blocks.push({ kind: 'heading', text: t('digest.problems_heading', { count: figures.problems.length }) });
  const escalatedIds = new Set(digest.escalated.map((p) => p.problem.id));
  blocks.push(
    figures.problems.length
      ? {
          kind: 'list',
          items: [...figures.problems]
            .sort((a, b) => Number(escalatedIds.has(b.problem.id)) - Number(escalatedIds.has(a.problem.id)) || b.ageWeeks - a.ageWeeks || a.problem.number - b.problem.number)
            .map((p) => [
              (escalatedIds.has(p.problem.id) ? t('digest.problem_escalated', { weeks: figures.settings.escalateAfterWeeks }) : '') +
                t('digest.problem_line', { number: p.problem.number, code: p.projectCode, text: p.problem.text, weeks: p.ageWeeks }),
            ]),
        }
      : { kind: 'text', lines: [[t('digest.none')]] },
  );
  blocks.push({ kind: 'heading', text: t('digest.help_heading') });
  blocks.push(digest.help.length ? { kind: 'list', items: digest.help.map((h) => [t('digest.help_line', { ...h })]) } : { kind: 'text', lines: [[t('digest.none')]] });
  blocks.push(...digestItemBlocks(t, figures.org, digest));
  blocks.push({ kind: 'text', lines: [[t('digest.changes', { raised: digest.raisedThisWeek, closed: digest.closedThisWeek })], [t('digest.flag_rule', { points: figures.settings.amberPoints })]] });
  return message(blocks, {
    buttons: [{ label: t('digest.ack_button'), action: `digest:ack:${formatWeek(figures.week)}`, style: 'primary' }, ...digestItemButtons(t, digest.actionItems)],
    summary: t('digest.title', { leader: leader.name, week }),
  });
}

function flagOf(digest: LeaderDigest): PaceFlag {
  return paceFlag(digest.totals.completion, digest.figures.expected, digest.figures.settings.amberPoints);
}

/** The group standings (红黑榜). */
export function renderGroupStandings(t: Translate, standings: GroupStandings): OutboundMessage {
  const { figures } = standings;
  const week = weekLabel(t, figures.week);
  const plan = standings.units.reduce((s, u) => s + u.plan, 0n);
  const cumulative = standings.units.reduce((s, u) => s + u.cumulative, 0n);
  const blocks: Block[] = [{ kind: 'heading', text: t('digest.standings_title', { week }) }];
  const head: Line[] = [];
  if (figures.reportCount === 0) head.push([t('digest.no_reports', { week })]);
  head.push([
    t('digest.standings_totals', {
      plan: wan(t, plan),
      cumulative: wan(t, cumulative),
      rate: rate(plan === 0n ? null : Number((cumulative * 1_000_000n) / plan) / 1_000_000),
      expected: pct(figures.expected * 100),
    }),
  ]);
  blocks.push({ kind: 'text', lines: head });
  blocks.push({ kind: 'heading', text: t('digest.ranking_heading') });
  blocks.push({
    kind: 'list',
    items: standings.units.map((u) => [
      t('digest.rank_line', { rank: u.rank, unit: u.name, rate: rate(u.completion), flag: t(`digest.flag.${u.flag}`), onTime: rate(u.onTime), overdue: u.overdueProblems }),
    ]),
  });
  if (standings.units.length >= 2) {
    const n = Math.min(3, Math.floor(standings.units.length / 2));
    const top = standings.units.slice(0, n);
    const bottom = standings.units.slice(-n).reverse();
    blocks.push({ kind: 'text', lines: [[t('digest.red_list', { units: top.map((u) => u.name).join('、') })], [t('digest.black_list', { units: bottom.map((u) => u.name).join('、') })]] });
  }
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
            if (l.flag === 'red') reasons.push(t('digest.lag_red', { rate: rate(l.completion), expected: pct(figures.expected * 100) }));
            return [t('digest.lagging_line', { code: l.code, name: l.project.name, reasons: reasons.join('；') })];
          }),
        }
      : { kind: 'text', lines: [[t('digest.none')]] },
  );
  blocks.push({ kind: 'text', lines: [[t('digest.flag_rule', { points: figures.settings.amberPoints })]] });
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
      rate: rate(u.completion),
      reporting: rate(u.reportingRate),
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
