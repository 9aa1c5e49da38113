// The one path every Lark event takes after it is decoded, from the webhook and the long connection
// alike: record it (duplicates stop here), answer at once, and process it afterwards, so the
// platform's 3-second window holds however slow processing is. Card callbacks answer with a toast
// for the person who pressed: the form's field errors, "submitted", or "already handled".
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Logger } from '../../core/context.ts';
import type { DeliverReplies, InboundHandler } from '../../core/inbound/inbound-handler.ts';
import type { Locale } from '../../core/model.ts';
import type { ChatPlatform, Incoming } from '../../core/platform.ts';
import { resumeUnfinished } from '../../core/inbound/resume-unfinished.ts';
import { createBackgroundTasks, RecentSet } from '../../lib/background-tasks.ts';
import type { ContactDirectory } from './contacts.ts';
import { decodeCardAction, decodeMessage, LARK_RESOURCE_PREFIX, type DecodedCardAction } from './decode.ts';
import { dispositionOf, toLarkApiError } from './errors.ts';
import type { CardCallbackResponse, EventMeta, LarkCardActionEvent, LarkMessageEvent } from './events.ts';
import { checkForm } from './form-check.ts';
import { renderFormCard } from './form-card.ts';
import type { LarkPlatform } from './send.ts';
import { larkI18n, larkText, type LarkKey } from './texts.ts';

export interface LarkDispatchOptions {
  handler: InboundHandler;
  deliver: DeliverReplies;
  platform: LarkPlatform;
  contacts: ContactDirectory;
  log: Logger;
  /** Language of toasts and form labels when the reader's app language is unknown. */
  locale: Locale;
  /** The bot's open_id once known (its @-mention is removed from messages). */
  botOpenId: () => string | undefined;
  /** How long a card callback may wait for the form to be sent before answering (default 1500 ms). */
  formWaitMs?: number;
}

/** Handles decoded Lark events. */
export interface LarkDispatch {
  /** im.message.receive_v1. Resolves once the event is stored; processing continues afterwards. */
  onMessage(event: LarkMessageEvent, meta: EventMeta): Promise<void>;
  /** card.action.trigger. Resolves with the callback's answer (a toast) within the 3-second window. */
  onCardAction(event: LarkCardActionEvent, meta: EventMeta): Promise<CardCallbackResponse>;
  /** Processes events stored but never processed (the process stopped in between), oldest first. */
  resume(): Promise<void>;
  /** Resolves when the processing started so far has finished, or after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
}

type FormOutcome = 'ephemeral' | 'dm' | 'chat' | 'failed';

export function createLarkDispatch(options: LarkDispatchOptions): LarkDispatch {
  const { handler, deliver, platform, contacts, log, locale } = options;
  const tasks = createBackgroundTasks(log, 'lark');
  const background = tasks.run;
  /** Events this process took in: a resume at start must not process them a second time. */
  const seen = new RecentSet(50_000);
  /** Senders met since start; the first message of each is logged with its open_id (for ADMINS). */
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

  /** Fetches a file sent to the bot to a local path; without it the core explains how to send one. */
  async function fetchFile(incoming: Incoming): Promise<Incoming> {
    const ref = incoming.file?.path;
    if (!ref?.startsWith(LARK_RESOURCE_PREFIX)) return incoming;
    const [messageId = '', fileKey = ''] = ref.slice(LARK_RESOURCE_PREFIX.length).split('/');
    try {
      const dir = await mkdtemp(join(tmpdir(), 'lark-file-'));
      const path = join(dir, basename(incoming.file?.name ?? 'upload'));
      const resource = await platform.client.im.messageResource.get({ path: { message_id: messageId, file_key: fileKey }, params: { type: 'file' } });
      await resource.writeFile(path);
      return { ...incoming, file: { name: incoming.file?.name ?? 'upload', path } };
    } catch (error) {
      log.warn('lark: could not download a file sent to the bot', { messageId, error: String(toLarkApiError('im.v1.messageResource.get', error).message) });
      const { file: _dropped, ...rest } = incoming;
      return rest;
    }
  }

  async function processIncoming(incoming: Incoming, quote: boolean): Promise<void> {
    const enriched = await contacts.enrich(await fetchFile(incoming));
    if (!senders.has(enriched.sender.id) && senders.size < 100_000) {
      senders.add(enriched.sender.id);
      log.info('lark: new sender', { openId: enriched.sender.id, name: enriched.sender.displayName, chat: enriched.chat.kind });
    }
    const replies = await handler.process(enriched);
    await deliver(replyingTo(incoming.chat.id, quote ? incoming.messageId : undefined), incoming, replies);
  }

