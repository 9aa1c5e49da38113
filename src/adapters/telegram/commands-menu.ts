// The command menu Telegram shows when a user types "/": setMyCommands in Chinese (language_code
// "zh"), in English ("en") and a default (the instance's LOCALE). A failure is logged and tolerated.
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Logger } from '../../core/context.ts';
import { translator, type MessageKey } from '../../core/messages/catalog/index.ts';
import type { Locale } from '../../core/model.ts';

/** The commands in the menu, in order, with their catalog keys. */
export const MENU_COMMANDS: { command: string; key: MessageKey }[] = [
  { command: 'report', key: 'telegram.menu.report' },
  { command: 'status', key: 'telegram.menu.status' },
  { command: 'missing', key: 'telegram.menu.missing' },
  { command: 'projects', key: 'telegram.menu.projects' },
  { command: 'history', key: 'telegram.menu.history' },
  { command: 'problems', key: 'telegram.menu.problems' },
  { command: 'whoami', key: 'telegram.menu.whoami' },
  { command: 'iam', key: 'telegram.menu.iam' },
  { command: 'setup', key: 'telegram.menu.setup' },
  { command: 'lang', key: 'telegram.menu.lang' },
  { command: 'help', key: 'telegram.menu.help' },
];

/** The menu in one language. */
export function menuCommands(locale: Locale): BotCommand[] {
  const t = translator(locale);
  return MENU_COMMANDS.map(({ command, key }) => ({ command, description: t(key) }));
}

/** Sets the menu; never throws. */
export async function setCommandsMenu(api: Api, options: { locale: Locale; log: Logger }): Promise<boolean> {
  try {
    await api.setMyCommands(menuCommands('zh-CN'), { language_code: 'zh' });
    await api.setMyCommands(menuCommands('en'), { language_code: 'en' });
    await api.setMyCommands(menuCommands(options.locale));
    return true;
  } catch (error) {
    options.log.warn('telegram: could not set the command menu (commands still work)', { error: String(error) });
    return false;
  }
}
