// Opens the database at start-up. A server that is not reachable yet (PostgreSQL starting, network
// down) is retried with backoff and a clear log line, instead of crashing and restarting in a loop.
// A PostgreSQL database that does not exist yet is created (the role needs CREATEDB; otherwise the
// message says to run createdb), so a fresh server works with the README's DATABASE_URL.
import pg from 'pg';
import type { Logger } from '../core/context.ts';
import { openDatabase, parseDatabaseUrl, redactUrl, type Database } from '../db/client.ts';

/** PostgreSQL's "database does not exist". */
const NO_SUCH_DATABASE = '3D000';

/** Creates the database a PostgreSQL URL names, connecting to the server's "postgres" database. Returns its name. */
export async function createPostgresDatabase(url: string): Promise<string> {
  const target = new URL(parseDatabaseUrl(url).target);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL ${redactUrl(url)} names no database`);
  const admin = new URL(target.toString());
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    // Another instance created it meanwhile: fine.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
  return name;
}

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
  let created = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(url);
    } catch (error) {
      const code = errorCode(error);
      if (code === NO_SUCH_DATABASE && !created) {
        created = true;
        try {
          const name = await createPostgresDatabase(url);
          log.warn(`Created the PostgreSQL database "${name}" (it did not exist).`);
        } catch (createError) {
          const why = createError instanceof Error ? createError.message : String(createError);
          throw new Error(`The database in ${redactUrl(url)} does not exist and could not be created (${why}). Create it with: createdb -O <role> <name>`, { cause: createError });
        }
        attempt--;
        continue;
      }
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
