// Errors of the Bot API, classified for the outbox (retry later or give up), and fix hints for the
// codes an operator can act on: 401 (wrong token) and 409 (another instance, or a webhook).
import { GrammyError, HttpError } from 'grammy';
import { SendError } from '../../core/platform.ts';

/** Fix hints by Bot API error code, logged with the error. */
export const TELEGRAM_FIX_HINTS: Record<number, string> = {
  401: 'Telegram refused the token: check TELEGRAM_BOT_TOKEN (get one from @BotFather with /newbot, or /token to see it again)',
  409: 'another instance of this bot is polling getUpdates, or a webhook is set: stop the other instance, or set TELEGRAM_WEBHOOK_URL on every instance',
};

/** The hint for an error, if it has a known code. */
export function fixHint(error: unknown): string | undefined {
  return error instanceof GrammyError ? TELEGRAM_FIX_HINTS[error.error_code] : undefined;
}

/** Descriptions of a 400/403 that will never succeed for this chat. */
const PERMANENT = /chat not found|bot was blocked|bot was kicked|kicked|user is deactivated|not enough rights|have no rights|bot is not a member|PEER_ID_INVALID|chat_write_forbidden|group chat was upgraded/i;

/**
 * A failed Bot API call as the outbox's SendError: 429 waits retry_after; 5xx, network errors and
 * timeouts retry; 400/403 (chat not found, blocked, kicked, bad request) are permanent.
 */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  if (error instanceof GrammyError) {
    const message = `${error.method}: ${error.error_code} ${error.description}`;
    if (error.error_code === 429) return new SendError(message, 'retry', error.parameters.retry_after ?? 1);
    if (error.error_code >= 500) return new SendError(message, 'retry');
    if (error.error_code === 401 || error.error_code === 409) return new SendError(`${message} (${TELEGRAM_FIX_HINTS[error.error_code]})`, 'retry');
    if (PERMANENT.test(error.description) || error.error_code === 403 || error.error_code === 400) return new SendError(message, 'permanent');
    return new SendError(message, 'retry');
  }
  if (error instanceof HttpError) return new SendError(`network: ${error.message}`, 'retry');
  return new SendError(error instanceof Error ? error.message : String(error), 'retry');
}

/** True when the failure is about the attachment itself (bad or too big), not the chat or the network. */
export function isAttachmentRefused(error: unknown): boolean {
  if (!(error instanceof GrammyError)) return !(error instanceof HttpError);
  return error.error_code === 400 && !PERMANENT.test(error.description);
}
