// The bot in a process of its own (tests/support/run-telegram-app.ts), for tests that kill it.
// It runs under `node --import tsx`, so the pid is the bot's: the tsx CLI would run it in a child
// process of its own, and a SIGKILL to the CLI would leave the bot running. The bot gets the node
// flags production starts it with (src/node-flags.ts), so its memory is the memory it has in service.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { FAKE_TOKEN } from './fake-telegram.ts';
import { freePort } from '../adapters/lark/harness.ts';
import { BOT_NODE_FLAGS } from '../../src/node-flags.ts';

const root = join(import.meta.dirname, '..', '..');

/**
 * Starts the Telegram bot against the fake at `telegramApiRoot`; resolves once it is ready (it
 * prints "ready"). `script` runs another program instead (the benchmark's echo bot, the jobs
 * suite's child). `nodeFlags`: the V8 flags, by default production's (BOT_NODE_FLAGS) for the bot
 * and none for another script; `nodeArgs` are added after them (profiling).
 */
export async function startBotProcess(options: { databaseUrl: string; telegramApiRoot: string; clockOffsetMs?: number; env?: Record<string, string>; script?: string; nodeFlags?: readonly string[]; nodeArgs?: string[] }): Promise<BotProcess> {
  const port = await freePort();
  const flags = options.nodeFlags ?? (options.script ? [] : BOT_NODE_FLAGS);
  const child = spawn(process.execPath, [...flags, ...(options.nodeArgs ?? []), '--import', 'tsx', options.script ?? join(root, 'tests', 'support', 'run-telegram-app.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: options.databaseUrl,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: options.telegramApiRoot,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      CLOCK_OFFSET_MS: String(options.clockOffsetMs ?? 0),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start: ${err}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (status) => reject(new Error(`bot exited with ${status}: ${err}`)));
  });
  return Object.assign(child, { port });
}

/** The bot's process, and the port of its HTTP server (/healthz, /metrics). */
export type BotProcess = ChildProcess & { port: number };

/** Sends `signal` and resolves when the process has exited. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
