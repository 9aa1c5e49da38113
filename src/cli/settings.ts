// `npm run cli -- settings [--org <name>] [set <key> <value> | reset <key>]`: the org's settings,
// shown or changed (validated and audited like /settings in chat).
import { parseArgs } from 'node:util';
import type { CoreDeps } from '../core/context.ts';
import { translator } from '../core/messages/catalog/index.ts';
import { toPlainText } from '../core/messages/outbound.ts';
import type { Locale } from '../core/model.ts';
import { runSettings } from '../core/schedule/settings-command.ts';
import { readOrgSettings } from '../core/settings.ts';

export const SETTINGS_USAGE = 'Usage: npm run cli -- settings [--org <name>] [set <key> <value> | reset <key>]';

/** Shows or changes the settings; returns the exit code (0 shown or changed, 1 no such org or the change refused, 2 usage). */
export async function settingsCliCommand(argv: string[], deps: CoreDeps & { out: (line: string) => void; locale: Locale }): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { org: { type: 'string' } } });
  } catch {
    deps.out(SETTINGS_USAGE);
    return 2;
  }
  const orgs = await deps.db.org.findMany({ where: args.values.org ? { name: args.values.org } : {}, take: 2 });
  const org = orgs.length === 1 ? orgs[0] : undefined;
  if (!org) {
    deps.out(args.values.org ? `No org named "${args.values.org}".` : orgs.length === 0 ? 'No org yet: import a project list first.' : `Several orgs: name one with --org.\n${SETTINGS_USAGE}`);
    return 1;
  }
  const t = translator(deps.locale);
  const outcome = await runSettings(deps, { org, settings: readOrgSettings(org.settings), t, canChange: true, actorId: null, args: args.positionals.join(' ') });
  deps.out(toPlainText(outcome.message));
  return outcome.refused ? 1 : 0;
}
