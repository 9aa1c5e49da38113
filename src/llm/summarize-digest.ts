// The executive summary on top of a leader digest: a few sentences from the LLM when one is set
// and its answer passes the number check; otherwise a deterministic template summary.
import type { LeaderDigest } from '../core/digest/build-leader-digest.ts';
import type { Translate } from '../core/messages/catalog/index.ts';
import { toPlainText } from '../core/messages/outbound.ts';
import { formatWan } from '../core/rules/money.ts';
import { pct } from '../core/views/format.ts';
import { renderLeaderDigest } from '../core/views/digest-views.ts';
import { chatCompletion, type LlmSettings } from './client.ts';
import { loadPrompt } from './prompts.ts';

/** The summary and where it came from. */
export interface DigestSummary {
  text: string;
  source: 'llm' | 'template';
}

/** Numbers in a text, normalised: "3,200" → "3200", "32.0" → "32", full-width digits folded. */
export function numbersIn(text: string): string[] {
  const folded = text.normalize('NFKC');
  const found = folded.match(/\d[\d,]*(?:\.\d+)?/g) ?? [];
  return found.map((n) => {
    const plain = n.replace(/,/g, '');
    return plain.includes('.') ? plain.replace(/\.?0+$/, '') : plain;
  });
}

/** True when every number of `answer` appears among the numbers of `data` (week numbers and years included). */
export function numbersGrounded(answer: string, data: string): boolean {
  const known = new Set(numbersIn(data));
  return numbersIn(answer).every((n) => known.has(n));
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

/**
 * The summary of a digest. With no LLM, on an error, after the timeout, or when the answer names a
 * number not in the data, the template summary. Never throws.
 */
export async function summarizeDigest(input: { t: Translate; locale: string; digest: LeaderDigest; llm: LlmSettings | null; log?: (message: string) => void }): Promise<DigestSummary> {
  const fallback: DigestSummary = { text: templateSummary(input.t, input.digest), source: 'template' };
  if (!input.llm || input.digest.figures.projects.length === 0) return fallback;
  const data = toPlainText(renderLeaderDigest(input.t, input.digest), { buttons: false });
  try {
    const prompt = loadPrompt('digest-summary', input.locale, { data });
    const answer = await chatCompletion(input.llm, [{ role: 'user', content: prompt }]);
    if (!numbersGrounded(answer, `${data}\n${fallback.text}`)) {
      input.log?.('LLM summary named a number not in the data; template used');
      return fallback;
    }
    return { text: answer, source: 'llm' };
  } catch (error) {
    input.log?.(`LLM summary failed: ${String(error)}`);
    return fallback;
  }
}
