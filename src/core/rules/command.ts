// Recognises a command at the start of a chat message: "/report", "/report@my_bot", "填报". The
// words come from the command table (core/commands/command-table.ts); this file only reads them.

/** The words that name commands. Keys are as typed (English names lower-case); values are command names. */
export interface CommandVocabulary {
  /** English command words, used with "/": report → report. */
  names: ReadonlyMap<string, string>;
  /** Other words used with "/": 填报 → report, start → help. */
  aliases: ReadonlyMap<string, string>;
  /** Words that work without "/" as well: 填报, 确认, confirm. */
  bare: ReadonlyMap<string, string>;
}

export interface ParsedCommand {
  /** The command's name in the table. */
  name: string;
  /** Everything after the command word, first line and following lines, trimmed at the ends. */
  args: string;
}

/**
 * The command a message starts with, or null. `botUsername` lets "/report@that_bot" through and
 * rejects commands addressed to another bot. A command word followed by a colon is a report field
 * ("进度：45%"), not a command.
 */
export function parseCommand(text: string, vocabulary: CommandVocabulary, botUsername?: string): ParsedCommand | null {
  const trimmed = text.replace(/^[\s\u200b\ufeff]+/, '');
  const match = /^([/／]?)([A-Za-z\u4e00-\u9fff]+)(?:@([A-Za-z0-9_]+))?(?=$|[\s:：])/.exec(trimmed);
  if (!match) return null;
  const [whole, slash, word = '', addressee] = match;
  const rest = trimmed.slice(whole.length);
  if (/^[ \t]*[:：]/.test(rest)) return null;
  if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) return null;
  const lower = word.toLowerCase();
  const name = slash ? (vocabulary.names.get(lower) ?? vocabulary.aliases.get(word) ?? vocabulary.aliases.get(lower)) : (vocabulary.bare.get(word) ?? vocabulary.bare.get(lower));
  if (!name) return null;
  return { name, args: rest.replace(/^[ \t]+/, '').replace(/\s+$/, '') };
}
