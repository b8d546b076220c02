import type { Db, Queryable } from './db.js';

/** A statement that took `ms` milliseconds or more; `sql` is its text only (never its parameters, which may hold personal data). */
export type SlowQuery = { ms: number; sql: string };

/**
 * The same database, reporting every statement slower than `slowMs` (default 250 ms) to `onSlow`, inside
 * transactions too. Parameters are never reported: a roll's names and birth dates travel in them.
 * Why: an operator running a thirteen-day vote needs to see the statements that slow the scans down.
 */
export function withSlowQueryLog(db: Db, onSlow: (q: SlowQuery) => void, slowMs = 250): Db {
  const timed = (q: Queryable): Queryable['query'] =>
    async function query(text, params) {
      const started = performance.now();
      try {
        return await q.query(text, params);
      } finally {
        const ms = performance.now() - started;
        if (ms >= slowMs) onSlow({ ms: Math.round(ms), sql: text.replace(/\s+/g, ' ').trim().slice(0, 300) });
      }
    } as Queryable['query'];
  return {
    ...db,
    query: timed(db),
    // Any further argument of transaction (options) passes through unchanged.
    transaction: ((fn: (tx: Queryable) => Promise<unknown>, ...rest: unknown[]) =>
      (db.transaction as (...a: unknown[]) => Promise<unknown>)((tx: Queryable) => fn({ ...tx, query: timed(tx) }), ...rest)) as Db['transaction'],
  };
}
