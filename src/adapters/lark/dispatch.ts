// Lark events after they are decoded, from the webhook and the long connection alike: each is
// handed to the inbound pipeline (stored, duplicates dropped), answered at once, and processed
// afterwards, so the platform's 3-second window holds however slow processing is. Card callbacks
// answer with a toast for the person who pressed: the form's field errors, "submitted", or
// "already handled"; the 填报 button opens the form card.
import type { Logger } from '../../core/context.ts';
import type { InboundPipeline } from '../../core/inbound/pipeline.ts';
import type { Locale } from '../../core/model.ts';
import { createBackgroundTasks } from '../../lib/background-tasks.ts';
import { decodeCardAction, decodeMessage, type DecodedCardAction } from './decode.ts';
import { dispositionOf, toLarkApiError } from './errors.ts';
import type { CardCallbackResponse, EventMeta, LarkCardActionEvent, LarkMessageEvent } from './events.ts';
import { checkForm } from './form-check.ts';
import { renderFormCard } from './form-card.ts';
import type { LarkPlatform } from './send.ts';
import { larkI18n, larkText, type LarkKey } from './texts.ts';

export interface LarkDispatchOptions {
  pipeline: InboundPipeline;
  platform: LarkPlatform;
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
  /** Resolves when the work started so far (form cards, processing) has finished, or after `timeoutMs`. */
  idle(timeoutMs?: number): Promise<void>;
}

type FormOutcome = 'ephemeral' | 'dm' | 'chat' | 'failed';

export function createLarkDispatch(options: LarkDispatchOptions): LarkDispatch {
  const { pipeline, platform, log, locale } = options;
  const tasks = createBackgroundTasks(log, 'lark');
  const background = tasks.run;

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
      if ((await pipeline.accept(incoming)) === 'new') pipeline.submit(incoming);
    },

    async onCardAction(event, meta) {
      const decoded = decodeCardAction(event, meta, { chatKind: (id) => platform.chatKinds.kindOf(id) });
      if (!decoded) return {};
      if (decoded.kind === 'open_form') return onOpenForm(decoded);
      if (decoded.kind === 'submit') {
        const problem = checkForm(decoded.incoming.form);
        if (problem) return { toast: { type: 'error', content: locale === 'en' ? problem.en_us : problem.zh_cn, i18n: { ...problem } } };
      }
      if ((await pipeline.accept(decoded.incoming)) === 'duplicate') return toast('info', 'lark.toast.duplicate');
      pipeline.submit(decoded.incoming);
      return toast('success', decoded.kind === 'submit' ? 'lark.toast.submitted' : 'lark.toast.received');
    },

    async idle(timeoutMs = 10_000) {
      await Promise.all([tasks.idle(timeoutMs), pipeline.idle(timeoutMs)]);
    },
  };
}
