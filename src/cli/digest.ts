// `npm run cli -- digest --week 2026-W47 [--send] [--org <name>]`: prints each leader's digest and
// the group standings; with --send queues them like the Monday job (same outbox keys, so never twice).
import type { CliDeps } from './cli-deps.ts';
import type { CoreDeps } from '../core/context.ts';
import { silentLogger } from '../core/context.ts';
import { buildGroupStandings } from '../core/digest/build-group-standings.ts';
import { buildLeaderDigest } from '../core/digest/build-leader-digest.ts';
import { sendWeeklyDigests } from '../core/digest/send-weekly-digests.ts';
import { translator } from '../core/messages/catalog/index.ts';
import { toPlainText } from '../core/messages/outbound.ts';
import { enqueueMessages } from '../core/outbox/enqueue.ts';
import { formatWeek, parseWeekId, shiftWeek, weekOf } from '../core/rules/period.ts';
import { loadAudience } from '../core/schedule/audience.ts';
import { readOrgSettings } from '../core/settings.ts';
import { renderGroupStandings, renderLeaderDigest } from '../core/views/digest-views.ts';
import type { Db } from '../db/client.ts';

export const DIGEST_USAGE = `Usage: npm run cli -- digest [--week 2026-W47] [--send] [--org <name>]

  --week <id>    the week to summarise (default: last week in the org's time zone)
  --send         queue the digests and standings (each recipient once per week, as the Monday job)
  --org <name>   the org (may be left out when there is only one)`;

/** What the command needs (src/cli/main.ts). */
export type DigestCliDeps = CliDeps;

/** Runs the digest CLI command; returns the exit code. */
export async function digestCliCommand(argv: readonly string[], deps: DigestCliDeps): Promise<number> {
  let weekArg: string | undefined;
  let orgName: string | undefined;
  let send = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--send') send = true;
    else if (arg === '--week' || arg === '--org') {
      const v = argv[++i];
      if (!v) {
        deps.out(`${arg} needs a value\n\n${DIGEST_USAGE}`);
        return 2;
      }
      if (arg === '--week') weekArg = v;
      else orgName = v;
    } else {
      deps.out(`Unknown option "${arg}"\n\n${DIGEST_USAGE}`);
      return 2;
    }
  }
  const org = orgName ? await deps.db.org.findUnique({ where: { name: orgName } }) : await soleOrg(deps.db);
  if (!org) {
    deps.out(orgName ? `No org named "${orgName}".` : 'Choose an org with --org (there is none, or several).');
    return 1;
  }
  const week = weekArg ? parseWeekId(weekArg) : shiftWeek(weekOf(deps.now(), org.timeZone), -1);
  if (!week) {
    deps.out(`Cannot read "${weekArg ?? ''}": weeks are written 2026-W47.\n\n${DIGEST_USAGE}`);
    return 2;
  }
  const core: CoreDeps = { db: deps.db, now: deps.now, admins: [], defaults: { timeZone: org.timeZone, locale: deps.locale }, log: silentLogger, ports: deps.ports };
  const period = formatWeek(week);
  if (!send) {
    const t = translator(deps.locale);
    const leaders = await deps.db.person.findMany({ where: { orgId: org.id, isLeader: true }, orderBy: { name: 'asc' } });
    for (const leader of leaders) deps.out(`${toPlainText(renderLeaderDigest(t, await buildLeaderDigest(core, { org, leader, week })), { buttons: false })}\n`);
    deps.out(toPlainText(renderGroupStandings(t, await buildGroupStandings(core, { org, week }))));
    return 0;
  }
  const audience = await loadAudience(core, org);
  const output = await sendWeeklyDigests({ deps: core, org, settings: readOrgSettings(org.settings), job: 'digest', period, dueAt: deps.now(), audience });
  const items = (output.messages ?? []).map((m) => ({ key: `digest:${period}:${org.id}:${m.recipient}`, orgId: org.id, to: m.to, message: m.message }));
  const added = await enqueueMessages(deps.db, items, deps.now());
  deps.out(`Queued ${added} of ${items.length} digest messages for ${period} (${items.length - added} were already queued).`);
  return 0;
}

async function soleOrg(db: Db) {
  const orgs = await db.org.findMany({ take: 2 });
  return orgs.length === 1 ? (orgs[0] ?? null) : null;
}
