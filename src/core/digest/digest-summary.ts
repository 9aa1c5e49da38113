// The executive summary on top of a leader digest: a few sentences from the language model when one
// is configured and its answer passes the checks, otherwise a template summary from the figures.
import type { CoreDeps } from '../context.ts';
import type { Translate } from '../messages/catalog/index.ts';
import { toPlainText } from '../messages/outbound.ts';
import { formatWan } from '../rules/money.ts';
import { claimsCompletion, numbersGrounded, plainAnswer } from '../rules/grounding.ts';
import { pct } from '../views/format.ts';
import { renderLeaderDigest } from '../views/digest-views.ts';
import type { LeaderDigest } from './build-leader-digest.ts';

/** The summary and where it came from. */
export interface DigestSummary {
  text: string;
  source: 'llm' | 'template';
}

/** The template summary: counts, totals against plan and pace, escalations, decisions. */
export function templateSummary(t: Translate, digest: LeaderDigest): string {
  const c = digest.counts;
  const parts = [
    t('digest.summary_template', {
      total: c.total,
      on_time: c.on_time,
      late: c.late,
      missing: c.missing,
      cumulative: formatWan(digest.totals.cumulative),
      rate: digest.totals.completion === null ? '—' : pct(digest.totals.completion * 100),
      expected: pct(digest.figures.expected * 100),
    }),
  ];
  if (digest.escalated.length) parts.push(t('digest.summary_escalated', { count: digest.escalated.length }));
  if (digest.help.length) parts.push(t('digest.summary_help', { count: digest.help.length }));
  return parts.join('');
}

/** True when the figures show something complete: the annual plan met, or a project at 100% 形象进度. */
export function completionShown(digest: LeaderDigest): boolean {
  return (digest.totals.completion ?? 0) >= 1 || digest.figures.projects.some((f) => (f.progress ?? 0) >= 100 || (f.completion ?? 0) >= 1);
}

/**
 * The summary of a digest. The owners' text in the data goes to the model quoted as data (the LLM
 * port); the answer is stripped of links and mentions and labelled as machine-written. With no
 * model, on an error, after the timeout, when the answer names a number not in the data, or claims
 * completion the figures do not show, the template summary. Never throws.
 */
export async function summarizeDigest(deps: Pick<CoreDeps, 'ports' | 'log'>, input: { t: Translate; locale: string; digest: LeaderDigest }): Promise<DigestSummary> {
  const fallback: DigestSummary = { text: templateSummary(input.t, input.digest), source: 'template' };
  const llm = deps.ports.llm;
  if (!llm || input.digest.figures.projects.length === 0) return fallback;
  const data = toPlainText(renderLeaderDigest(input.t, input.digest), { buttons: false });
  const answer = await llm.summarizeDigest({ data, locale: input.locale }).catch(() => null);
  const text = answer ? plainAnswer(answer) : '';
  if (!text) return fallback;
  if (!numbersGrounded(text, `${data}\n${fallback.text}`)) {
    deps.log.info('the model’s digest summary named a number not in the data; the template is used');
    return fallback;
  }
  if (claimsCompletion(text) && !completionShown(input.digest)) {
    deps.log.info('the model’s digest summary claimed a completion the figures do not show; the template is used');
    return fallback;
  }
  return { text: `${text}${input.t('digest.summary_ai_label')}`, source: 'llm' };
}
