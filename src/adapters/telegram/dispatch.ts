// The one path every Telegram update takes, from long polling and the webhook alike: decode and
// record it (duplicates stop here) before Telegram is told it arrived, then process it and deliver
// the replies. A handler error never escapes: it is logged, and the core has already told the
// sender their message was kept.
import type { Update } from 'grammy/types';
import type { Logger } from '../../core/context.ts';
import type { DeliverReplies, InboundHandler } from '../../core/inbound/inbound-handler.ts';
import type { ChatPlatform, Incoming } from '../../core/platform.ts';
import { resumeUnfinished } from '../../core/inbound/resume-unfinished.ts';
import { createBackgroundTasks, RecentSet } from '../../lib/background-tasks.ts';
import { decodeUpdate, downloadTelegramFile, updateIdOf, type BotIdentity, type FileSource } from './decode.ts';
import type { TelegramPlatform } from './send.ts';

export interface TelegramDispatchOptions {
  handler: InboundHandler;
  deliver: DeliverReplies;
  platform: TelegramPlatform;
  log: Logger;
  bot: () => BotIdentity;
  files: FileSource;
  now?: () => Date;
}

/** An update accepted for processing: decoded and recorded, or left over from a previous run. */
export interface Accepted {
  updateId: number;
  incoming: Incoming;
}

/** What became of an update when it was recorded. */
export type AcceptOutcome = { kind: 'new'; accepted: Accepted } | { kind: 'duplicate' } | { kind: 'ignored' };

export interface TelegramDispatch {
  /** Decodes and stores an update. Throws when the store fails (the update must not be confirmed). */
  accept(update: Update): Promise<AcceptOutcome>;
  /** Processes an accepted update and delivers its replies. Never throws. */
  process(accepted: Accepted): Promise<void>;
  /** Processes events stored but never processed (the process stopped in between), in the background. */
  resume(): Promise<void>;
  /** Resolves when the processing started so far has finished, or after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
  /** Runs a task in the background, tracked by idle(). */
  background(label: string, task: () => Promise<void>): void;
}

export function createTelegramDispatch(options: TelegramDispatchOptions): TelegramDispatch {
  const { handler, deliver, platform, log } = options;
  const now = options.now ?? (() => new Date());
  const tasks = createBackgroundTasks(log, 'telegram');
  /** Events this process recorded: a resume at start must not process them a second time. */
  const seen = new RecentSet(50_000);
  /** Senders met since start; the first message of each is logged with the id ADMINS takes. */
  const senders = new Set<string>();

  /** A view of the platform whose sends to the event's chat quote the message that caused them. */
  function replyingTo(chatId: string, messageId: string | undefined): ChatPlatform {
    if (!messageId) return platform;
    return {
      name: platform.name,
      send: (to, message, sendOptions) => platform.send(to, message, { ...sendOptions, ...(to === chatId ? { replyTo: messageId } : {}) }),
      start: () => platform.start(),
      stop: () => platform.stop(),
    };
  }

  async function withFile(incoming: Incoming): Promise<Incoming> {
    try {
      return await downloadTelegramFile(incoming, options.files);
    } catch (error) {
      log.warn('telegram: could not download a file sent to the bot', { chat: incoming.chat.id, error: String(error) });
      const { file: _dropped, ...rest } = incoming;
      return rest;
    }
  }

  async function process({ incoming }: Accepted): Promise<void> {
    try {
      const replies = await handler.process(await withFile(incoming));
      const quote = incoming.chat.kind === 'group' && !incoming.action;
      await deliver(replyingTo(incoming.chat.id, quote ? incoming.messageId : undefined), incoming, replies);
    } catch (error) {
      log.error('telegram: update could not be handled', { eventId: incoming.eventId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }

  return {
    async accept(update) {
      const incoming = decodeUpdate(update, options.bot(), now());
      if (!incoming) return { kind: 'ignored' };
      if (!senders.has(incoming.sender.id) && senders.size < 100_000) {
        senders.add(incoming.sender.id);
        log.info('telegram: new sender (use this id in ADMINS=telegram:<id>)', { id: incoming.sender.id, username: incoming.sender.username, name: incoming.sender.displayName, chat: incoming.chat.id, chatKind: incoming.chat.kind });
      }
      // Taken before it is stored, so a resume running now never picks it up as left over. A
      // re-delivery of an event an earlier run stored is not this run's: the resume processes it.
      const taken = seen.has(incoming.eventId);
      seen.add(incoming.eventId);
      const fresh = await handler.record(incoming, update);
      if (!fresh && !taken) seen.delete(incoming.eventId);
      return fresh ? { kind: 'new', accepted: { updateId: update.update_id, incoming } } : { kind: 'duplicate' };
    },

    process,

    async resume() {
      void tasks.run('resume', async () => {
        const count = await resumeUnfinished(handler, 'telegram', {
          isTaken: (incoming) => seen.has(incoming.eventId),
          take: (incoming) => seen.add(incoming.eventId),
          process: (incoming) => process({ updateId: updateIdOf(incoming.eventId), incoming }),
        });
        if (count > 0) log.info('telegram: processed updates left unprocessed by the previous run', { count });
      });
    },

    idle: (timeoutMs) => tasks.idle(timeoutMs),

    background(label, task) {
      void tasks.run(label, task);
    },
  };
}
