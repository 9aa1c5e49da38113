// Changes one org setting (a coordinator's /settings set, or the CLI), validated and audited in
// the same transaction as the change.
import type { Org } from '../model.ts';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import { findSettingKey, parseSettingValue, readOrgSettings, writeOrgSettings, type SettingKey, type SettingValue } from '../settings.ts';

/** What a change came to: an unknown key, a value the key refuses, no change, or the change made. */
export type ChangeSettingResult =
  | { kind: 'unknown_key'; name: string }
  | { kind: 'invalid'; key: SettingKey; value: string }
  | { kind: 'unchanged'; key: SettingKey; value: SettingValue }
  | { kind: 'changed'; key: SettingKey; from: SettingValue; to: SettingValue; org: Org };

/** Sets `name` to the typed `value` (or back to its default with `reset`). `actorId` null: the CLI. */
export async function changeSetting(deps: CoreDeps, input: { orgId: string; actorId: string | null; name: string; value: string; reset?: boolean }): Promise<ChangeSettingResult> {
  const key = findSettingKey(input.name);
  if (!key) return { kind: 'unknown_key', name: input.name };
  return deps.db.$transaction(async (tx) => {
    const org = await tx.org.findUniqueOrThrow({ where: { id: input.orgId } });
    const settings = readOrgSettings(org.settings);
    const fields = { timeZone: org.timeZone, locale: org.locale };
    const from = key.get(settings, fields);
    let to: SettingValue | null;
    if (input.reset) {
      const defaults = readOrgSettings('{}');
      to = key.section === 'org' ? key.get(defaults, { timeZone: deps.defaults.timeZone, locale: deps.defaults.locale }) : key.get(defaults, fields);
    } else {
      to = parseSettingValue(key, input.value);
    }
    if (to === null) return { kind: 'invalid', key, value: input.value } as const;
    if (to === from) return { kind: 'unchanged', key, value: from } as const;
    const next = key.set(settings, fields, to);
    const updated = await tx.org.update({
      where: { id: org.id },
      data: { settings: writeOrgSettings(next.settings), timeZone: next.org.timeZone, locale: next.org.locale },
    });
    await audit(tx, { orgId: org.id, actorId: input.actorId, action: 'settings.change', entity: 'org', entityId: org.id, detail: { key: key.key, from, to } });
    return { kind: 'changed', key, from, to, org: updated } as const;
  });
}
