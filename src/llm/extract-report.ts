// Reads a report written in prose with the LLM. The result is only a proposal: the caller shows it
// back and stores nothing until the owner confirms. Numbers the owner did not write are dropped.
import { z } from 'zod';
import { chatCompletion, type LlmSettings } from './client.ts';
import { loadPrompt, quoteAsData } from './prompts.ts';
import { numbersIn } from '../core/rules/grounding.ts';
import type { ExtractedReport } from '../core/ports.ts';

export type { ExtractedReport } from '../core/ports.ts';

const num = z.number().finite().nonnegative().nullable().catch(null);
const str = z.string().trim().min(1).max(2000).nullable().catch(null);
const answerSchema = z.object({
  project: z.union([z.string(), z.number()]).nullable().catch(null).default(null),
  progress: num.default(null),
  cumulativeWan: num.default(null),
  investedThisWeekWan: num.default(null),
  done: str.default(null),
  problems: str.default(null),
  nextPlan: str.default(null),
  help: str.default(null),
});

/**
 * Extracts the fields of `text` for one of `projects` (code and name). Returns null with no LLM, on
 * an error or timeout, on an unreadable answer, or when no project or no figure could be read.
 */
export async function extractReport(input: { text: string; locale: string; projects: { code: string; name: string }[]; llm: LlmSettings | null }): Promise<ExtractedReport | null> {
  if (!input.llm) return null;
  try {
    const prompt = loadPrompt('extract-report', input.locale, { text: quoteAsData(input.text), projects: input.projects.map((p) => `${p.code} ${p.name}`).join('\n') });
    const answer = await chatCompletion(input.llm, [{ role: 'user', content: prompt }]);
    const json = /\{[\s\S]*\}/.exec(answer)?.[0];
    if (!json) return null;
    const parsed = answerSchema.parse(JSON.parse(json));
    const said = new Set(numbersIn(input.text));
    const grounded = (n: number | null) => (n !== null && said.has(numbersIn(String(n))[0] ?? '') ? n : null);
    const wanted = parsed.project === null ? '' : String(parsed.project).trim();
    const project = input.projects.find((p) => p.code === wanted) ?? input.projects.find((p) => wanted && (p.name === wanted || p.name.includes(wanted))) ?? (input.projects.length === 1 ? input.projects[0] : undefined);
    const progress = grounded(parsed.progress);
    const result: ExtractedReport = {
      projectCode: project?.code ?? null,
      progress: progress !== null && progress <= 100 ? progress : null,
      cumulativeWan: grounded(parsed.cumulativeWan),
      investedThisWeekWan: grounded(parsed.investedThisWeekWan),
      done: parsed.done,
      problems: parsed.problems,
      nextPlan: parsed.nextPlan,
      help: parsed.help,
    };
    if (!result.projectCode || (result.progress === null && result.cumulativeWan === null && result.investedThisWeekWan === null && !result.done)) return null;
    return result;
  } catch {
    return null;
  }
}
