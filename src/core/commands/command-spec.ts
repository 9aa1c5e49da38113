// The shape of one entry of the command table (command-table.ts), and the rules that read it:
// who may run a command, where, and how its words are recognised. Adding a command is one entry
// plus one handler; the router, /help, the Telegram menus and the Lark help all derive from it.
import type { MessageKey } from '../messages/catalog/index.ts';
import type { ChatKind } from '../model.ts';
import type { CommandVocabulary } from '../rules/command.ts';
import type { CommandContext, PersonContext, Reply } from './context.ts';

/** A role a person of the list may hold. */
export type Role = 'coordinator' | 'leader' | 'owner';

/**
 * Who may run a command: `anyone` (also an account not yet bound, e.g. /iam), `member` (any person
 * of the org), or a holder of one of the roles.
 */
export type Who = 'anyone' | 'member' | readonly Role[];

/** Where a command may be used. */
export type Where = 'group' | 'private' | 'any';

/** A command's arguments read by its parser, or what to say about them. */
export type ParsedArgs<A> = { ok: true; value: A } | { ok: false; reply: Reply[] };

interface SpecBase {
  /** The English command word, as typed after "/" and shown in Telegram's menu. */
  name: string;
  /** Chinese command words, used with a slash ("/填报"). */
  aliases: readonly string[];
  /**
   * Words that work without a slash too ("填报", "确认"). Only words an everyday sentence in a group
   * never starts with: "提醒大家…" or "请假 一天" must stay chat.
   */
  bare?: readonly string[];
  where: Where;
  /** How to type it, for /help. */
  usage: MessageKey;
  /** What it does, for /help and the Telegram menu. */
  summary: MessageKey;
  /** Listed in Telegram's "/" menu. */
  menu?: boolean;
}

/** A command anyone may run, bound or not. */
export interface OpenCommand extends SpecBase {
  who: 'anyone';
  run(ctx: CommandContext): Promise<Reply[]>;
}

/** A command for people of the org. */
export interface PersonCommand<A = string> extends SpecBase {
  who: 'member' | readonly Role[];
  /**
   * Any member may run the command to look (e.g. `/settings` alone shows the settings, `/pause`
   * alone lists what is paused); `who` applies to everything else. `isView` tells looking from
   * changing (default: no arguments).
   */
  viewByMembers?: { isView?: (args: string) => boolean };
  /** Reads the arguments before the handler runs; without it the handler gets them as typed. */
  parse?: (args: string, ctx: PersonContext) => ParsedArgs<A>;
  run(ctx: PersonContext, args: A): Promise<Reply[]>;
}

/** One entry of the command table. */
export type CommandSpec = OpenCommand | PersonCommand<unknown>;

/** Declares a command with typed arguments (the table holds them as `unknown`). */
export function personCommand<A = string>(spec: PersonCommand<A>): PersonCommand<unknown> {
  return spec as PersonCommand<unknown>;
}

/** A button's action, "<prefix>:<argument>" (e.g. "claim:approve:<id>"), with who may press it. */
export interface ActionSpec {
  /** The action's prefix, matched whole ("draft:confirm") or before ":<argument>". */
  prefix: string;
  who: 'member' | readonly Role[];
  run(ctx: PersonContext, argument: string): Promise<Reply[]>;
}

/** The roles a person holds. */
export function rolesOf(person: { isCoordinator: boolean; isLeader: boolean; isOwner: boolean }): Role[] {
  return [...(person.isCoordinator ? (['coordinator'] as const) : []), ...(person.isLeader ? (['leader'] as const) : []), ...(person.isOwner ? (['owner'] as const) : [])];
}

/** Whether a person (null: an account not bound yet) may run what `who` allows. */
export function allows(who: Who, person: { isCoordinator: boolean; isLeader: boolean; isOwner: boolean } | null): boolean {
  if (who === 'anyone') return true;
  if (!person) return false;
  if (who === 'member') return true;
  const held = rolesOf(person);
  return who.some((role) => held.includes(role));
}

/** Whether a command may be run for this person and these arguments (a member may look where `viewByMembers`). */
export function mayRun(spec: CommandSpec, person: { isCoordinator: boolean; isLeader: boolean; isOwner: boolean } | null, args: string): boolean {
  if (allows(spec.who, person)) return true;
  if (spec.who === 'anyone' || !spec.viewByMembers || !person) return false;
  return (spec.viewByMembers.isView ?? ((a: string) => a.trim() === ''))(args);
}

/** Whether a command may be used in this kind of chat. */
export function fitsChat(spec: { where: Where }, kind: ChatKind): boolean {
  return spec.where === 'any' || spec.where === kind;
}

/** The words of a table, for the parser in core/rules/command.ts. */
export function vocabularyOf(table: readonly CommandSpec[], extra: { bare?: Record<string, string> } = {}): CommandVocabulary {
  const names = new Map<string, string>();
  const aliases = new Map<string, string>();
  const bare = new Map<string, string>(Object.entries(extra.bare ?? {}));
  for (const spec of table) {
    names.set(spec.name, spec.name);
    for (const alias of spec.aliases) aliases.set(alias, spec.name);
    for (const word of spec.bare ?? []) bare.set(word, spec.name);
  }
  return { names, aliases, bare };
}
