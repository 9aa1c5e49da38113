// Where the demo's database is: `npm start -- --demo` and `npm run cli -- --demo <command>` agree on
// it. A DATABASE_URL set in the environment (or .env) wins; otherwise the demo has a file of its own,
// so it never mixes with real data.
import { DEMO_DATABASE_URL } from '../demo/seed-demo.ts';
import { parseDatabaseUrl, redactUrl } from '../db/client.ts';

/** The demo's DATABASE_URL. */
export function demoDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  const set = env.DATABASE_URL?.trim();
  return set ? set : DEMO_DATABASE_URL;
}

/** Where a database is, for people: the absolute file of a SQLite URL, or the URL without its password. */
export function describeDatabase(url: string, cwd = process.cwd()): string {
  const location = parseDatabaseUrl(url, cwd);
  return location.provider === 'sqlite' ? location.target : redactUrl(url);
}
