// One leader's weekly digest: their projects only, plan against actual, problems, 需协调事项.
import type { Org, Person } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { formatWeek, weekEnd, weekStart, type IsoWeek } from '../rules/period.ts';
import { loadDigestItems, type DigestItem } from '../supervision/digest-items.ts';
import { loadWeekFigures, type OpenProblem, type ProjectFigures, type WeekFigures } from './load-week-figures.ts';

/** What a leader's digest says, before it is put into words. */
export interface LeaderDigest {
  leader: Person;
  figures: WeekFigures;
  /** `total`: the projects not 竣工 (the 竣工 ones are counted apart). */
  counts: { on_time: number; late: number; missing: number; paused: number; completed: number; total: number };
  /** Sum over the leader's projects (分): the week-figures totals, equal to the ledger's 合计. */
  totals: { plan: bigint; cumulative: bigint; completion: number | null };
  /** Projects that owed the report and are 🔴, most behind first. */
  red: ProjectFigures[];
  /** Open problems older than the escalation threshold. */
  escalated: OpenProblem[];
  /** 需协调事项 filed this week: project code and text. */
  help: { code: string; name: string; text: string }[];
  /** Problems raised and closed during the week. */
  raisedThisWeek: number;
  closedThisWeek: number;
  /** 督办 items of the leader's projects past their 期限 at the end of the week. */
  overdueItems: DigestItem[];
  /** The items whose 批示 / 转办 / 延期 buttons the digest carries. */
  actionItems: DigestItem[];
}

/** Builds the digest of `leader` for `week`. */
export async function buildLeaderDigest(deps: CoreDeps, input: { org: Org; leader: Person; week: IsoWeek }): Promise<LeaderDigest> {
  const figures = await loadWeekFigures(deps, { org: input.org, week: input.week, where: { leaderId: input.leader.id } });
  const counts = { on_time: 0, late: 0, missing: 0, paused: 0, completed: 0, total: 0 };
  for (const f of figures.projects) {
    counts[f.state] += 1;
    if (f.state !== 'completed') counts.total += 1;
  }
  const ids = figures.projects.map((f) => f.project.id);
  const closedThisWeek = ids.length
    ? await deps.db.problem.count({
        where: { orgId: input.org.id, project: { orgId: input.org.id, leaderId: input.leader.id }, closedAt: { gte: weekStart(input.week, input.org.timeZone), lt: weekEnd(input.week, input.org.timeZone) } },
      })
    : 0;
  const period = formatWeek(input.week);
  const items = await loadDigestItems(deps, { org: input.org, leader: input.leader, at: new Date(weekEnd(input.week, input.org.timeZone).getTime() - 1) });
  return {
    ...items,
    leader: input.leader,
    figures,
    counts,
    totals: figures.totals,
    red: figures.projects.filter((f) => f.flag === 'red' && f.state !== 'paused').sort((a, b) => (a.completion ?? 0) - (b.completion ?? 0)),
    escalated: figures.problems.filter((p) => p.ageWeeks >= figures.settings.escalateAfterWeeks),
    help: figures.projects.filter((f) => f.report && f.report.help.trim()).map((f) => ({ code: f.project.code, name: f.project.name, text: f.report?.help.trim() ?? '' })),
    raisedThisWeek: figures.problems.filter((p) => p.problem.raisedPeriod === period).length,
    closedThisWeek,
  };
}
