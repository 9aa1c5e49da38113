// The Monday 'digest' job: each leader's digest privately (with 已阅), the standings to the groups.
import type { JobHandlerInput, JobHandlerOutput } from '../schedule/job-handlers.ts';
import { translator } from '../messages/catalog/index.ts';
import type { OutboundMessage } from '../messages/outbound.ts';
import { parseWeekId } from '../rules/period.ts';
import { renderGroupStandings, renderLeaderDigest } from '../views/digest-views.ts';
import { buildGroupStandings } from './build-group-standings.ts';
import { buildLeaderDigest } from './build-leader-digest.ts';
import { summarizeDigest } from './digest-summary.ts';
import { renderStandingsChart } from './standings-chart.ts';

function withSummary(message: OutboundMessage, summary: string | null): OutboundMessage {
  if (!summary) return message;
  const [heading, ...rest] = message.blocks;
  return heading?.kind === 'heading' ? { ...message, blocks: [heading, { kind: 'text', lines: [[summary]] }, ...rest] } : message;
}

/**
 * The digest job's handler. The scheduler queues its messages with keys
 * `digest:<period>:<orgId>:<recipient>` (recipient "person:<id>" or "group:<chat id>"), so each goes
 * once. A leader's digest carries the executive summary (the model's when it passes the checks, else
 * the template's); the standings carry the chart when it could be drawn (else text only).
 */
export async function sendWeeklyDigests(input: JobHandlerInput): Promise<JobHandlerOutput> {
  const { deps, org, audience } = input;
  const week = parseWeekId(input.period);
  if (!week) return { detail: `bad period ${input.period}` };
  const messages: NonNullable<JobHandlerOutput['messages']> = [];
  const leaders = await deps.db.person.findMany({ where: { orgId: org.id, isLeader: true }, orderBy: { name: 'asc' } });
  let unreachable = 0;
  for (const leader of leaders) {
    const to = audience.privateChat(leader);
    if (!to) {
      unreachable += 1;
      continue;
    }
    const digest = await buildLeaderDigest(deps, { org, leader, week });
    const locale = audience.localeOf(leader);
    const t = translator(locale);
    const summary = digest.figures.projects.length ? (await summarizeDigest(deps, { digest, t, locale })).text : null;
    messages.push({ recipient: `person:${leader.id}`, to, message: withSummary(renderLeaderDigest(t, digest), summary) });
  }
  if (audience.groups.length) {
    const standings = await buildGroupStandings(deps, { org, week });
    const text = renderGroupStandings(translator(audience.locale), standings);
    const chart = await renderStandingsChart(deps, { standings, locale: audience.locale }).catch((error: unknown) => {
      deps.log.warn('digest chart failed; the standings go out as text', { error: String(error) });
      return null;
    });
    const withChart = chart ? { ...text, attachment: { kind: 'image' as const, fileName: chart.name, path: chart.path, caption: translator(audience.locale)('digest.chart_caption') } } : text;
    for (const group of audience.groups) messages.push({ recipient: group.recipient, to: group.to, message: withChart });
  }
  return { messages, detail: `leaders ${leaders.length - unreachable}/${leaders.length}, groups ${audience.groups.length}` };
}
