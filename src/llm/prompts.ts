// Prompts are plain files in prompts/<name>.<locale>.md that users may edit; {placeholders} are filled in.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

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
