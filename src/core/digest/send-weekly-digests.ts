// The Monday 'digest' job: each leader's digest privately (with 已阅), the standings to the groups.
import type { JobHandlerInput, JobHandlerOutput } from '../schedule/job-handlers.ts';
import { translator, type Translate } from '../messages/catalog/index.ts';
import type { OutboundMessage } from '../messages/outbound.ts';
import { parseWeekId } from '../rules/period.ts';
import { renderGroupStandings, renderLeaderDigest } from '../views/digest-views.ts';
import { buildGroupStandings } from './build-group-standings.ts';
import { buildLeaderDigest, type LeaderDigest } from './build-leader-digest.ts';

/** Optional hooks: the chart to attach to the standings (step 2). */
export interface WeeklyDigestOptions {
  /** Renders the standings chart and returns its file path, or null. Errors are logged and ignored. */
  chart?: (input: { standings: Awaited<ReturnType<typeof buildGroupStandings>>; locale: string }) => Promise<{ path: string; fileName: string } | null>;
  /** The executive summary put on top of a leader digest (step 3); must not throw, errors are logged and ignored. */
  summarize?: (input: { digest: LeaderDigest; t: Translate; locale: string }) => Promise<string | null>;
}

function withSummary(message: OutboundMessage, summary: string | null): OutboundMessage {
  if (!summary) return message;
  const [heading, ...rest] = message.blocks;
  return heading?.kind === 'heading' ? { ...message, blocks: [heading, { kind: 'text', lines: [[summary]] }, ...rest] } : message;
}

/**
 * Builds the digest job's messages. The scheduler queues them with keys
 * `digest:<period>:<orgId>:<recipient>` (recipient "person:<id>" or "group:<chat id>"), so each goes once.
 */
export function sendWeeklyDigests(options: WeeklyDigestOptions = {}): (input: JobHandlerInput) => Promise<JobHandlerOutput> {
  return async (input: JobHandlerInput): Promise<JobHandlerOutput> => {
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
      let summary: string | null = null;
      if (options.summarize && digest.figures.projects.length) {
        try {
          summary = await options.summarize({ digest, t, locale });
        } catch (error) {
          deps.log.warn('digest summary failed', { error: String(error) });
        }
      }
      messages.push({ recipient: `person:${leader.id}`, to, message: withSummary(renderLeaderDigest(t, digest), summary) });
    }
    if (audience.groups.length) {
      const standings = await buildGroupStandings(deps, { org, week });
      const text = renderGroupStandings(translator(audience.locale), standings);
      let attachment: { path: string; fileName: string } | null = null;
      if (options.chart) {
        try {
          attachment = await options.chart({ standings, locale: audience.locale });
        } catch (error) {
          deps.log.warn('digest chart failed', { error: String(error) });
        }
      }
      const withChart = attachment ? { ...text, attachment: { kind: 'image' as const, ...attachment, caption: translator(audience.locale)('digest.chart_caption') } } : text;
      for (const group of audience.groups) messages.push({ recipient: group.recipient, to: group.to, message: withChart });
    }
    return { messages, detail: `leaders ${leaders.length - unreachable}/${leaders.length}, groups ${audience.groups.length}` };
  };
}
