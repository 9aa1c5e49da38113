// The SDK's logger interface, writing to the app's logger. The SDK logs each failed HTTP call with
// the whole error object; messages are flattened and cut short here, and this adapter logs the
// failures that matter itself.
import type { Logger } from '../../core/context.ts';

/** The logger shape @larksuiteoapi/node-sdk accepts. */
export interface SdkLogger {
  error: (...msg: unknown[]) => void;
  warn: (...msg: unknown[]) => void;
  info: (...msg: unknown[]) => void;
  debug: (...msg: unknown[]) => void;
  trace: (...msg: unknown[]) => void;
}

function flatten(parts: unknown[]): string {
  return parts
    .map((part) => {
      if (part instanceof Error) return part.message;
      if (typeof part === 'object' && part !== null) {
        try {
          return JSON.stringify(part);
        } catch {
          return String(part);
        }
      }
      return String(part);
    })
    .join(' ')
    .slice(0, 500);
}

/** SDK errors and warnings become warnings (the adapter reports real failures itself); info becomes debug. */
export function sdkLogger(log: Logger): SdkLogger {
  return {
    error: (...msg) => log.warn(`lark sdk: ${flatten(msg)}`),
    warn: (...msg) => log.warn(`lark sdk: ${flatten(msg)}`),
    info: (...msg) => log.debug(`lark sdk: ${flatten(msg)}`),
    debug: (...msg) => log.debug(`lark sdk: ${flatten(msg)}`),
    trace: () => {},
  };
}
