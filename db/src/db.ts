export type DatabaseKind = 'pglite' | 'postgres';

export type QueryResult<R> = { rows: R[]; rowCount: number };

/** What a service may do inside or outside a transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export type TransactionOptions = {
  /**
   * Running the transaction twice has the effect of running it once (the scan, keyed by its
   * requestId): after a lost connection it is run again on a fresh one instead of failing.
   */
  idempotent?: boolean;
};

/**
 * One interface over the embedded PGlite and a PostgreSQL pool, so that every
 * service and every test runs unchanged on both.
 */
export interface Db extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs fn in one transaction; retried on serialization failures and deadlocks, and after a lost
   * connection when nothing was sent yet or the transaction is idempotent. Otherwise a lost
   * connection throws DatabaseUnavailableError (nothing committed, the request may be sent again).
   * fn must use `tx` only: the same Db inside it throws NestedDatabaseUseError.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
