import { DatabaseUnavailableError, isConnectionLoss, isRetryable } from './errors.js';

const MAX_ATTEMPTS = 5;
/**
 * Waits between attempts after a lost connection, in ms: about 5 s in all, which covers a
 * `pg_ctl restart -m fast` (measured 0.5–2 s here) or a terminated backend, and no more, so that a
 * request facing a database that stays down gets its 503 while the client still waits.
 */
const RECONNECT_DELAYS_MS = [100, 200, 400, 800, 1600, 1600];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `run` again after serialization failures and deadlocks, and after a lost connection when
 * that is harmless: nothing was sent yet (`started()` false), or the work is idempotent.
 * A lost connection that cannot be retried becomes a DatabaseUnavailableError.
 */
export async function withRetry<T>(run: () => Promise<T>, options: { idempotent: boolean; started: () => boolean }): Promise<T> {
  for (let attempt = 1, reconnects = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (isConnectionLoss(error)) {
        const unavailable = error instanceof DatabaseUnavailableError ? error : null;
        // An inner loop (a query inside idempotent work) already waited its turn: no second wait.
        if (unavailable?.waitedOut) throw unavailable;
        const delay = RECONNECT_DELAYS_MS[reconnects++];
        if (delay === undefined) throw new DatabaseUnavailableError(unavailable?.cause ?? error, { waitedOut: true });
        if (options.started() && !options.idempotent) throw unavailable ?? new DatabaseUnavailableError(error, { waitedOut: false });
        await sleep(delay);
        continue;
      }
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(2 ** attempt + Math.random() * 10);
    }
  }
}

/**
 * Runs idempotent work outside a transaction (reads, or a whole request keyed by its id) again
 * after a lost connection, with the transactions' waits; then throws DatabaseUnavailableError.
 */
export function retryOnConnectionLoss<T>(run: () => Promise<T>): Promise<T> {
  return withRetry(run, { idempotent: true, started: () => true });
}
