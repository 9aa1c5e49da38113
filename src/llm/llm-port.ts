// The core's language-model port over an OpenAI-compatible endpoint: prompts from prompts/, the
// HTTP call, and reading the answer. The core checks what comes back before anyone sees it.
import type { LlmPort } from '../core/ports.ts';
import { chatCompletion, type LlmSettings } from './client.ts';
import { extractReport } from './extract-report.ts';
import { loadPrompt, quoteAsData } from './prompts.ts';

/** The port for `settings`, or null when no model is configured. */
export function createLlmPort(settings: LlmSettings | null): LlmPort | null {
  if (!settings) return null;
  return {
    extractReport: (input) => extractReport({ ...input, llm: settings }),
    async summarizeDigest({ data, locale }) {
      try {
        return await chatCompletion(settings, [{ role: 'user', content: loadPrompt('digest-summary', locale, { data: quoteAsData(data) }) }]);
      } catch {
        return null;
      }
    },
  };
}
