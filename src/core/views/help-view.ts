// The /help message: a line per command the asker may use, and the report format to copy.
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import { message, type Block, type OutboundMessage } from '../messages/outbound.ts';

/** What /help shows. */
export interface HelpContent {
  commands: readonly { usage: MessageKey; summary: MessageKey }[];
  /** The project to fill into the report format; null: the asker files no reports (no format shown). */
  exampleCode: string | null;
  /** False for an account not bound yet: it is told how to claim its name. */
  bound: boolean;
}

export function helpView(t: Translate, content: HelpContent): OutboundMessage {
  const blocks: Block[] = [
    { kind: 'heading', text: t('common.help.title') },
    { kind: 'text', lines: [[t(content.bound ? 'common.help.intro' : 'common.error.unbound')]] },
    { kind: 'list', items: content.commands.map((c) => [{ code: t(c.usage) }, ` ${t(c.summary)}`]) },
  ];
  if (content.exampleCode !== null) {
    blocks.push(
      { kind: 'text', lines: [[{ bold: t('common.help.example_title') }]] },
      { kind: 'code', text: t('grammar.template', { project: content.exampleCode }) },
      { kind: 'text', lines: [[{ bold: t('common.help.oneline_title') }]] },
      { kind: 'code', text: t('common.help.oneline') },
    );
  }
  return message(blocks, { summary: t('common.help.title') });
}
