// A small structured logger: one line per entry on stderr, JSON when LOG_FORMAT=json.
import type { Logger } from './core/context.ts';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const json = process.env.LOG_FORMAT === 'json';
  const emit = (at: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS[at] < LEVELS[level]) return;
    const time = new Date().toISOString();
    if (json) write(JSON.stringify({ time, level: at, msg, ...fields }));
    else {
      const extra = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      write(`${time} ${at.toUpperCase().padEnd(5)} ${msg}${extra ? ` ${extra}` : ''}`);
    }
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
