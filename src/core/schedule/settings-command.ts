// /settings: shows every setting with its current value and how to change it; coordinators change
// one with "/settings set reminder.time 15:30" (or "/settings reminder.time 15:30") and put one back
// with "/settings reset reminder.time". Values are checked with the settings' zod schemas and each
// change is audited (see change-setting.ts).
import type { Org } from '../model.ts';
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import { message, type Block, type OutboundMessage } from '../messages/outbound.ts';
import { SETTING_KEYS, SETTING_SECTIONS, type OrgSettings, type SettingKey, type SettingSection, type SettingValue } from '../settings.ts';
import { reply, type PersonContext, type Reply } from '../commands/context.ts';
import { loadAudience } from './audience.ts';
import { changeSetting } from './change-setting.ts';
import type { CoreDeps } from '../context.ts';

/** A value as people read it: "周四", "16:00", "开", "提前到前一个工作日". */
export function settingValueText(t: Translate, key: SettingKey, value: SettingValue): string {
  switch (key.kind) {
    case 'bool':
      return t(value ? 'schedule.settings.on' : 'schedule.settings.off');
    case 'weekday':
      return t(`schedule.weekday.${Number(value)}` as MessageKey);
    case 'policy':
    case 'deadline-policy':
      return t(`schedule.policy.${String(value)}` as MessageKey);
    case 'int':
      return t(`schedule.settings.unit.${key.key}` as MessageKey, { value: Number(value) });
    default:
      return String(value);
  }
}

/** What a key accepts, e.g. "on | off", "1–7", "HH:mm". */
function acceptsText(t: Translate, key: SettingKey): string {
  if (key.kind === 'int') return t('schedule.settings.accepts.int', { min: key.min ?? 0, max: key.max ?? 0 });
  return t(`schedule.settings.accepts.${key.kind}` as MessageKey);
}

/** One section's summary line, e.g. "填报提醒（群）：开，周四 16:00，遇节假日提前到前一个工作日". */
function sectionLine(t: Translate, section: SettingSection, keys: SettingKey[], settings: OrgSettings, org: Org): string {
  const value = (name: string) => {
    const key = keys.find((k) => k.key === name);
    return key ? settingValueText(t, key, key.get(settings, org)) : '';
  };
  const params: Record<string, string> = {};
  for (const key of keys) params[key.key.split('.').at(-1) ?? key.key] = value(key.key);
  if (section === 'org') Object.assign(params, { timezone: value('timezone'), locale: value('locale') });
  return t(`schedule.settings.section.${section}` as MessageKey, params);
}

/** A key's Chinese (or English) label, e.g. "群内提醒时间"; the key itself when the catalog has none. */
export function settingLabel(t: Translate, key: SettingKey): string {
  const id = `schedule.settings.key.${key.key}` as MessageKey;
  const label = t(id);
  return label === id ? key.key : label;
}

/** /settings without arguments: every section with its value, then each key by its label with the key and what it accepts. */
export function settingsView(t: Translate, org: Org, settings: OrgSettings, canChange: boolean): OutboundMessage {
  const blocks: Block[] = [{ kind: 'heading', text: t('schedule.settings.title', { org: org.name }) }];
  for (const section of SETTING_SECTIONS) {
    const keys = SETTING_KEYS.filter((k) => k.section === section);
    blocks.push({ kind: 'text', lines: [[{ bold: t(`schedule.settings.label.${section}` as MessageKey) }, sectionLine(t, section, keys, settings, org)]] });
    blocks.push({
      kind: 'list',
      items: keys.map((k) => [t('schedule.settings.item', { label: settingLabel(t, k), value: settingValueText(t, k, k.get(settings, org)) }), '  ', { code: k.key }, ' ', acceptsText(t, k)]),
    });
  }
  blocks.push({ kind: 'text', lines: [[t(canChange ? 'schedule.settings.how' : 'schedule.settings.how_readonly')]] });
  blocks.push({ kind: 'code', text: t('schedule.settings.example') });
  return message(blocks, { summary: t('schedule.settings.title', { org: org.name }) });
}

