// /setup [项目办名称] [确认]: binds the group to an org (see people/setup-chat.ts), and the button
// that confirms moving a group from one org to another.
import { message, type OutboundMessage } from '../messages/outbound.ts';
import { setupChat, type SetupInput } from '../people/setup-chat.ts';
import { reply, type PersonContext, type Reply } from './context.ts';

/** The action of the button that confirms a move (followed by ":<target org id>"). */
export const SETUP_CONFIRM_ACTION = 'setup:confirm';

/** Words that, at the end of /setup, confirm moving the group. */
const CONFIRM_WORDS = ['确认', '確認', 'confirm'];

function text(line: string): OutboundMessage {
  return message([{ kind: 'text', lines: [[line]] }]);
}

/** "/setup 县卫健局 确认" → the org's name and whether the move is confirmed. */
export function parseSetupArgs(args: string): { orgName: string; confirmed: boolean } {
  const words = (args.split('\n')[0] ?? '').trim().split(/\s+/).filter(Boolean);
  const last = words.at(-1)?.toLowerCase();
  const confirmed = last !== undefined && CONFIRM_WORDS.includes(last);
  return { orgName: (confirmed ? words.slice(0, -1) : words).join(' '), confirmed };
}

export async function setupCommand(ctx: PersonContext): Promise<Reply[]> {
  const { orgName, confirmed } = parseSetupArgs(ctx.args);
  return runSetup(ctx, { ...(orgName ? { target: { name: orgName } } : {}), confirmed });
}

/** The confirm button: the group's coordinator moves it to the org the button names. */
export async function confirmSetupAction(ctx: PersonContext, orgId: string): Promise<Reply[]> {
  return runSetup(ctx, { target: { id: orgId }, confirmed: true });
}

async function runSetup(ctx: PersonContext, options: Pick<SetupInput, 'target' | 'confirmed'>): Promise<Reply[]> {
  const { t, actor, incoming } = ctx;
  if (incoming.chat.kind !== 'group') return reply(text(t('admin.setup.group_only')));
  const outcome = await setupChat(ctx.deps, { org: actor.org, coordinator: actor.person, incoming, ...options });
  const names = (orgs: { name: string }[]) => orgs.map((o) => `「${o.name}」`).join('、');
  switch (outcome.kind) {
    case 'choose':
      return reply(text(t('admin.setup.choose', { orgs: names(outcome.orgs) })));
    case 'unknown_org':
      return reply(text(t('admin.setup.unknown_org', { name: outcome.name, orgs: names(outcome.orgs) })));
    case 'not_yours':
      return reply(text(t('admin.setup.not_yours', { org: outcome.org.name })));
    case 'confirm': {
      const params = { from: outcome.from.name, to: outcome.to.name };
      return reply(
        message([{ kind: 'text', lines: [[t('admin.setup.confirm', params)]] }], {
          buttons: [{ label: t('admin.setup.confirm_button', params), action: `${SETUP_CONFIRM_ACTION}:${outcome.to.id}`, style: 'primary' }],
        }),
      );
    }
    case 'done': {
      const lines = [[t('admin.setup.done', { title: outcome.chat.title || incoming.chat.id, org: outcome.org.name })]];
      if (outcome.movedFrom) lines.push([t('admin.setup.moved', { from: outcome.movedFrom.name, to: outcome.org.name })]);
      return reply(message([{ kind: 'text', lines }]));
    }
  }
}
