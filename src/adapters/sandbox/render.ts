// Prints bot messages in the terminal with where they went; an attached file is shown by its path.
import { toPlainText, type OutboundMessage } from '../../core/messages/outbound.ts';
import { cleanText } from '../../core/rules/clean-text.ts';

export function renderForTerminal(destination: string, msg: OutboundMessage): string {
  // Text stored before intake cleaning could still hold control or bidi characters: never print them raw.
  const lines = cleanText(toPlainText({ ...msg, attachment: undefined })).split('\n');
  if (msg.attachment) lines.push(`📎 ${msg.attachment.path}`);
  return `🤖 [${destination}]\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}
