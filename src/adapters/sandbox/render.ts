// Prints bot messages in the terminal with where they went; an attached file is shown by its path.
import { toPlainText, type OutboundMessage } from '../../core/messages/outbound.ts';

export function renderForTerminal(destination: string, msg: OutboundMessage): string {
  const lines = toPlainText({ ...msg, attachment: undefined }).split('\n');
  if (msg.attachment) lines.push(`📎 ${msg.attachment.path}`);
  return `🤖 [${destination}]\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}
