// Messages about people, chats and problems.
import type { Org } from '../model.ts';
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

export function helpView(t: Translate, org: Org | null, exampleCode: string): OutboundMessage {
  const keys: MessageKey[] = [
    'common.help.report',
    'common.help.status',
    'common.help.missing',
    'common.help.projects',
    'common.help.history',
    'common.help.problems',
    'common.help.close',
    'digest.help',
    'ledger.help.export',
    'ledger.help.import',
    'common.help.whoami',
    'common.help.approve',
    'common.help.setup',
    'schedule.help.settings',
    'schedule.help.remind',
    'schedule.help.calendar',
    'schedule.help.pause',
    'common.help.lang',
  ];
  void org;
  return message([
    { kind: 'heading', text: t('common.help.title') },
    { kind: 'text', lines: [[t('common.help.intro')]] },
    { kind: 'list', items: keys.map((k) => [t(k)]) },
    { kind: 'text', lines: [[{ bold: t('common.help.example_title') }]] },
    { kind: 'code', text: t('grammar.template' as MessageKey, { project: exampleCode }) },
    { kind: 'text', lines: [[{ bold: t('common.help.oneline_title') }]] },
    { kind: 'code', text: t('common.help.oneline') },
  ]);
}
