// `npm run cli -- events --failed` lists the inbound events a handler error marked failed;
// `npm run cli -- events --retry <id|all>` puts them back to 'received', and the running bot
// processes them again within a minute (its sweep), or the next start does.
import { parseArgs } from 'node:util';
import { failedEvents, retryFailedEvents } from '../core/inbound/event-store.ts';
import type { Db } from '../db/client.ts';

export const EVENTS_USAGE = `Usage: npm run cli -- events --failed [--limit <n>]
       npm run cli -- events --retry <id|all> [--retry <id> …]`;

export interface EventsCliDeps {
  db: Db;
  out: (line: string) => void;
}

/** One line of text, shortened for a listing. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Lists or retries failed events; returns the exit code (0 done, 1 nothing matched, 2 usage). */
export async function eventsCliCommand(argv: string[], deps: EventsCliDeps): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { failed: { type: 'boolean' }, retry: { type: 'string', multiple: true }, limit: { type: 'string' } } });
  } catch (error) {
    deps.out(`${(error as Error).message}\n${EVENTS_USAGE}`);
    return 2;
  }
  const retry = args.values.retry ?? [];
  if ((args.values.failed === true) === retry.length > 0) {
    deps.out(EVENTS_USAGE);
    return 2;
  }

  if (retry.length) {
    const ids = retry.includes('all') ? 'all' : retry;
    const count = await retryFailedEvents(deps.db, ids);
    if (count === 0) {
      deps.out(ids === 'all' ? 'No failed events.' : `No failed event with id ${retry.join(', ')} (list them with: npm run cli -- events --failed).`);
      return 1;
    }
    deps.out(`${count} event(s) put back to be processed again; the running bot takes them up within a minute (or at its next start).`);
    if (ids !== 'all' && count < ids.length) deps.out(`${ids.length - count} id(s) were not failed events and were left alone.`);
    return 0;
  }

  const limit = args.values.limit === undefined ? 100 : Number(args.values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    deps.out(`--limit needs a whole number of at least 1\n${EVENTS_USAGE}`);
    return 2;
  }
  const events = await failedEvents(deps.db, limit);
  if (events.length === 0) {
    deps.out('No failed events.');
    return 0;
  }
  deps.out(`${events.length} failed event(s), newest first:`);
  for (const event of events) {
    const { incoming } = event;
    deps.out(`${event.id}  ${event.receivedAt.toISOString()}  ${event.platform}  chat ${incoming.chat.id}  from ${incoming.sender.displayName} (${incoming.sender.id})`);
    deps.out(`    message: ${oneLine(incoming.text, 100) || '(button or file)'}`);
    deps.out(`    error:   ${oneLine(event.error, 200)}`);
  }
  deps.out('Retry one with: npm run cli -- events --retry <id>   or all with: npm run cli -- events --retry all');
  return 0;
}
