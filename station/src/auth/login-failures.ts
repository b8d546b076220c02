/**
 * Failed logins in the journal, bounded (issue 14, item 3): the login throttle limits each account and
 * each address, but many addresses (or a trusted proxy's forwarded ones) could still write an entry per
 * try without end. Failures are counted per one-minute window; the first JOURNALED_FAILURES_PER_WINDOW of
 * a window each get their entry, the rest are only counted, and once the window is over one entry sums it
 * up (failures, entries written, failures not written one by one). At most cap + 1 entries a minute.
 */
import type { Db, Queryable } from '@scrutin/db';
import type { Actor } from '@scrutin/domain/roles.js';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { appendJournal } from '../journal/journal.js';
import * as store from '../store/index.js';

export const LOGIN_FAILURE_WINDOW_MS = 60_000;
export const JOURNALED_FAILURES_PER_WINDOW = 20;

const windowStart = (now: Date): Date => new Date(Math.floor(now.getTime() / LOGIN_FAILURE_WINDOW_MS) * LOGIN_FAILURE_WINDOW_MS);

/**
 * One summary entry (`session.login_failed`, field `window`) for each window closed before `now` in which
 * some failures were not journaled one by one nor yet summed up; in the caller's transaction. Called on each failure and
 * by the head sealer's timer, so a flood's total reaches the journal even when the flood stops.
 */
export async function summarizeLoginFailures(tx: Queryable, now: Date): Promise<void> {
  await store.loginFailures.lockLoginFailures(tx);
  const rows = await store.loginFailures.markClosedWindowsSummarized(tx, windowStart(now));
  for (const r of rows.sort((a, b) => new Date(a.window_start).getTime() - new Date(b.window_start).getTime())) {
    const from = new Date(r.window_start);
    await appendJournal(tx, SYSTEM_ACTOR('console'), 'session.login_failed', {
      window: { from: from.toISOString(), to: new Date(from.getTime() + LOGIN_FAILURE_WINDOW_MS).toISOString() },
      failures: r.failures,
      journaledOneByOne: r.journaled,
      notJournaledOneByOne: r.failures - r.journaled - r.before,
    });
  }
}

/** Failed logins of one process wait here rather than in the pool, one connection each (see recordLoginFailure). */
const queues = new WeakMap<Db, Promise<unknown>>();

/**
 * The window a failure read at `now` is counted in: its own, or the one after the latest window already
 * summed up when that is later. A clock behind the one that wrote the summary (another station process on
 * the same PostgreSQL, a step back of NTP) would otherwise count it in a window already summed up, which
 * would then need a second summary: more than cap + 1 entries for one window.
 */
async function failureWindow(tx: Queryable, now: Date): Promise<Date> {
  const latest = await store.loginFailures.latestSummarizedWindow(tx);
  const own = windowStart(now);
  return latest && latest.getTime() + LOGIN_FAILURE_WINDOW_MS > own.getTime() ? new Date(latest.getTime() + LOGIN_FAILURE_WINDOW_MS) : own;
}

/**
 * Records one failed login: counted in its window, and journaled as its own entry while the window has
 * entries left. Returns whether it got its own entry. One transaction; the failed-login lock orders
 * concurrent failures and summaries, so the cap is exact, and `clock` is read once the lock is held. The
 * failures of this process are sent one at a time: a flood queues in memory, not on the database pool,
 * which scanning and sign-ins share.
 */
export async function recordLoginFailure(db: Db, actor: Actor, payload: Record<string, unknown>, clock: () => Date = () => new Date()): Promise<boolean> {
  const record = () =>
    db.transaction(async (tx) => {
      await store.loginFailures.lockLoginFailures(tx);
      const now = clock();
      await summarizeLoginFailures(tx, now);
      const window = await failureWindow(tx, now);
      if ((await store.loginFailures.countFailure(tx, window)) >= JOURNALED_FAILURES_PER_WINDOW) return false;
      await store.loginFailures.countJournaledFailure(tx, window);
      await appendJournal(tx, actor, 'session.login_failed', payload);
      return true;
    });
  const done = (queues.get(db) ?? Promise.resolve()).then(record, record);
  queues.set(db, done.catch(() => undefined));
  return done;
}
