// The environment as a zod schema. A bad value stops start-up with one line per bad field.
// Every field is documented in .env.example.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { LOCALES, PLATFORMS } from './core/model.ts';
import { redactUrl } from './db/redact-url.ts';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * One ADMINS entry: `platform:userId` (an operator for every org) or `platform:userId@<org name>`
 * (an operator for that org only). The org is split off at the last "@", so user ids keep theirs.
 */
const adminEntry = z
  .string()
  .regex(/^[a-z]+:.+$/, 'expected platform:userId or platform:userId@<org name>, e.g. telegram:123456789 or telegram:123456789@县卫健局')
  .transform((entry) => {
    const colon = entry.indexOf(':');
    const rest = entry.slice(colon + 1);
    const at = rest.lastIndexOf('@');
    if (at < 0) return { platform: entry.slice(0, colon), userId: rest };
    return { platform: entry.slice(0, colon), userId: rest.slice(0, at).trim(), orgName: rest.slice(at + 1).trim() };
  })
  .refine((a) => (PLATFORMS as readonly string[]).includes(a.platform), {
    message: `platform must be one of ${PLATFORMS.join(', ')}`,
  })
  .refine((a) => a.userId !== '', { message: 'the user id before "@<org name>" is empty' })
  .refine((a) => a.orgName !== '', { message: 'the org name after "@" is empty' });

