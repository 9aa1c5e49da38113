// What every use case receives: the store, the clock and the instance's defaults.
import type { Db } from '../db/client.ts';
import type { LlmSettings } from '../llm/client.ts';
import type { Locale, Platform } from './model.ts';

/** A minimal structured logger; src/log.ts provides the real one. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A platform account made coordinator by the ADMINS setting. */
export interface AdminAccount {
  platform: Platform | string;
  userId: string;
}

export interface CoreDeps {
  db: Db;
  /** The clock. Tests and the sandbox pass a virtual one. */
  now: () => Date;
  admins: AdminAccount[];
  defaults: { timeZone: string; locale: Locale; orgName?: string };
  log: Logger;
  /** The optional OpenAI-compatible LLM (reading prose reports); null or absent without one. */
  llm?: LlmSettings | null;
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
