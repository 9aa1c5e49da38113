// The dependency rules are enforced by ESLint (eslint.config.js): a core file that reaches the
// outside world directly fails the lint, and the real tree passes it.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ["import { chatCompletion } from '../../llm/client.ts';"],
    ["import { renderChartPng } from '../../charts/render-chart.ts';"],
    ["import { readTable } from '../../io/read-table.ts';"],
    ["import { readFile } from 'node:fs/promises';"],
    ["import type { Org } from '../../db/generated/sqlite/client.ts';"],
    ["import { Bot } from 'grammy';"],
    ["import { createFileStore } from '../../storage/file-store.ts';"],
  ])('refuses a core use case that imports %s', async (line) => {
    expect(await problems('src/core/reports/example.ts', `${line}\nexport const x = 1;\n`)).toHaveLength(1);
  });

  it('refuses the database in core/rules, and allows ports and the database in use cases', async () => {
    expect(await problems('src/core/rules/example.ts', "import type { Db } from '../../db/client.ts';\nexport type X = Db;\n")).toHaveLength(1);
    expect(await problems('src/core/reports/example.ts', "import type { Db } from '../../db/client.ts';\nimport type { Ports } from '../ports.ts';\nexport type X = [Db, Ports];\n")).toEqual([]);
  });
});
