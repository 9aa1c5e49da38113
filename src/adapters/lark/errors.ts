// Errors of the Lark open platform, typed by origin, and what each means for a send: try again
// later, give up, or (for a refused card) send the plain text instead.
import { SendError } from '../../core/platform.ts';

/** A failed open-platform call: HTTP status and Lark's `code`, or neither for a network error. */
export class LarkApiError extends Error {
  constructor(
    /** The SDK method or API path, for logs. */
    readonly method: string,
    /** Lark's business code (non-zero), if the platform answered with one. */
    readonly code: number | undefined,
    /** The HTTP status, if the platform answered at all. */
    readonly status: number | undefined,
    message: string,
    /** Seconds the platform asked us to wait (rate-limit reset header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${method}: ${code !== undefined ? `code ${code}` : status !== undefined ? `HTTP ${status}` : 'network error'}: ${message}`);
    this.name = 'LarkApiError';
  }
}

/** App-wide rate limit (50/s, 1000/min per app). */
export const CODE_APP_RATE_LIMIT = 99991400;
/** A chat's or user's rate limit (5/s shared by the bots of a group). */
export const CODE_CHAT_RATE_LIMIT = 230020;

/** Codes worth trying again: rate limits, tokens being refreshed, a message still being sent. */
const RETRY_CODES = new Set([CODE_APP_RATE_LIMIT, CODE_CHAT_RATE_LIMIT, 230049, 99991663, 99991661, 99991664, 99991671, 1000040343]);
/** Codes where the card itself was refused: invalid card, too long, cards not allowed in the chat. */
const CARD_REFUSED_CODES = new Set([230099, 230025, 230054, 230001, 11246, 11310]);

/** Fix hints for codes an operator can act on (logged with the error). */
export const FIX_HINTS: Record<number, string> = {
  230002: 'the bot is not in this chat: add the bot to the group',
  230006: 'bot capability is not enabled: enable 机器人 in the developer console and publish a version',
  230013: 'the user is outside the app’s availability range: widen 可用范围 in the console',
  230027: 'missing permission: add the scope in the console (权限管理) and publish a version',
  230035: 'sending is not allowed in this chat (muted group, or the user blocked the bot)',
  230053: 'the user turned off messages from this bot',
  99991672: 'missing API scope: add it in 权限管理 and publish a new version',
  99991663: 'tenant access token invalid: check LARK_APP_ID / LARK_APP_SECRET',
};

/** What to do after a failed call. */
export type Disposition = 'retry' | 'permanent' | 'card_refused';

export function dispositionOf(error: LarkApiError): Disposition {
  if (error.code !== undefined) {
    if (RETRY_CODES.has(error.code)) return 'retry';
    if (CARD_REFUSED_CODES.has(error.code)) return 'card_refused';
    if (error.status !== undefined && error.status >= 500) return 'retry';
    return 'permanent';
  }
  if (error.status === undefined) return 'retry';
  if (error.status === 429 || error.status >= 500 || error.status === 408) return 'retry';
  return 'permanent';
}

/** The SendError the outbox understands. Rate limits carry the wait the platform asked for. */
export function toSendError(error: LarkApiError): SendError {
  const disposition = dispositionOf(error);
  const rateLimited = error.code === CODE_CHAT_RATE_LIMIT || error.code === CODE_APP_RATE_LIMIT || error.status === 429;
  const wait = error.retryAfterSeconds ?? (rateLimited ? 1 : undefined);
  const hint = error.code !== undefined ? FIX_HINTS[error.code] : undefined;
  return new SendError(hint ? `${error.message} (${hint})` : error.message, disposition === 'retry' ? 'retry' : 'permanent', disposition === 'retry' ? wait : undefined);
}

interface HttpErrorLike {
  message?: string;
  response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

/** Any failure of an SDK call (axios errors included) as a LarkApiError. */
export function toLarkApiError(method: string, error: unknown): LarkApiError {
  if (error instanceof LarkApiError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpErrorLike;
  const response = e.response;
  if (!response) return new LarkApiError(method, undefined, undefined, e.message ?? String(error));
  const data = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as { code?: unknown; msg?: unknown };
  const code = typeof data.code === 'number' && data.code !== 0 ? data.code : undefined;
  return new LarkApiError(method, code, response.status, typeof data.msg === 'string' ? data.msg : (e.message ?? 'request failed'), retryAfter(response.headers));
}

/** A 2xx answer whose `code` is not 0 is an error too. */
export function checkBody<T extends { code?: number; msg?: string }>(method: string, body: T | null | undefined): T {
  if (!body) throw new LarkApiError(method, undefined, 200, 'empty response');
  if (typeof body.code === 'number' && body.code !== 0) throw new LarkApiError(method, body.code, 200, body.msg ?? 'error');
  return body;
}

/** Seconds to wait from Lark's rate-limit headers (x-ogw-ratelimit-reset) or Retry-After. */
export function retryAfter(headers: Record<string, unknown> | undefined): number | undefined {
  if (!headers) return undefined;
  for (const name of ['x-ogw-ratelimit-reset', 'retry-after']) {
    const raw = headers[name];
    const value = Number(Array.isArray(raw) ? raw[0] : raw);
    if (Number.isFinite(value) && value >= 0) return Math.min(Math.ceil(value), 3600);
  }
  return undefined;
}
