// The bot runs under the same node flags however it is started: `npm start`, the README's systemd
// unit and the benchmarks (tests/support/bot-process.ts) all carry src/node-flags.ts's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOT_NODE_FLAGS } from '../../src/node-flags.ts';

const root = join(import.meta.dirname, '..', '..');

describe('the node flags of the bot', () => {
  it('are in package.json\'s start script', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${BOT_NODE_FLAGS.join(' ')} --import tsx src/main.ts`);
  });

  it("are in the README's systemd unit", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`ExecStart=/usr/bin/node ${BOT_NODE_FLAGS.join(' ')} --import tsx src/main.ts`);
  });

  it('cap the young generation small and the old generation', () => {
    expect(BOT_NODE_FLAGS).toContain('--max-semi-space-size=4');
    expect(BOT_NODE_FLAGS.some((f) => /^--max-old-space-size=\d+$/.test(f))).toBe(true);
  });
});
