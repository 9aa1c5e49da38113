// Registers the digest jobs on the default registry. Import once at start-up.
import { summarizeDigest } from '../../llm/summarize-digest.ts';
import type { LlmSettings } from '../../llm/client.ts';
import { registerJobHandler } from '../schedule/job-handlers.ts';
import { renderStandingsChart } from './standings-chart.ts';
import { sendPeriodSummaries } from './send-period-summaries.ts';
import { sendWeeklyDigests } from './send-weekly-digests.ts';

/**
 * Registers the 'digest', 'monthly' and 'quarterly' job handlers. Digest: leader digests with an executive summary (from the LLM when
 * `llm` is set and its answer passes the number check, else the template), the standings with the
 * chart attached. Returns a function that removes it.
 */
export function registerDigestJobs(options: { llm?: LlmSettings | null } = {}): () => void {
  const removers = [
    registerJobHandler(
      'digest',
      sendWeeklyDigests({
        chart: renderStandingsChart,
        summarize: async ({ digest, t, locale }) => (await summarizeDigest({ t, locale, digest, llm: options.llm ?? null })).text,
      }),
    ),
    registerJobHandler('monthly', sendPeriodSummaries('monthly')),
    registerJobHandler('quarterly', sendPeriodSummaries('quarterly')),
  ];
  return () => removers.forEach((remove) => remove());
}