export const configSchema = z.object({
  /** file:./data/progress.db (SQLite, default) or postgresql://user:pass@host:5432/db?schema=public */
  DATABASE_URL: z
    .string()
    .trim()
    .default('file:./data/progress.db')
    .refine((v) => v.startsWith('file:') || /^postgres(ql)?:\/\//.test(v), 'must start with file: or postgresql://'),
  /** Time zone of orgs created by this instance: weeks, deadlines and schedules follow it. */
  ORG_TIMEZONE: z.string().trim().default('Asia/Shanghai').refine(isTimeZone, 'not a known IANA time zone, e.g. Asia/Shanghai'),
  /** Language of orgs created by this instance and of messages to people not yet known. */
  LOCALE: z.enum(LOCALES).default('zh-CN'),
  /** Comma-separated platform:userId entries made coordinators (operators) of every org; platform:userId@<org name> of that org only. */
  ADMINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(adminEntry)),
  /** debug | info | warn | error */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** json (default): one JSON object per line on stderr; pretty: readable lines (pino-pretty). */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** The org this instance serves when several exist (by name); optional with one org. */
  ORG_NAME: optionalString,
  /** Where files live: imported lists and photos (files/), exports and charts (tmp/), backups (backups/). */
  DATA_DIR: z.string().trim().min(1).default('./data'),

  // === Daily backup (database and stored files; see README "Running in production")
  /** true | false. Unset: on when the bot runs with `npm start` (not in the demo), off elsewhere. */
  BACKUP_ENABLED: optionalString.pipe(z.enum(['true', 'false']).transform((v) => v === 'true').optional()),
  /** Local time (ORG_TIMEZONE) of the daily backup, HH:MM. */
  BACKUP_TIME: z.string().trim().default('03:00').refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'expected HH:MM, e.g. 03:00'),
  /** How many daily backups are kept; older ones are deleted after each new one. */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(3650).default(14),
  /** Where backups are written. Default: <DATA_DIR>/backups. */
  BACKUP_DIR: optionalString,

  // === HTTP server (webhooks; health check)
  /** Port of the bot's own HTTP server, used by webhook modes and /healthz. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address the HTTP server listens on. */
  HOST: z.string().trim().default('0.0.0.0'),
  /** When set, /metrics, /healthz and /readyz are served on this port (on HOST) instead of on PORT. */
  METRICS_PORT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(1).max(65535).optional()),

  // === Telegram
  /** Token from @BotFather; setting it enables the Telegram adapter. */
  TELEGRAM_BOT_TOKEN: optionalString,
  /** Bot API server root: a self-hosted Bot API server, or a fake one in tests. */
  TELEGRAM_API_ROOT: z.string().trim().url().default('https://api.telegram.org'),
  /** Public HTTPS URL of the webhook; setting it switches from long polling to webhook mode. */
  TELEGRAM_WEBHOOK_URL: optionalString.pipe(z.string().url().optional()),
  /** Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; required in webhook mode. */
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'only A-Z, a-z, 0-9, _ and -, up to 256 characters').optional()),
  /** Messages a second the bot sends to different chats: Telegram's limit is about 30 (paid broadcasts allow up to 1000). */
  TELEGRAM_MAX_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(30),
  /** A send that has not been answered in this many seconds is given up and retried later. */
  TELEGRAM_SEND_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),

  // === Feishu / Lark
  /** App ID from the Feishu/Lark developer console; with LARK_APP_SECRET enables the Lark adapter. */
  LARK_APP_ID: optionalString,
  LARK_APP_SECRET: optionalString,
  /** feishu (default), lark, or a base URL (private deployments, fake servers in tests). */
  LARK_DOMAIN: z.string().trim().default('feishu').refine((v) => v === 'feishu' || v === 'lark' || /^https?:\/\//.test(v), 'must be feishu, lark or an http(s) URL'),
  /** ws: the SDK's long connection (no public URL needed); webhook: events over HTTP on PORT. */
  LARK_MODE: z.enum(['ws', 'webhook']).default('ws'),
  /** Encrypt Key from the console's event settings (webhook mode: signature check and decryption). */
  LARK_ENCRYPT_KEY: optionalString,
  /** Verification Token from the console's event settings (webhook mode). */
  LARK_VERIFICATION_TOKEN: optionalString,

  // === Optional LLM (OpenAI-compatible): AI summaries and reading free-text reports
  LLM_BASE_URL: optionalString.pipe(z.string().url().optional()),
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  /** Give up on the LLM after this long and use the template summary instead. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
})
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required when TELEGRAM_WEBHOOK_URL is set' });
    if (c.LARK_APP_ID && !c.LARK_APP_SECRET) ctx.addIssue({ code: 'custom', path: ['LARK_APP_SECRET'], message: 'required when LARK_APP_ID is set' });
    if (c.LARK_APP_SECRET && !c.LARK_APP_ID) ctx.addIssue({ code: 'custom', path: ['LARK_APP_ID'], message: 'required when LARK_APP_SECRET is set' });
    if (c.LARK_APP_ID && c.LARK_MODE === 'webhook' && !c.LARK_ENCRYPT_KEY)
      ctx.addIssue({ code: 'custom', path: ['LARK_ENCRYPT_KEY'], message: 'required when LARK_MODE=webhook: without it anyone who knows the URL can forge events (set an Encrypt Key in the console\'s event settings)' });
    if (c.LLM_BASE_URL && !c.LLM_MODEL) ctx.addIssue({ code: 'custom', path: ['LLM_MODEL'], message: 'required when LLM_BASE_URL is set' });
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates an environment-like object. Throws ConfigError with one line per bad field. */
export function createConfig(input: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path[0] === undefined ? '(config)' : String(issue.path[0]);
    const entry = issue.path.length > 1 ? ` [entry ${String(issue.path[1])}]` : '';
    const given = typeof input[field] === 'string' ? ` (got ${shownValue(field, input[field])})` : '';
    return `${field}${entry}: ${issue.message}${given}`;
  });
  throw new ConfigError(problems);
}

/** Fields whose value is never printed, not even when it is invalid. */
const SECRET_FIELDS = new Set(['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'LARK_APP_SECRET', 'LARK_ENCRYPT_KEY', 'LARK_VERIFICATION_TOKEN', 'LLM_API_KEY']);

/** A bad value as an error may show it: secrets by length only, URLs without passwords. */
function shownValue(field: string, value: string): string {
  if (SECRET_FIELDS.has(field)) return `a value of ${value.length} characters, not shown`;
  return `"${field.endsWith('_URL') ? redactUrl(value) : value}"`;
}

/** The configuration from process.env, after reading ./.env if there is one (values already set win). */
export function loadConfig(env: Record<string, string | undefined> = process.env, envFile = '.env'): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  return createConfig(env);
}
