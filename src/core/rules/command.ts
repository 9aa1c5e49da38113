// Recognises a command at the start of a chat message: "/report", "/report@my_bot", "填报".

export const COMMANDS = [
  'help',
  'report',
  'status',
  'missing',
  'projects',
  'history',
  'problems',
  'close',
  'whoami',
  'iam',
  'approve',
  'reject',
  'confirm',
  'cancel',
  'setup',
  'lang',
  // Schedules (core/schedule): settings, manual reminder, calendar overrides, pauses.
  'settings',
  'remind',
  'holiday',
  'workday',
  'pause',
  'leave',
  'resume',
  // Digests (core/digest) and the ledger (core/ledger).
  'digest',
  'export',
  'import',
] as const;

export type CommandName = (typeof COMMANDS)[number];

/** Chinese command words, usable wherever the platform allows free text (with or without "/"). */
export const CHINESE_ALIASES: Record<string, CommandName> = {
  帮助: 'help',
  填报: 'report',
  进度: 'status',
  未报: 'missing',
  项目: 'projects',
  历史: 'history',
  问题: 'problems',
  销号: 'close',
  我是谁: 'whoami',
  我是: 'iam',
  批准: 'approve',
  驳回: 'reject',
  确认: 'confirm',
  取消: 'cancel',
  绑定群: 'setup',
  语言: 'lang',
  设置: 'settings',
  提醒: 'remind',
  假日: 'holiday',
  调休: 'workday',
  暂停: 'pause',
  请假: 'leave',
  恢复: 'resume',
  周报: 'digest',
  导出: 'export',
  导入: 'import',
};

/**
 * Chinese words that work without "/" in free text. The others need the slash ("/提醒"), so that
 * everyday sentences in a group ("提醒大家…", "请假 一天") never trigger a command.
 */
const FREE_TEXT_ALIASES: ReadonlySet<string> = new Set(['帮助', '填报', '进度', '未报', '问题', '确认', '取消']);

/** English words accepted without "/" as well (some Lark users type them). */
const ENGLISH_ALIASES: Record<string, CommandName> = { start: 'help', confirm: 'confirm', cancel: 'cancel' };

export interface ParsedCommand {
  name: CommandName;
  /** Everything after the command word, first line and following lines, trimmed at the ends. */
  args: string;
}

/**
 * The command a message starts with, or null. `botUsername` lets "/report@that_bot" through and
 * rejects commands addressed to another bot. A command word followed by a colon is a report field
 * ("进度：45%"), not a command.
 */
export function parseCommand(text: string, botUsername?: string): ParsedCommand | null {
  const trimmed = text.replace(/^[\s\u200b\ufeff]+/, '');
  const match = /^([/／]?)([A-Za-z\u4e00-\u9fff]+)(?:@([A-Za-z0-9_]+))?(?=$|[\s:：])/.exec(trimmed);
  if (!match) return null;
  const [whole, slash, word = '', addressee] = match;
  const rest = trimmed.slice(whole.length);
  if (/^[ \t]*[:：]/.test(rest)) return null;
  if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) return null;
  const lower = word.toLowerCase();
  let name: CommandName | undefined;
  if (slash) name = (COMMANDS as readonly string[]).includes(lower) ? (lower as CommandName) : (CHINESE_ALIASES[word] ?? (lower === 'start' ? 'help' : undefined));
  else name = FREE_TEXT_ALIASES.has(word) ? CHINESE_ALIASES[word] : ENGLISH_ALIASES[lower];
  if (!name) return null;
  return { name, args: rest.replace(/^[ \t]+/, '').replace(/\s+$/, '') };
}