/** What /settings answered, and whether the request was refused (the CLI's exit code). */
export interface SettingsOutcome {
  message: OutboundMessage;
  refused: boolean;
}

function shown(out: OutboundMessage): SettingsOutcome {
  return { message: out, refused: false };
}

function refusal(line: string): SettingsOutcome {
  return { message: message([{ kind: 'text', lines: [[line]] }]), refused: true };
}

/** Whether /settings arguments only show the settings: any member may. */
export function isSettingsView(args: string): boolean {
  const first = args.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return ['', 'show', 'list', '查看'].includes(first);
}

/**
 * /settings, /settings set <key> <value>, /settings reset <key>. The full list asked for in a group
 * goes to the asker privately, with one line in the group; a change is answered where it was made.
 */
export async function settingsCommand(ctx: PersonContext): Promise<Reply[]> {
  const { actor, incoming, deps } = ctx;
  const outcome = await runSettings(deps, { org: actor.org, settings: actor.settings, t: ctx.t, canChange: actor.person.isCoordinator, actorId: actor.person.id, args: ctx.args });
  if (incoming.chat.kind !== 'group' || !isSettingsView(ctx.args)) return reply(outcome.message);
  const to = (await loadAudience(deps, actor.org)).privateChat(actor.person);
  if (!to || to.platform !== incoming.platform) return reply(outcome.message);
  return [
    { message: outcome.message, to, key: `settings:${incoming.platform}:${incoming.eventId}` },
    { message: message([{ kind: 'text', lines: [[ctx.t('schedule.settings.sent_privately')]] }]) },
  ];
}

/**
 * Shows the settings, or changes one ("set <key> <value>", "reset <key>"): the chat command and the
 * CLI (`npm run cli -- settings …`, actorId null) share it.
 */
export async function runSettings(
  deps: CoreDeps,
  input: { org: Org; settings: OrgSettings; t: Translate; canChange: boolean; actorId: string | null; args: string },
): Promise<SettingsOutcome> {
  const { t } = input;
  const actor = { org: input.org };
  const words = input.args.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || ['show', 'list', '查看'].includes(words[0]?.toLowerCase() ?? '')) {
    return shown(settingsView(t, input.org, input.settings, input.canChange));
  }
  if (!input.canChange) return refusal(t('common.error.coordinator_only', { command: '/settings set' }));
  const verb = words[0]?.toLowerCase() ?? '';
  const reset = ['reset', '恢复默认', '默认'].includes(verb);
  if (reset || ['set', '改', '修改', '设'].includes(verb)) words.shift();
  const [name = '', ...valueWords] = words;
  const value = valueWords.join(' ');
  if (!name || (!reset && !value)) return refusal(t('schedule.settings.usage'));
  const result = await changeSetting(deps, { orgId: actor.org.id, actorId: input.actorId, name, value, reset });
  switch (result.kind) {
    case 'unknown_key':
      return refusal(t('schedule.settings.unknown_key', { key: name, keys: SETTING_KEYS.map((k) => k.key).join('、') }));
    case 'invalid':
      return refusal(t('schedule.settings.invalid', { key: result.key.key, value: result.value, accepts: acceptsText(t, result.key), example: `/settings set ${result.key.key} ${result.key.example}` }));
    case 'unchanged':
      return shown(message([{ kind: 'text', lines: [[t('schedule.settings.unchanged', { key: result.key.key, value: settingValueText(t, result.key, result.value) })]] }]));
    case 'changed': {
      const lines = [[t('schedule.settings.changed', { key: result.key.key, from: settingValueText(t, result.key, result.from), to: settingValueText(t, result.key, result.to) })]];
      if (result.key.section !== 'org' && result.key.section !== 'other' && result.key.section !== 'escalation') lines.push([t('schedule.settings.changed_schedule')]);
      return shown(message([{ kind: 'text', lines }]));
    }
  }
}
