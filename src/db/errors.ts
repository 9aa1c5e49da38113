// What a database error means for the caller, on both providers through Prisma's driver adapters:
// a unique-key race (someone else wrote the row first), or a transient failure worth retrying
// (serialization failure, deadlock, busy database, pool or connection trouble), or neither.

/** The codes found on an error and its causes: Prisma's P-codes, SQLSTATEs, SQLite and socket codes. */
function codesOf(error: unknown): { codes: Set<string>; text: string } {
  const codes = new Set<string>();
  const texts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 5 || value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const field of ['code', 'originalCode', 'errno', 'kind', 'sqlState']) {
      const code = record[field];
      if (typeof code === 'string' || typeof code === 'number') codes.add(String(code));
    }
    if (typeof record.message === 'string') texts.push(record.message);
    visit(record.cause, depth + 1);
    visit(record.meta, depth + 1);
    visit(record.driverAdapterError, depth + 1);
  };
  visit(error, 0);
  if (error instanceof Error) texts.push(error.message);
  return { codes, text: texts.join('\n') };
}

/** True for a unique-constraint violation (Prisma P2002, SQLSTATE 23505, SQLite's UNIQUE constraint). */
export function isUniqueViolation(error: unknown): boolean {
  const { codes, text } = codesOf(error);
  return codes.has('P2002') || codes.has('23505') || codes.has('UniqueConstraintViolation') || codes.has('SQLITE_CONSTRAINT_UNIQUE') || /UNIQUE constraint failed/.test(text);
}

const TRANSIENT_CODES = new Set([
  // Prisma: transaction conflict or deadlock, pool timeout, server unreachable or gone, timeouts.
  'P2034', 'P2024', 'P1001', 'P1002', 'P1008', 'P1017', 'P2028',
  // Driver adapter error kinds.
  'TransactionWriteConflict', 'SocketTimeout',
  // The filing path's conditional write found the row changed (filing-store/sql-driver.ts).
  'WriteConflict', 'DatabaseNotReachable', 'ConnectionClosed', 'TooManyConnections', 'TransactionAlreadyClosed',
  // PostgreSQL SQLSTATE: serialization failure, deadlock, lock timeout, admin shutdown, crash
  // shutdown, cannot connect now, too many connections, connection exceptions.
  '40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006',
  // SQLite: the database is busy or locked by another connection.
  'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED', 'SQLITE_PROTOCOL',
  // Sockets.
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN',
]);

const TRANSIENT_TEXT = /database is locked|database is busy|could not serialize access|deadlock detected|timed out fetching a new connection|Connection terminated|Connection refused|ECONNRESET|too many clients|terminating connection|Transaction already closed|Timeout exceeded when trying to connect/i;

/**
 * True when trying the same work again later may succeed: a serialization failure, a deadlock, a
 * busy or locked database, a unique-key race, a pool or connection timeout, a reset connection.
 */
export function isTransientDbError(error: unknown): boolean {
  if (isUniqueViolation(error)) return true;
  const { codes, text } = codesOf(error);
  for (const code of codes) if (TRANSIENT_CODES.has(code)) return true;
  return TRANSIENT_TEXT.test(text);
}

/** True when a concurrent writer changed the same row first: a unique-key race or a conditional write that found the row moved on. */
export function isWriteConflict(error: unknown): boolean {
  return isUniqueViolation(error) || codesOf(error).codes.has('WriteConflict');
}

/** Runs a write again when a concurrent writer took the same unique key or row first (two revisions at once). */
export async function withRetryOnConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= attempts) throw error;
    }
  }
}
