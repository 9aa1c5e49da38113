// The structured logger (pino): one JSON object per line on stderr by default, or readable lines
// (pino-pretty, formatted synchronously in this thread) with LOG_FORMAT=pretty.
// Secrets never reach the output: known field names are redacted by pino's `redact` paths, and
// every string (the message included) goes through `scrubSecrets` (bot tokens, URL passwords,
// and the literal secret values the app passes in `secrets`).
import { pino, type DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { Logger } from './core/context.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** Receives each entry as one line without its trailing newline (tests capture them). Default: stderr. */
  write?: (line: string) => void;
  /** Default: LOG_FORMAT from the environment when it is "pretty", else json. */
  format?: LogFormat;
  /** Literal secret values (webhook secret, app secret…) replaced wherever they appear in a string. */
  secrets?: readonly (string | undefined | null)[];
}

export const REDACTED = '[REDACTED]';

/** Field names whose values are always replaced, at the top level and up to three levels down. */
const SECRET_KEYS = [
  'password',
  'pass',
  'passwd',
  'secret',
  'token',
  'botToken',
  'bot_token',
  'accessToken',
  'access_token',
  'tenant_access_token',
  'app_access_token',
  'apiKey',
  'api_key',
  'appSecret',
  'app_secret',
  'encryptKey',
  'encrypt_key',
  'verificationToken',
  'verification_token',
  'webhookSecret',
  'secretToken',
  'secret_token',
  'authorization',
  'Authorization',
  'cookie',
  'x-telegram-bot-api-secret-token',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'LARK_APP_SECRET',
  'LARK_ENCRYPT_KEY',
  'LARK_VERIFICATION_TOKEN',
  'LLM_API_KEY',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    const plain = /^[A-Za-z_$][\w$]*$/.test(key);
    const part = plain ? key : `["${key}"]`;
    const under = (prefix: string) => (plain ? `${prefix}.${part}` : `${prefix}${part}`);
    paths.push(part, under('*'), under('*.*'), under('*.*.*'));
  }
  return paths;
}

/** A Telegram bot token: "<bot id>:<35 characters>" (also inside api.telegram.org/bot<token>/… URLs). */
const BOT_TOKEN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;
/** The password of a URL with credentials: scheme://user:password@host. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;
/** Authorization header values written inside a string. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** Replaces secrets inside a string: bot tokens, URL passwords, bearer credentials and the given literal values. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(BOT_TOKEN, REDACTED).replace(URL_PASSWORD, `$1${REDACTED}@`).replace(BEARER, `$1 ${REDACTED}`);
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

const MAX_DEPTH = 8;

/** A copy of a value with every string scrubbed and Errors turned into { type, message, stack, … }. */
function sanitize(value: unknown, secrets: readonly string[], depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Object]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      const out: Record<string, unknown> = { type: value.name, message: scrubSecrets(value.message, secrets) };
      if (value.stack) out.stack = scrubSecrets(value.stack, secrets);
      for (const [key, inner] of Object.entries(value)) if (!(key in out)) out[key] = sanitize(inner, secrets, depth + 1, seen);
      if (value.cause !== undefined) out.cause = sanitize(value.cause, secrets, depth + 1, seen);
      return out;
    }
    if (Array.isArray(value)) return value.map((item) => sanitize(item, secrets, depth + 1, seen));
    if (value instanceof Map) return sanitize(Object.fromEntries(value), secrets, depth, seen);
    if (value instanceof Set) return sanitize([...value], secrets, depth, seen);
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = sanitize(inner, secrets, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

function resolveFormat(format: LogFormat | undefined): LogFormat {
  if (format) return format;
  return process.env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json';
}

export function createLogger(level: LogLevel = 'info', options: LoggerOptions | ((line: string) => void) = {}): Logger {
  const opts: LoggerOptions = typeof options === 'function' ? { write: options } : options;
  const toStderr = !opts.write;
  const write = opts.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const secrets = (opts.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const format = resolveFormat(opts.format);

  let destination: DestinationStream;
  if (format === 'pretty') {
    const pretty = prettyFactory({ colorize: toStderr && Boolean(process.stderr.isTTY), translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' });
    destination = { write: (chunk: string) => write(pretty(chunk).replace(/\n$/, '')) };
  } else {
    destination = { write: (chunk: string) => write(chunk.replace(/\n$/, '')) };
  }

  const base = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(), censor: REDACTED },
    },
    destination,
  );

  const emit = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (!base.isLevelEnabled(at)) return;
    const clean = fields ? (sanitize(fields, secrets) as Record<string, unknown>) : {};
    base[at](clean, scrubSecrets(message, secrets));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** The secret values of a configuration, for `createLogger(level, { secrets })`. */
export function configSecrets(config: {
  TELEGRAM_BOT_TOKEN?: string | undefined;
  TELEGRAM_WEBHOOK_SECRET?: string | undefined;
  LARK_APP_SECRET?: string | undefined;
  LARK_ENCRYPT_KEY?: string | undefined;
  LARK_VERIFICATION_TOKEN?: string | undefined;
  LLM_API_KEY?: string | undefined;
}): string[] {
  return [config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_WEBHOOK_SECRET, config.LARK_APP_SECRET, config.LARK_ENCRYPT_KEY, config.LARK_VERIFICATION_TOKEN, config.LLM_API_KEY].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}