  /** Records the event; false for a duplicate delivery. */
  async function record(incoming: Incoming, raw: unknown): Promise<boolean> {
    // Taken before it is stored (see the Telegram dispatch): a re-delivery of an event an earlier
    // run stored is left to the resume.
    const taken = seen.has(incoming.eventId);
    seen.add(incoming.eventId);
    const fresh = await handler.record(incoming, raw);
    if (!fresh && !taken) seen.delete(incoming.eventId);
    return fresh;
  }

  function toast(type: NonNullable<CardCallbackResponse['toast']>['type'], key: LarkKey): CardCallbackResponse {
    return { toast: { type, content: larkText(locale, key), i18n: larkI18n(key) } };
  }

  async function openForm(action: Extract<DecodedCardAction, { kind: 'open_form' }>): Promise<FormOutcome> {
    const card = renderFormCard({ locale, chat: action.chat, ...(action.project ? { project: action.project } : {}) });
    if (action.chat.kind === 'private') {
      await platform.sendCard(action.chat.id, card);
      return 'chat';
    }
    try {
      await platform.sendEphemeral(action.chat.id, action.operatorId, card);
      return 'ephemeral';
    } catch (error) {
      const apiError = toLarkApiError('ephemeral.v1.send', error);
      log.warn('lark: form visible only to one person could not be sent; sending it privately', { chat: action.chat.id, error: apiError.message, retryable: dispositionOf(apiError) === 'retry' });
    }
    await platform.sendCard(action.operatorId, card);
    return 'dm';
  }

  async function onOpenForm(action: Extract<DecodedCardAction, { kind: 'open_form' }>): Promise<CardCallbackResponse> {
    let outcome: FormOutcome | 'pending' = 'pending';
    const sending = background('form card', async () => {
      outcome = await openForm(action).catch((error: unknown) => {
        log.error('lark form card could not be sent', { chat: action.chat.id, error: String(error) });
        return 'failed' as const;
      });
    });
    await Promise.race([sending, new Promise((resolve) => setTimeout(resolve, options.formWaitMs ?? 1500).unref())]);
    const result = outcome as FormOutcome | 'pending';
    if (result === 'failed') return toast('error', 'lark.toast.failed');
    if (result === 'dm') return toast('info', 'lark.toast.form_sent_dm');
    if (result === 'chat') return {};
    return toast('info', 'lark.toast.form_sent');
  }

  return {
    async onMessage(event, meta) {
      const incoming = decodeMessage(event, meta, { botOpenId: options.botOpenId(), chatKind: (id) => platform.chatKinds.kindOf(id) });
      if (!incoming) return;
      platform.chatKinds.learn(incoming.chat.id, incoming.chat.kind);
      if (!(await record(incoming, event))) return;
      // In a group the answer quotes the message it answers; a private chat needs no quoting.
      void background('message', () => processIncoming(incoming, incoming.chat.kind === 'group'));
    },

    async onCardAction(event, meta) {
      const decoded = decodeCardAction(event, meta, { chatKind: (id) => platform.chatKinds.kindOf(id) });
      if (!decoded) return {};
      if (decoded.kind === 'open_form') return onOpenForm(decoded);
      if (decoded.kind === 'submit') {
        const problem = checkForm(decoded.incoming.form);
        if (problem) return { toast: { type: 'error', content: locale === 'en' ? problem.en_us : problem.zh_cn, i18n: { ...problem } } };
      }
      if (!(await record(decoded.incoming, event))) return toast('info', 'lark.toast.duplicate');
      void background('card action', () => processIncoming(decoded.incoming, false));
      return toast('success', decoded.kind === 'submit' ? 'lark.toast.submitted' : 'lark.toast.received');
    },

    async resume() {
      void background('resume', async () => {
        const count = await resumeUnfinished(handler, 'lark', {
          isTaken: (incoming) => seen.has(incoming.eventId),
          take: (incoming) => seen.add(incoming.eventId),
          process: (incoming) =>
            processIncoming(incoming, incoming.chat.kind === 'group' && !incoming.action && !incoming.form).catch((error: unknown) =>
              log.error('lark: a left-over event could not be processed', { eventId: incoming.eventId, error: String(error) }),
            ),
        });
        if (count > 0) log.info('lark: processed events left unprocessed by the previous run', { count });
      });
    },

    idle: (timeoutMs) => tasks.idle(timeoutMs),
  };
}
