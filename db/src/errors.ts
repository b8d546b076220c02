function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (codeOf(error) !== '23505') return false;
  if (!constraint) return true;
  const c = (error as { constraint?: string }).constraint;
  return c === constraint || (error instanceof Error && error.message.includes(constraint));
}

/** serialization_failure and deadlock_detected: the transaction may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01';
}

/**
 * SQLSTATEs and socket errors that mean the connection itself is gone, not the statement refused:
 * 57P01 admin_shutdown (pg_terminate_backend, a fast shutdown), 57P02 crash_shutdown, 57P03
 * cannot_connect_now (server starting or stopping), class 08 (connection exception) and the
 * network errors node-postgres passes through.
 */
const CONNECTION_LOSS_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);
// node-postgres raises these without a code when the socket closes under a query or a checked-out client.
const CONNECTION_LOSS_MESSAGES = /Connection terminated|Client has encountered a connection error|Connection is not queryable|timeout exceeded when trying to connect/i;

/** True when the error says the database connection was lost (or cannot be made right now). */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = codeOf(error);
  if (code && CONNECTION_LOSS_CODES.has(code)) return true;
  return error instanceof Error && CONNECTION_LOSS_MESSAGES.test(error.message);
}

/**
 * The database could not be reached, or dropped the connection under the request: nothing of the
 * failed transaction is committed (or, for an idempotent one, running it again is harmless), and
 * the same request may be sent again in a moment. HTTP layers answer it with 503 and Retry-After.
 */
export class DatabaseUnavailableError extends Error {
  /** True once the reconnection waits are spent; false when the work could not be retried safely. */
  readonly waitedOut: boolean;
  constructor(cause: unknown, options: { waitedOut: boolean }) {
    super(`base de données momentanément indisponible : ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
    this.waitedOut = options.waitedOut;
  }
}

/**
 * A second use of the same database (db.query, db.transaction) inside one of its open transactions.
 * PGlite has a single connection: the inner call waits for the transaction, which waits for it,
 * and the process hangs for good. On PostgreSQL it reads outside the transaction and, under load,
 * exhausts the pool the same way. Always a bug: use the transaction's `tx` instead.
 */
export class NestedDatabaseUseError extends Error {
  constructor() {
    super('accès à la base hors de la transaction ouverte (db au lieu de tx) : sur PGlite, une seule connexion, cet accès attendrait la fin de la transaction qui l’attend');
    this.name = 'NestedDatabaseUseError';
  }
}
