// Errors a user can cause carry a catalog key and parameters; the router renders them in the
// user's language. Everything else is a bug or an outage and is logged.
import type { MessageKey } from './messages/catalog/index.ts';

/** An error the user caused and can fix: rendered from the catalog in their language. */
export class AppError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'AppError';
  }
}
