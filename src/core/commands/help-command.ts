// /help: the commands the asker may use, from the command table, and the report format filled in
// with the asker's own project for those who file reports.
import type { CoreDeps } from '../context.ts';
import type { Actor } from '../people/resolve-actor.ts';
import { helpView } from '../views/help-view.ts';
import { allows } from './command-spec.ts';
import { COMMAND_TABLE } from './command-table.ts';
import { reply, type CommandContext, type Reply } from './context.ts';

/** The commands a person (null: an account not bound yet) may run, in the table's order. */
export function commandsFor(person: Actor['person']) {
  return COMMAND_TABLE.filter((spec) => allows(spec.who, person));
}

/** /help */
export async function helpCommand(ctx: CommandContext): Promise<Reply[]> {
  const { person } = ctx.actor;
  const files = Boolean(person && (person.isOwner || person.isCoordinator));
  const example = files ? await exampleProjectCode(ctx.deps, ctx.actor) : null;
  return reply(helpView(ctx.t, { commands: commandsFor(person), exampleCode: example, bound: Boolean(person) }));
}

/** A project code for the report format: the sender's own project, else the org's first, else "1". */
export async function exampleProjectCode(deps: CoreDeps, actor: Pick<Actor, 'org' | 'person'>): Promise<string> {
  if (!actor.org) return '1';
  const project =
    (actor.person && (await deps.db.project.findFirst({ where: { ownerId: actor.person.id }, select: { code: true }, orderBy: { sortOrder: 'asc' } }))) ||
    (await deps.db.project.findFirst({ where: { orgId: actor.org.id }, select: { code: true }, orderBy: { sortOrder: 'asc' } }));
  return project?.code ?? '1';
}
