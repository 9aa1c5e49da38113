// Messages about people, chats and problems.
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import { message, type Block, type OutboundMessage } from '../messages/outbound.ts';
import type { ListedProblem } from '../problems/list-problems.ts';

export function problemsView(t: Translate, problems: ListedProblem[]): OutboundMessage {
  if (problems.length === 0) return message([{ kind: 'text', lines: [[t('admin.problems.none')]] }]);
  const blocks: Block[] = [
    { kind: 'heading', text: t('admin.problems.title', { count: problems.length }) },
    {
      kind: 'list',
      items: problems.map((p) => {
        const line = t('admin.problems.item', {
          number: p.number,
          status: t(`admin.problems.status.${p.status}` as MessageKey),
          project: p.project.name,
          text: p.text,
          unit: p.project.unit.name,
          period: p.raisedPeriod,
        });
        return [p.status === 'closed' ? `${line} — ${t('admin.problems.closed_note', { note: p.closeNote })}` : line];
      }),
    },
  ];
  return message(blocks);
}
