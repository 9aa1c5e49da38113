// Prompts are plain files in prompts/<name>.<locale>.md that users may edit; {placeholders} are filled in.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** The markers around text from users in a prompt (the prompt files tell the model what they mean). */
export const DATA_START = '<<<数据开始>>>';
export const DATA_END = '<<<数据结束>>>';

/**
 * Text that came from users (a digest with owners' notes, a report in prose) as quoted data: between
 * the markers, with any marker look-alike inside it removed so it cannot close the quote early.
 */
export function quoteAsData(text: string): string {
  const inner = text.replace(/<{2,}\s*\/?\s*数据\s*(?:开始|结束)\s*>{2,}/g, '').replace(/<{3,}|>{3,}/g, '');
  return `${DATA_START}\n${inner}\n${DATA_END}`;
}

/** Loads `prompts/<name>.<locale>.md` (falling back to zh-CN) and fills `{key}` placeholders. */
export function loadPrompt(name: string, locale: string, params: Record<string, string | number> = {}, dir = PROMPTS_DIR): string {
  let text: string;
  try {
    text = readFileSync(`${dir}${name}.${locale}.md`, 'utf8');
  } catch {
    text = readFileSync(`${dir}${name}.zh-CN.md`, 'utf8');
  }
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
