// What the CLI's reporting commands need from src/cli/main.ts.
import type { Locale } from '../core/model.ts';
import type { Ports } from '../core/ports.ts';
import type { Db } from '../db/client.ts';

export interface CliDeps {
  db: Db;
  /** Prints one line for the operator. */
  out: (line: string) => void;
  /** The language of what is printed and written. */
  locale: Locale;
  now: () => Date;
  /** Files, spreadsheets and charts (app/ports.ts). */
  ports: Ports;
}
