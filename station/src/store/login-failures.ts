/**
 * The per-minute counters of failed logins (table login_failure_window, one row per window, keyed by its
 * start). Service: auth/login-failures.ts, which decides what reaches the journal.
 */
import type { Queryable } from '@scrutin/db';

/** Transaction-level advisory lock key that orders failed-login bookkeeping (db/src/migrate.ts holds 7261001). */
const LOGIN_FAILURES_LOCK = 7261002;

/**
 * Takes the failed-login lock until the transaction ends (re-entrant). Failures read the clock only once
 * they hold it, and summaries take it too, so the windows are filled and summed up in clock order.
 */
export async function lockLoginFailures(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOGIN_FAILURES_LOCK]);
}

/** A closed window just marked summarized: its totals, and how many failures earlier summaries already covered (`before`). */
export type SummarizedWindowRow = { window_start: Date; failures: number; journaled: number; before: number };

/**
 * Marks summarized every window started before `windowStart` that has failures neither journaled one by
 * one nor yet summarized, and returns them (unordered). The rows are locked first (FOR UPDATE in the
 * WITH), so that a failure counted concurrently in a closed window is either in this summary or left
 * for the next one, never lost.
 */
export async function markClosedWindowsSummarized(tx: Queryable, windowStart: Date): Promise<SummarizedWindowRow[]> {
  const { rows } = await tx.query<SummarizedWindowRow>(
    `WITH due AS (
       SELECT window_start, failures, journaled, summarized FROM login_failure_window
       WHERE failures - journaled > summarized AND window_start < $1 FOR UPDATE)
     UPDATE login_failure_window w SET summarized = due.failures - due.journaled FROM due
     WHERE w.window_start = due.window_start
     RETURNING w.window_start, due.failures, due.journaled, due.summarized AS before`,
    [windowStart],
  );
  return rows;
}

/** The start of the latest window whose failures beyond the cap were summed up, or null when none was. */
export async function latestSummarizedWindow(tx: Queryable): Promise<Date | null> {
  const { rows } = await tx.query<{ start: Date | null }>('SELECT max(window_start) AS start FROM login_failure_window WHERE summarized > 0');
  return rows[0]?.start ? new Date(rows[0].start) : null;
}

/**
 * Counts one failure in the window starting at `windowStart` (created on the first one, ON CONFLICT on
 * the window_start key otherwise) and returns how many of the window's failures were journaled one by
 * one before it. The upsert locks the row until the transaction ends: concurrent failures queue here.
 */
export async function countFailure(tx: Queryable, windowStart: Date): Promise<number> {
  const { rows } = await tx.query<{ journaled: number }>(
    `INSERT INTO login_failure_window AS w (window_start, failures, journaled) VALUES ($1, 1, 0)
       ON CONFLICT (window_start) DO UPDATE SET failures = w.failures + 1
       RETURNING journaled`,
    [windowStart],
  );
  return Number(rows[0]!.journaled);
}

/** One more failure of the window journaled as its own entry. */
export async function countJournaledFailure(tx: Queryable, windowStart: Date): Promise<void> {
  await tx.query('UPDATE login_failure_window SET journaled = journaled + 1 WHERE window_start = $1', [windowStart]);
}
