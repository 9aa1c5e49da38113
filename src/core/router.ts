// The one platform-free command router. Every adapter hands it an Incoming and renders the
// Replies it returns; the same command behaves the same in Telegram, Lark and the sandbox.
import type { CoreDeps } from './context.ts';
import { translator } from './messages/catalog/index.ts';
import { message } from './messages/outbound.ts';
import { resolveActor, soleOrgId, type Actor } from './people/resolve-actor.ts';
import type { Incoming } from './platform.ts';
import { parseCommand, type CommandName } from './rules/command.ts';
import { helpView } from './views/admin-views.ts';
import { reply, type CommandContext, type PersonContext, type Reply } from './commands/context.ts';
import { decideCommand, iamCommand, langCommand, setupCommand, whoamiCommand } from './commands/people-commands.ts';
import { cancelCommand, confirmCommand, reportCommand } from './commands/report-commands.ts';
import { closeCommand, historyCommand, missingCommand, problemsCommand, projectsCommand, statusCommand } from './commands/status-commands.ts';
import { scheduleCommand } from './schedule/commands.ts';
import { exportCommand } from './ledger/export-command.ts';
import { digestAckAction } from './digest/ack-action.ts';
import { digestCommand } from './digest/digest-command.ts';
import { confirmImportAction, importChatCommand, IMPORT_CONFIRM_ACTION } from './ledger/import-command.ts';

export type { Reply } from './commands/context.ts';

export interface RouterOptions {
  /** The bot's username, so "/report@this_bot" is ours and "/report@other_bot" is not. */
  botUsername?: string;
}

/** Commands only coordinators may use. */
const COORDINATOR_COMMANDS: ReadonlySet<CommandName> = new Set(['close', 'approve', 'reject', 'setup']);

/** A message that reads like a report even without the command word (in a private chat). */
function looksLikeReport(text: string): boolean {
  return /^\s*(形象进度|进度|本周完成投资|本周投资|累计完成投资|累计投资|本周进展|progress|invested|cumulative|done)\s*[:：]/im.test(text) || /^\s*\S+\s+\d+(\.\d+)?\s*[%％]/.test(text);
}

/** Handles one incoming message or button press and returns the replies (possibly none). */
export async function handleIncoming(deps: CoreDeps, incoming: Incoming, options: RouterOptions = {}): Promise<Reply[]> {
  if (incoming.action) return handleAction(deps, incoming);

  let command = parseCommand(incoming.text, options.botUsername);
  let projectCode: string | undefined;
  const replyContext = incoming.replyContext ?? (await replyContextOf(deps, incoming));
  if (!command && replyContext?.startsWith('report:') && incoming.text.trim()) {
    // A reply to a reminder: the reminder named the project, so the owner need not retype it.
    command = { name: 'report', args: `\n${incoming.text}` };
    projectCode = replyContext.slice('report:'.length) || undefined;
  }
  if (!command && (incoming.chat.kind === 'private' || incoming.addressed)) {
    command = looksLikeReport(incoming.text) ? { name: 'report', args: incoming.text } : { name: 'help', args: '' };
  }
  if (!command) return [];

  const actor = await resolveActor(deps, incoming);
  const t = translator(actor.locale);
  const ctx: CommandContext = { deps, incoming, actor, t, args: command.args };
  // Say so when an account was just bound (in the sandbox the name is the account: nothing to say).
  const prefix: Reply[] =
    actor.boundNow && actor.person && incoming.platform !== 'sandbox' ? [{ message: message([{ kind: 'text', lines: [[t('common.bound_now', { name: actor.person.name })]] }]) }] : [];

  switch (command.name) {
    case 'help':
      return [...prefix, ...reply(helpView(t, actor.org, await exampleProjectCode(deps, actor)))];
    case 'whoami':
      return [...prefix, ...(await whoamiCommand(ctx))];
    case 'iam': {
      const orgId = actor.org?.id ?? actor.chat?.orgId ?? (await soleOrgId(deps));
      if (!orgId) return reply(message([{ kind: 'text', lines: [[t('common.error.no_org')]] }]));
      return iamCommand(ctx, orgId);
    }
    default:
      break;
  }

  if (!actor.person || !actor.org) {
    const key = (await soleOrgId(deps)) || actor.chat ? 'common.error.unbound' : (await deps.db.org.count()) === 0 ? 'common.error.no_org' : 'common.error.chat_not_setup';
    return reply(message([{ kind: 'text', lines: [[t(key)]] }]));
  }
  if (COORDINATOR_COMMANDS.has(command.name) && !actor.person.isCoordinator) {
    return reply(message([{ kind: 'text', lines: [[t('common.error.coordinator_only', { command: `/${command.name}` })]] }]));
  }
  const pctx = ctx as PersonContext;
  const replies = await runPersonCommand(pctx, command.name, projectCode);
  return [...prefix, ...replies];
}

