// The command menus Telegram shows when a user types "/", built from the core's command table:
// members' commands for everyone (default scope, and private chats), and the project office's and
// leaders' commands for group administrators too; each in Chinese (language_code "zh"), English
// ("en") and the instance's LOCALE as the fallback. A failure is logged and tolerated.
import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';
import { COMMAND_TABLE } from '../../core/commands/command-table.ts';
import type { Logger } from '../../core/context.ts';
import { translator } from '../../core/messages/catalog/index.ts';
import type { Locale } from '../../core/model.ts';

/** Who a menu is for: everyone (and private chats), or a group's administrators. */
export type MenuAudience = 'everyone' | 'admins';

/** Telegram's limit on a command description. */
const MAX_DESCRIPTION = 256;

/** The menu for an audience in one language, in the table's order. */
export function menuCommands(locale: Locale, audience: MenuAudience = 'everyone'): BotCommand[] {
  const t = translator(locale);
  return COMMAND_TABLE.filter((spec) => spec.menu && (audience === 'admins' || spec.who === 'anyone' || spec.who === 'member')).map((spec) => ({
    command: spec.name,
    description: t(spec.summary).slice(0, MAX_DESCRIPTION),
  }));
}

const SCOPES: { scope: BotCommandScope; audience: MenuAudience }[] = [
  { scope: { type: 'default' }, audience: 'everyone' },
  { scope: { type: 'all_private_chats' }, audience: 'everyone' },
  { scope: { type: 'all_chat_administrators' }, audience: 'admins' },
];

/** Sets every menu; never throws. */
export async function setCommandsMenu(api: Api, options: { locale: Locale; log: Logger }): Promise<boolean> {
  try {
    for (const { scope, audience } of SCOPES) {
      await api.setMyCommands(menuCommands('zh-CN', audience), { scope, language_code: 'zh' });
      await api.setMyCommands(menuCommands('en', audience), { scope, language_code: 'en' });
      await api.setMyCommands(menuCommands(options.locale, audience), { scope });
    }
    return true;
  } catch (error) {
    options.log.warn('telegram: could not set the command menu (commands still work)', { error: String(error) });
    return false;
  }
}
