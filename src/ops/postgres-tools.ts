// The PostgreSQL client programs a backup and restore run (pg_dump, pg_restore, psql): found on
// PATH, run without a shell, the password passed in PGPASSWORD and never on the command line.
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Transform } from 'node:stream';
import { BackupError } from './backup-common.ts';

export type PgTool = 'pg_dump' | 'pg_restore' | 'psql';

/** The absolute path of an executable on the search path (default: PATH), or null. */
export function findExecutable(name: string, searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Like findExecutable, but a missing tool is a BackupError that says how to install it. */
export function requireTool(name: PgTool, searchPath?: string): string {
  const path = findExecutable(name, searchPath);
  if (path) return path;
  throw new BackupError(
    `${name} is needed to back up or restore a PostgreSQL database and was not found on PATH. ` +
      `Install the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client; ideally the server's major version or newer) and try again.`,
  );
}

/** URL query parameters Prisma or the driver adapter understand but libpq rejects. */
const NON_LIBPQ_PARAMS = ['schema', 'connection_limit', 'pool_timeout', 'pgbouncer', 'statement_cache_size', 'socket_timeout', 'connect_timeout_ms'];

export interface PgConnection {
  /** The connection string for libpq tools: no password, no ?schema. */
  url: string;
  /** The environment for the tools: PGPASSWORD set when the URL had a password. */
  env: NodeJS.ProcessEnv;
}

/** Splits a PostgreSQL URL into a password-free URL for libpq tools and the environment carrying the password. */
export function pgConnection(url: string): PgConnection {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  for (const param of NON_LIBPQ_PARAMS) parsed.searchParams.delete(param);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { url: parsed.toString(), env };
}

/** Runs a tool with execFile; a failure is a BackupError with the tool's stderr. */
export function runTool(path: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new BackupError(`${path} failed: ${String(stderr).trim() || error.message}`, { cause: error }));
      else resolve();
    });
  });
}

/**
 * A line filter over pg_restore's SQL output that moves every object from schema `from` to schema
 * `to`: qualified names (`from."Org"`) and `SCHEMA from` are rewritten in statements; COPY data,
 * string literals and comments are left alone.
 */
export function schemaRewriter(from: string, to: string): Transform {
  const quote = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`);
  const source = quote(from).replace(/"/g, '\\"');
  const target = quote(to);
  const qualified = new RegExp(`(^|[^\\w"$])${source}(?=\\.)`, 'g');
  const schemaKeyword = new RegExp(`(\\bSCHEMA\\s+(?:IF\\s+EXISTS\\s+)?)${source}(?=[\\s;]|$)`, 'g');
  const rewrite = (line: string): string =>
    line
      .split("'")
      .map((part, i) => (i % 2 === 1 ? part : part.replace(qualified, `$1${target}`).replace(schemaKeyword, `$1${target}`)))
      .join("'");

  let inCopy = false;
  let pending = '';
  const handle = (line: string): string => {
    if (inCopy) {
      if (line === '\\.') inCopy = false;
      return line;
    }
    if (line.startsWith('--')) return line;
    if (/^COPY .* FROM stdin;$/.test(line)) inCopy = true;
    return rewrite(line);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      callback(null, lines.map((line) => `${handle(line)}\n`).join(''));
    },
    flush(callback) {
      callback(null, pending ? handle(pending) : '');
    },
  });
}

/**
 * Pipes `pg_restore -f -` (the dump as SQL) through the schema rewriter into psql, in one
 * transaction that stops on the first error.
 */
export function restoreIntoOtherSchema(input: { pgRestore: string; psql: string; dumpFile: string; fromSchema: string; toSchema: string; connection: PgConnection }): Promise<void> {
  const { connection } = input;
  return new Promise((resolve, reject) => {
    const restore = spawn(input.pgRestore, ['--clean', '--if-exists', '--no-owner', `--schema=${input.fromSchema}`, '--file=-', input.dumpFile], {
      env: connection.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const psql = spawn(input.psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', `--dbname=${connection.url}`], {
      env: connection.env,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const errors: Record<string, string> = { pg_restore: '', psql: '' };
    restore.stderr.on('data', (d: Buffer) => (errors.pg_restore += d.toString()));
    psql.stderr.on('data', (d: Buffer) => (errors.psql += d.toString()));
    restore.stdout.pipe(schemaRewriter(input.fromSchema, input.toSchema)).pipe(psql.stdin);
    psql.stdin.on('error', () => undefined); // psql stopped early: its exit code tells
    let pending = 2;
    const failures: string[] = [];
    const done = (name: string) => (code: number | null, signal: NodeJS.Signals | null) => {
      if (code !== 0) failures.push(`${name} failed (${code ?? signal}): ${errors[name]?.trim()}`);
      if (--pending === 0) {
        if (failures.length) reject(new BackupError(failures.join('\n')));
        else resolve();
      }
    };
    restore.on('error', reject);
    psql.on('error', reject);
    restore.on('close', done('pg_restore'));
    psql.on('close', done('psql'));
  });
}
