// The one platform-free router. Every adapter hands it an Incoming and renders the Replies it
// returns; the same command behaves the same in Telegram, Lark and the sandbox. What a command is,
// who may run it and where, comes from the command table (commands/command-table.ts).
import type { CoreDeps } from './context.ts';
import { filingStoreOf } from '../db/filing-store/filing-store.ts';
import { translator, type MessageKey, type Translate } from './messages/catalog/index.ts';
import { message } from './messages/outbound.ts';
import { resolveActor, soleOrgId, type Actor } from './people/resolve-actor.ts';
import type { FetchFile, Incoming } from './platform.ts';
import type { ParsedCommand } from './rules/command.ts';
import { reply, type CommandContext, type PersonContext, type Reply } from './commands/context.ts';
import { allows, fitsChat, mayRun, type CommandSpec, type Role, type Who } from './commands/command-spec.ts';
import { actionFor, commandNamed, parseChatCommand } from './commands/command-table.ts';
import { reportCommand } from './commands/report-commands.ts';
import { isPhotoOnly, photoMessage } from './photos/photo-message.ts';
import { answerPendingInput } from './supervision/item-actions.ts';
import { itemOfReplyContext } from './supervision/supervision-views.ts';

export type { Reply } from './commands/context.ts';

export interface RouterOptions {
  /** The bot's username, so "/report@this_bot" is ours and "/report@other_bot" is not. */
  botUsername?: string;
  /** The adapter's way to fetch an attached file (default: none; a command that needs one says it could not be read). */
  fetchFile?: FetchFile;
  /** The event is handled for the first time: nothing it did can be in the store yet (skips the replay lookup). */
  fresh?: boolean;
  /**
   * Return a report's write on its receipt (Reply.filing) instead of committing it, for the caller
   * to commit with the event's replies in one transaction (the pipeline). Default: committed here.
   */
  deferWrites?: boolean;
}

const NO_FILES: FetchFile = async () => {
  throw new Error('this platform cannot fetch files');
};

/** A message that reads like a report even without the command word (in a private chat). */
function looksLikeReport(text: string): boolean {
  return /^\s*(形象进度|进度|本周完成投资|本周投资|累计完成投资|累计投资|本周进展|progress|invested|cumulative|done)\s*[:：]/im.test(text) || /^\s*\S+\s+\d+(\.\d+)?\s*[%％]/.test(text);
}

function say(t: Translate, key: MessageKey, params: Record<string, string | number> = {}): Reply[] {
  return reply(message([{ kind: 'text', lines: [[t(key, params)]] }]));
}

/** "项目办" / "责任领导或项目办": the roles that may run something, for a refusal. */
function rolesText(t: Translate, who: Exclude<Who, 'anyone' | 'member'>): string {
  return who.map((role: Role) => t(`common.role.${role}`)).join(t('command.roles.or'));
}

/**
 * Handles one incoming message or button press and returns the replies (possibly none). What the
 * replies carry to write (Reply.filing) is committed before this returns unless `deferWrites`.
 */
export async function handleIncoming(deps: CoreDeps, incoming: Incoming, options: RouterOptions = {}): Promise<Reply[]> {
  const replies = await route(deps, incoming, options);
  if (options.deferWrites) return replies;
  const filings = replies.flatMap((r) => (r.filing ? [r.filing] : []));
  if (filings.length) await filingStoreOf(deps.db).commitEvent({ filings, outbox: [], processed: null });
  return replies.map(({ filing: _filing, ...rest }) => rest);
}

async function route(deps: CoreDeps, incoming: Incoming, options: RouterOptions): Promise<Reply[]> {
  if (incoming.action) return handleAction(deps, incoming, options);
  if (isPhotoOnly(incoming)) return photoMessage(deps, incoming, options.fetchFile ?? NO_FILES);
  const found = await commandOf(deps, incoming, options);
  if (!found) return [];
  const { command, projectCode } = found;
  const actor = await resolveActor(deps, incoming);
  // Words without a command from someone who files no reports: show what they can do instead.
  const files = actor.person && (actor.person.isOwner || actor.person.isCoordinator);
  const spec = found.guessed && !files && !looksLikeReport(incoming.text) ? (commandNamed('help') ?? found.spec) : found.spec;

  const t = translator(actor.locale);
  // A group belongs to one org: someone of another org gets a pointer to a private chat, nothing else.
  if (actor.foreign) return say(t, spec.name === 'setup' ? 'admin.setup.foreign' : 'admin.org.foreign', { org: actor.org?.name ?? '' });
  const ctx: CommandContext = { deps, incoming, actor, t, args: command.args, fetchFile: options.fetchFile ?? NO_FILES, fresh: options.fresh === true, deferWrites: options.deferWrites === true };
  // Say so when an account was just bound (in the sandbox the name is the account: nothing to say).
  const prefix: Reply[] = actor.boundNow && actor.person && incoming.platform !== 'sandbox' ? say(t, 'common.bound_now', { name: actor.person.name }) : [];
  // A message answering an item's button (批示, 转办, 延期, 销号) that asked for text.
  if ((found.guessed || spec.name === 'cancel') && actor.person && actor.org) {
    const answered = await answerPendingInput(ctx as PersonContext);
    if (answered) return [...prefix, ...answered];
  }
  if (!fitsChat(spec, incoming.chat.kind)) return say(t, spec.where === 'group' ? 'command.refused.group_only' : 'command.refused.private_only', { command: `/${spec.name}` });
  if (spec.who === 'anyone') return [...prefix, ...(await spec.run(ctx))];

  if (!actor.person || !actor.org) return say(t, await notAPersonKey(deps, actor));
  if (!mayRun(spec, actor.person, command.args)) {
    return say(t, 'command.refused.role', { command: `/${spec.name}`, roles: rolesText(t, spec.who as Exclude<Who, 'anyone' | 'member'>) });
  }
  const pctx = ctx as PersonContext;
  // A reply to a reminder names its project: the owner need not retype it.
  if (spec.name === 'report' && projectCode) return [...prefix, ...(await reportCommand(pctx, { projectCode }))];
  if (spec.parse) {
    const parsed = spec.parse(command.args, pctx);
    if (!parsed.ok) return [...prefix, ...parsed.reply];
    return [...prefix, ...(await spec.run(pctx, parsed.value))];
  }
  return [...prefix, ...(await spec.run(pctx, command.args))];
}

