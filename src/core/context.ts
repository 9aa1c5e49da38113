// What every use case receives: the store, the ports to the outside world, the clock and the
// instance's defaults.
import type { Db } from '../db/client.ts';
import type { Locale, Platform } from './model.ts';
import type { Ports, Telemetry } from './ports.ts';

/** A minimal structured logger; src/log.ts provides the real one. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A platform account made coordinator by the ADMINS setting: of one org when orgName is set, else of every org. */
export interface AdminAccount {
  platform: Platform | string;
  userId: string;
  orgName?: string;
}

export interface CoreDeps {
  db: Db;
  /** The clock. Tests and the sandbox pass a virtual one. */
  now: () => Date;
  admins: AdminAccount[];
  defaults: { timeZone: string; locale: Locale; orgName?: string };
  log: Logger;
  /** The language model, chart drawing, file storage and spreadsheets (core/ports.ts). */
  ports: Ports;
  /** Counters and timings (metrics); absent where nobody collects them. */
  telemetry?: Telemetry;
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
