// The 'monthly' and 'quarterly' jobs: the dispatch report / quarterly summary to the org's groups
// and to each coordinator privately.
import { translator } from '../messages/catalog/index.ts';
import type { JobHandlerInput, JobHandlerOutput } from '../schedule/job-handlers.ts';
import { renderPeriodSummary } from '../views/digest-views.ts';
import { buildMonthlyDispatch } from './build-monthly-dispatch.ts';
import { buildQuarterlySummary } from './build-quarterly-summary.ts';

/** Builds the messages of the monthly (period "2026-11") or quarterly (period "2026-Q4") job. */
export function sendPeriodSummaries(kind: 'monthly' | 'quarterly'): (input: JobHandlerInput) => Promise<JobHandlerOutput> {
  return async ({ deps, org, period, audience }) => {
    const summary = kind === 'monthly' ? await buildMonthlyDispatch(deps, { org, month: period }) : await buildQuarterlySummary(deps, { org, quarter: period });
    if (!summary) return { detail: `bad period ${period}` };
    const messages: NonNullable<JobHandlerOutput['messages']> = audience.groups.map((g) => ({ recipient: g.recipient, to: g.to, message: renderPeriodSummary(translator(audience.locale), kind, summary) }));
    for (const person of audience.coordinators) {
      const to = audience.privateChat(person);
      if (to) messages.push({ recipient: `person:${person.id}`, to, message: renderPeriodSummary(translator(audience.localeOf(person)), kind, summary) });
    }
    return { messages, detail: `${kind} ${period}: ${messages.length} messages` };
  };
}
