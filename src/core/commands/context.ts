// What a command handler receives, and what it returns.
import type { Org, Person } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import type { Translate } from '../messages/catalog/index.ts';
import type { OutboundMessage } from '../messages/outbound.ts';
import type { Actor } from '../people/resolve-actor.ts';
import type { Destination, FetchFile, Incoming } from '../platform.ts';
import type { FilingWrite } from '../../db/filing-store/filing-store.ts';

/** A message the router answers with: to the chat the command came from, or elsewhere (a DM). */
export interface Reply {
  message: OutboundMessage;
  /** Omitted: the chat the command came from. */
  to?: Destination;
  /** Idempotency key for messages to other chats (they go through the outbox). */
  key?: string;
  /** The report this reply confirms: counted (Telemetry.reportFiled) once the reply is committed. */
  filed?: 'new' | 'revision' | 'late';
  /** The report this reply confirms, still to be written: committed with the replies (RouterOptions.deferWrites). */
  filing?: FilingWrite;
}

export interface CommandContext {
  deps: CoreDeps;
  incoming: Incoming;
  actor: Actor;
  t: Translate;
  args: string;
  /** Fetches the bytes of the message's attached file from its platform. */
  fetchFile: FetchFile;
  /** The event is handled for the first time (not resumed, not retried): it cannot have filed anything yet. */
  fresh?: boolean;
  /** Writes may be returned on the replies (Reply.filing) for the caller to commit with them. */
  deferWrites?: boolean;
}

/** A command context where the speaker is a known person of an org. */
export interface PersonContext extends CommandContext {
  actor: Actor & { person: Person; org: Org };
}

export function reply(message: OutboundMessage): Reply[] {
  return [{ message }];
}