/**
 * The command a message asks for: a command word, a reply to a reminder, or (in a private chat, or
 * addressed to the bot) a guess: a report, which becomes /help below for someone who files none.
 */
async function commandOf(deps: CoreDeps, incoming: Incoming, options: RouterOptions): Promise<{ spec: CommandSpec; command: ParsedCommand; guessed: boolean; projectCode?: string } | null> {
  let command = parseChatCommand(incoming.text, options.botUsername);
  let projectCode: string | undefined;
  if (!command) {
    const replyContext = incoming.replyContext ?? (await replyContextOf(deps, incoming));
    if (replyContext?.startsWith('report:') && incoming.text.trim()) {
      command = { name: 'report', args: `\n${incoming.text}` };
      projectCode = replyContext.slice('report:'.length) || undefined;
    }
    // A reply to an item's notice is its 办理情况.
    const item = itemOfReplyContext(replyContext);
    if (item !== null && incoming.text.trim()) command = { name: 'progress', args: `${item} ${incoming.text}` };
  }
  let guessed = false;
  if (!command && (incoming.chat.kind === 'private' || incoming.addressed)) {
    command = { name: 'report', args: incoming.text };
    guessed = true;
  }
  const spec = command ? commandNamed(command.name) : undefined;
  if (!command || !spec) return null;
  return { spec, command, guessed, ...(projectCode ? { projectCode } : {}) };
}

/** Why someone who is not a person of an org gets nothing done, as a catalog key. */
async function notAPersonKey(deps: CoreDeps, actor: Actor): Promise<MessageKey> {
  if ((await soleOrgId(deps)) || actor.chat) return 'common.error.unbound';
  return (await deps.db.org.count()) === 0 ? 'common.error.no_org' : 'common.error.chat_not_setup';
}

/** Button presses, dispatched by the action table. */
async function handleAction(deps: CoreDeps, incoming: Incoming, options: RouterOptions): Promise<Reply[]> {
  const found = actionFor(incoming.action ?? '');
  if (!found) {
    deps.log.warn('unknown button action', { action: incoming.action });
    return [];
  }
  const actor = await resolveActor(deps, incoming);
  const t = translator(actor.locale);
  if (actor.foreign) return say(t, 'admin.org.foreign');
  if (!actor.person || !actor.org) return say(t, 'common.error.unbound');
  if (found.spec.who !== 'member' && !allows(found.spec.who, actor.person)) {
    return say(t, 'command.refused.role', { command: found.spec.prefix, roles: rolesText(t, found.spec.who) });
  }
  const ctx: PersonContext = { deps, incoming, actor: actor as PersonContext['actor'], t, args: '', fetchFile: options.fetchFile ?? NO_FILES, fresh: options.fresh === true, deferWrites: options.deferWrites === true };
  return found.spec.run(ctx, found.argument);
}

/** The replyContext of the bot message an incoming one replies to, from the outbox that sent it. */
async function replyContextOf(deps: CoreDeps, incoming: Incoming): Promise<string | undefined> {
  if (!incoming.replyToMessageId) return undefined;
  const sent = await deps.db.outbox.findFirst({
    // In a private chat the bot wrote to the person's account, which some platforms (Lark) name apart from the chat.
    where: { platform: incoming.platform, platformChatId: incoming.chat.kind === 'private' ? { in: [incoming.chat.id, incoming.sender.id] } : incoming.chat.id, platformMessageId: incoming.replyToMessageId },
    select: { message: true },
  });
  if (!sent) return undefined;
  return (JSON.parse(sent.message) as { replyContext?: string }).replyContext;
}