async function runPersonCommand(ctx: PersonContext, name: CommandName, projectCode: string | undefined): Promise<Reply[]> {
  switch (name) {
    case 'report':
      return reportCommand(ctx, { projectCode });
    case 'confirm':
      return confirmCommand(ctx);
    case 'cancel':
      return cancelCommand(ctx);
    case 'status':
      return statusCommand(ctx);
    case 'missing':
      return missingCommand(ctx);
    case 'projects':
      return projectsCommand(ctx);
    case 'history':
      return historyCommand(ctx);
    case 'problems':
      return problemsCommand(ctx);
    case 'close':
      return closeCommand(ctx);
    case 'approve':
      return decideCommand(ctx, true);
    case 'reject':
      return decideCommand(ctx, false);
    case 'setup':
      return setupCommand(ctx);
    case 'lang':
      return langCommand(ctx);
    case 'settings':
    case 'remind':
    case 'holiday':
    case 'workday':
    case 'pause':
    case 'leave':
    case 'resume':
      return scheduleCommand(ctx, name).then((replies) => replies ?? []);
    case 'export':
      return exportCommand(ctx);
    case 'import':
      return importChatCommand(ctx);
    case 'digest':
      return digestCommand(ctx);
    case 'help':
    case 'whoami':
    case 'iam':
      throw new Error(`${name} is handled before a person is required`);
  }
}

/** Button presses: "claim:approve:<id>", "claim:reject:<id>", "draft:confirm", "draft:cancel". */
async function handleAction(deps: CoreDeps, incoming: Incoming): Promise<Reply[]> {
  const actor = await resolveActor(deps, incoming);
  const t = translator(actor.locale);
  if (!actor.person || !actor.org) return reply(message([{ kind: 'text', lines: [[t('common.error.unbound')]] }]));
  const ctx: PersonContext = { deps, incoming, actor: actor as PersonContext['actor'], t, args: '' };
  const [area, verb, id] = (incoming.action ?? '').split(':');
  if (area === 'claim' && (verb === 'approve' || verb === 'reject') && id) {
    if (!actor.person.isCoordinator) return reply(message([{ kind: 'text', lines: [[t('common.error.coordinator_only', { command: verb })]] }]));
    return decideCommand(ctx, verb === 'approve', id);
  }
  if (incoming.action === IMPORT_CONFIRM_ACTION) return confirmImportAction(ctx);
  if (area === 'digest' && verb === 'ack' && id) return digestAckAction(ctx, id);
  if (area === 'draft' && verb === 'confirm') return confirmCommand(ctx);
  if (area === 'draft' && verb === 'cancel') return cancelCommand(ctx);
  deps.log.warn('unknown button action', { action: incoming.action });
  return [];
}

/** The replyContext of the bot message an incoming one replies to, from the outbox that sent it. */
async function replyContextOf(deps: CoreDeps, incoming: Incoming): Promise<string | undefined> {
  if (!incoming.replyToMessageId) return undefined;
  const sent = await deps.db.outbox.findFirst({
    where: { platform: incoming.platform, platformChatId: incoming.chat.id, platformMessageId: incoming.replyToMessageId },
    select: { message: true },
  });
  if (!sent) return undefined;
  return (JSON.parse(sent.message) as { replyContext?: string }).replyContext;
}

/** A project code for the help's example: the sender's own project, else any, else "1". */
async function exampleProjectCode(deps: CoreDeps, actor: Actor): Promise<string> {
  if (!actor.org) return '1';
  const project =
    (actor.person && (await deps.db.project.findFirst({ where: { ownerId: actor.person.id }, select: { code: true } }))) ||
    (await deps.db.project.findFirst({ where: { orgId: actor.org.id }, select: { code: true }, orderBy: { sortOrder: 'asc' } }));
  return project?.code ?? '1';
}
