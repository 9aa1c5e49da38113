// Opens the database at start-up. A server that is not reachable yet (PostgreSQL starting, network
// down) is retried with backoff and a clear log line, instead of crashing and restarting in a loop.
import type { Logger } from '../core/context.ts';
import { openDatabase, redactUrl, type Database } from '../db/client.ts';

const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', '57P03', '53300']);

function errorCode(error: unknown): string {
  let current: unknown = error;
  while (current && typeof current === 'object') {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

export async function openDatabaseWithRetry(
  url: string,
  log: Logger,
  options: { attempts?: number; firstDelayMs?: number; maxDelayMs?: number; signal?: AbortSignal } = {},
): Promise<Database> {
  const attempts = options.attempts ?? Number.POSITIVE_INFINITY;
  let delay = options.firstDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(url);
    } catch (error) {
      const code = errorCode(error);
      const why = error instanceof Error ? error.message : String(error);
      if (!TRANSIENT.has(code) || attempt >= attempts || options.signal?.aborted) {
        throw new Error(`Cannot open the database at ${redactUrl(url)}: ${why}${code ? ` (${code})` : ''}`, { cause: error });
      }
      log.error(`Database not reachable at ${redactUrl(url)}: ${why} (${code}). Retrying in ${Math.round(delay / 1000)} s (attempt ${attempt}).`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 30_000);
    }
  }
}
