// The heavy packages stay out of the bot's start-up: the Lark SDK (~121 MB when loaded), ECharts
// (~68 MB) and ExcelJS (~20 MB) load on first use only (a dynamic import() or a require() at call
// time). This walks the static import graph from src/main.ts, plus the Telegram adapter that
// create-app.ts imports dynamically for a Telegram-only config, and fails when one of them is
// reached by a static import. `import type` is erased and not followed; `import { type X }` is kept
// by verbatimModuleSyntax (it still loads the module) and is followed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const HEAVY = ['@larksuiteoapi/node-sdk', 'echarts', 'exceljs'] as const;

/** The module specifiers a file loads when it is imported: static imports and re-exports that survive compilation. */
function staticSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (statement.importClause?.isTypeOnly) continue;
      out.push(statement.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(statement) && !statement.isTypeOnly && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      out.push(statement.moduleReference.expression.text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (statement.isTypeOnly) continue;
      out.push(statement.moduleSpecifier.text);
    }
  }
  return out;
}

/** Every project file and bare package the entries reach through static imports, with the path that reached each package. */
function staticGraph(entries: string[]): { files: Set<string>; packages: Map<string, string[]> } {
  const files = new Set<string>();
  const packages = new Map<string, string[]>();
  const queue: { file: string; via: string[] }[] = entries.map((file) => ({ file: resolve(root, file), via: [] }));
  while (queue.length) {
    const { file, via } = queue.shift() as { file: string; via: string[] };
    if (files.has(file)) continue;
    files.add(file);
    const path = [...via, relative(root, file)];
    for (const specifier of staticSpecifiers(file, readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        const found = [target, `${target}.ts`, join(target, 'index.ts')].find((f) => existsSync(f) && !f.endsWith('/'));
        if (!found) throw new Error(`${relative(root, file)}: cannot resolve ${specifier}`);
        queue.push({ file: found, via: path });
      } else if (!specifier.startsWith('node:')) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
        if (!packages.has(name)) packages.set(name, path);
      }
    }
  }
  return { files, packages };
}

describe('lazy heavy packages', () => {
  const graph = staticGraph(['src/main.ts', 'src/adapters/telegram/index.ts']);

  it.each(HEAVY)('%s is not statically imported on the way to a Telegram-only bot', (name) => {
    expect(graph.packages.get(name), `${name} reached through ${graph.packages.get(name)?.join(' → ')}`).toBeUndefined();
  });

  it('reaches the app and the Telegram adapter, not the Lark adapter', () => {
    expect(graph.files.has(join(root, 'src/app/create-app.ts'))).toBe(true);
    expect(graph.packages.has('grammy')).toBe(true);
    expect([...graph.files].filter((f) => f.includes('/src/adapters/lark/'))).toEqual([]);
  });

  it('tells a static import from the ones that load nothing at start-up', () => {
    const code = [
      "import type * as lark from '@larksuiteoapi/node-sdk';",
      "import { type Workbook } from 'exceljs';",
      "import * as echarts from 'echarts';",
      "export type { X } from './x.ts';",
      "export { y } from './y.ts';",
      "const later = () => import('./lazy.ts');",
    ].join('\n');
    expect(staticSpecifiers('example.ts', code)).toEqual(['exceljs', 'echarts', './y.ts']);
  });
});
