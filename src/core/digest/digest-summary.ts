// The executive summary on top of a leader digest: a few sentences from the language model when one
// is configured and its answer passes the checks, otherwise a template summary from the figures.
import type { CoreDeps } from '../context.ts';
import type { Translate } from '../messages/catalog/index.ts';
import { toPlainText } from '../messages/outbound.ts';
import { claimsCompletion, numbersGrounded, plainAnswer } from '../rules/grounding.ts';
import { paceFlag } from '../rules/pace.ts';
import { pct } from '../views/format.ts';
import { renderLeaderDigest } from '../views/digest-views.ts';
import type { LeaderDigest } from './build-leader-digest.ts';

/** The summary and where it came from. */
export interface DigestSummary {
  text: string;
  source: 'llm' | 'template';
}

/**
 * The template summary: one sentence with the verdict the lines under it do not spell out (did
 * everyone report; is the whole on pace), never a copy of the counts, totals or decision lines.
 */
export function templateSummary(t: Translate, digest: LeaderDigest): string {
  const c = digest.counts;
  const reporting = c.missing === 0 && c.late === 0 ? t('digest.summary.all_on_time') : t('digest.summary.not_all', { missing: c.missing, late: c.late });
  const { figures } = digest;
  const flag = paceFlag(digest.totals.completion, figures.expected, figures.settings);
  const behind = pct(Math.max(0, figures.expected - (digest.totals.completion ?? 0)) * 100);
  return t('digest.summary_template', { reporting, pace: t(`digest.summary.pace.${flag}`, { behind }) });
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
