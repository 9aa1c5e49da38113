// `npm start -- --demo` says where its database is, serves /readyz and /metrics while the sandbox
// runs when PORT is set, and `npm run cli -- --demo <command>` reaches the same database.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../adapters/lark/harness.ts';
import { waitFor } from '../support/wait.ts';

const root = join(import.meta.dirname, '..', '..');
const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
// A directory of its own: the demo's database is ./data/demo.db under the working directory.
const cwd = mkdtempSync(join(tmpdir(), 'progress-demo-'));
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', BACKUP_ENABLED: 'false' };

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('the demo and the CLI', () => {
  it('refuses --demo in the CLI before the demo ran, with what to do', () => {
    const cli = spawnSync(process.execPath, ['--import', tsx, join(root, 'src', 'cli', 'main.ts'), '--demo', 'settings'], { cwd, env, encoding: 'utf8', timeout: 60_000 });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('npm start -- --demo');
  });

  it('prints where the demo database is, serves the ops routes with PORT set, and the CLI reaches it', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', tsx, join(root, 'src', 'main.ts'), '--demo'], { cwd, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`the demo exited before it started its ops routes:\n${out}`);
        return out.includes(`http://localhost:${port}`);
      },
      { timeoutMs: 90_000, intervalMs: 100, message: () => `the demo to start its ops routes:\n${out}` },
    );
    expect(out).toContain(`Demo database: ${join(cwd, 'data', 'demo.db')}`);
    expect(out).toContain('npm run cli -- --demo <command>');
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('progress_bot_outbox_backlog');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    child.stdin.end(':quit\n');
    expect(await exited).toBe(0);

    const cli = spawnSync(process.execPath, ['--import', tsx, join(root, 'src', 'cli', 'main.ts'), '--demo', 'settings'], { cwd, env, encoding: 'utf8', timeout: 60_000 });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('示例县卫生健康局 的设置');
  });
});
