// The executive summary on top of a leader digest: a few sentences from the language model when one
// is configured and its answer passes the checks, otherwise a template summary from the figures.
import type { CoreDeps } from '../context.ts';
import type { Translate } from '../messages/catalog/index.ts';
import { toPlainText } from '../messages/outbound.ts';
import { numbersGrounded } from '../rules/grounding.ts';
import { pct, wan } from '../views/format.ts';
import { renderLeaderDigest } from '../views/digest-views.ts';
import type { LeaderDigest } from './build-leader-digest.ts';

/** The summary and where it came from. */
export interface DigestSummary {
  text: string;
  source: 'llm' | 'template';
}

/**
 * The template summary: one sentence that reads the week (on time, late, missing; figures against
 * plan and pace), and the count of overdue problems when the digest's decision block lists none of
 * them. It does not repeat the counts and totals lines under it word for word: it says them as a
 * sentence, and says nothing of the decisions the next block lists.
 */
export function templateSummary(t: Translate, digest: LeaderDigest): string {
  const c = digest.counts;
  return t('digest.summary_template', {
    total: c.total,
    on_time: c.on_time,
    late: c.late,
    missing: c.missing,
    cumulative: wan(t, digest.totals.cumulative),
    rate: digest.totals.completion === null ? t('digest.no_rate') : `${pct(digest.totals.completion * 100)}%`,
    expected: pct(digest.figures.expected * 100),
  });
}

/**
 * The summary of a digest. With no model, on an error, after the timeout, or when the answer names
 * a number not in the data, the template summary. Never throws.
 */
export async function summarizeDigest(deps: Pick<CoreDeps, 'ports' | 'log'>, input: { t: Translate; locale: string; digest: LeaderDigest }): Promise<DigestSummary> {
  const fallback: DigestSummary = { text: templateSummary(input.t, input.digest), source: 'template' };
  const llm = deps.ports.llm;
  if (!llm || input.digest.figures.projects.length === 0) return fallback;
  const data = toPlainText(renderLeaderDigest(input.t, input.digest), { buttons: false });
  const answer = await llm.summarizeDigest({ data, locale: input.locale }).catch(() => null);
  if (!answer) return fallback;
  if (!numbersGrounded(answer, `${data}\n${fallback.text}`)) {
    deps.log.info('the model’s digest summary named a number not in the data; the template is used');
    return fallback;
  }
  return { text: answer, source: 'llm' };
}
