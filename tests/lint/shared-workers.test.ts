// vitest.config.ts runs test files one after another in the same worker (isolate: false), which is
// safe only while no test changes state the next file would see: module mocks, fake timers, stubbed
// globals or process.env writes. This keeps it so (the benchmarks run outside vitest and may).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

/** What a test must not do when workers are shared, each with why. */
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /\bvi\.(mock|doMock|hoisted)\s*\(/, why: 'a module mock outlives its file' },
  { pattern: /\bvi\.(useFakeTimers|stubGlobal|stubEnv|spyOn)\s*\(/, why: 'a stubbed global outlives its file unless restored' },
  { pattern: /\bprocess\.env(\.[A-Za-z_]\w*|\[[^\]]+\])\s*(=(?!=)|\?\?=|\|\|=)/, why: 'process.env is shared by every later file' },
  { pattern: /\bdelete\s+process\.env\b/, why: 'process.env is shared by every later file' },
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'bench' ? [] : testFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function violations(source: string): string[] {
  return source.split('\n').flatMap((line) => FORBIDDEN.filter(({ pattern }) => pattern.test(line)).map(({ why }) => `${line.trim()} (${why})`));
}

describe('tests that share a worker', () => {
  it('recognises each forbidden change', () => {
    for (const line of ["vi.mock('../src/db/client.ts');", 'vi.useFakeTimers();', "process.env.TZ = 'UTC';", "process.env['CI'] ??= '1';", 'delete process.env.CI;']) {
      expect(violations(line), line).toHaveLength(1);
    }
    expect(violations("const ci = process.env.CI === 'true';")).toEqual([]);
  });

  it('change no state that a later file in the same worker would see', () => {
    const self = new URL(import.meta.url).pathname;
    const found = testFiles(join(root, 'tests'))
      .filter((file) => file !== self)
      .flatMap((file) => violations(readFileSync(file, 'utf8')).map((v) => `${relative(root, file)}: ${v}`));
    expect(found).toEqual([]);
  });
});
