// Tells coordinators which scheduled runs were missed for longer than the catch-up grace window
// (the bot was down) and were recorded as skipped instead of being sent late.
import { createHash } from 'node:crypto';
import type { JobRun, Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import { enqueueMessages } from '../outbox/enqueue.ts';
import { loadAudience, type Audience } from './audience.ts';
import { skippedRunsView } from './schedule-views.ts';

/** Queues one message per coordinator listing the runs; the key is derived from the runs, so it is queued once. */
export async function reportSkippedRuns(deps: CoreDeps, input: { org: Org; runs: JobRun[]; graceHours: number; audience?: Audience }): Promise<number> {
  if (input.runs.length === 0) return 0;
  const audience = input.audience ?? (await loadAudience(deps, input.org));
  const runs = [...input.runs].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const digest = createHash('sha256')
    .update(runs.map((r) => r.id).join(','))
    .digest('hex')
    .slice(0, 16);
  const items = audience.coordinators.flatMap((person) => {
    const to = audience.privateChat(person);
    if (!to) return [];
    const t = translator(audience.localeOf(person));
    return [{ key: `catch-up:${digest}:${input.org.id}:coordinator:${person.id}`, orgId: input.org.id, to, message: skippedRunsView(t, input.org, { graceHours: input.graceHours, runs }) }];
  });
  return enqueueMessages(deps.db, items, deps.now());
}
