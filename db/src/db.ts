export type DatabaseKind = 'pglite' | 'postgres';

export type QueryResult<R> = { rows: R[]; rowCount: number };

/** What a service may do inside or outside a transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/**
 * One interface over the embedded PGlite and a PostgreSQL pool, so that every
 * service and every test runs unchanged on both.
 */
export interface Db extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs fn in one transaction; retried on serialization failures and deadlocks. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
