// The real ports (app/ports.ts) on a data directory of the test file's own, removed after the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createPorts } from '../../src/app/ports.ts';
import type { Ports } from '../../src/core/ports.ts';
import type { LlmSettings } from '../../src/llm/client.ts';

let dataDir: string | null = null;

/** A data directory for this test file (created on first use, removed after the file's tests, or at exit outside vitest). */
export function testDataDir(): string {
  if (!dataDir) {
    const dir = mkdtempSync(join(tmpdir(), 'progress-files-'));
    dataDir = dir;
    const remove = () => rmSync(dir, { recursive: true, force: true });
    try {
      afterAll(remove);
    } catch {
      // Outside a test file (a benchmark run by tsx): removed when the process exits.
      process.once('exit', remove);
    }
  }
  return dataDir;
}

/** The app's ports over the test file's data directory; `overrides` replace single ports (a failing chart, a fake model). */
export function testPorts(options: { llm?: LlmSettings | null; overrides?: Partial<Ports> } = {}): Ports {
  return { ...createPorts({ dataDir: testDataDir(), llm: options.llm ?? null }), ...options.overrides };
}
