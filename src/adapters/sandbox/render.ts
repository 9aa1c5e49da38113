// Prints bot messages in the terminal with where they went.
import { toPlainText, type OutboundMessage } from '../../core/messages/outbound.ts';

export function renderForTerminal(destination: string, msg: OutboundMessage): string {
  const body = toPlainText(msg)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `🤖 [${destination}]\n${body}\n`;
}
