// Issue 14, item 3: at most JOURNALED_FAILURES_PER_WINDOW + 1 entries per window, even when a failed login
// straddles the minute with the summary of the window it started in.
import type { Db } from '@scrutin/db';
import { describeEachDatabase } from '@scrutin/test';
import { JOURNALED_FAILURES_PER_WINDOW, LOGIN_FAILURE_WINDOW_MS, recordLoginFailure, summarizeLoginFailures } from './login-failures.js';

const actor = (n: number) => ({ userId: null, login: `inconnu-${n}`, role: 'system' as const, stationId: 'POSTE-A' });

/** The `notJournaledOneByOne` of each summary entry written for the window starting at `start`. */
async function summaries(db: Db, start: number): Promise<number[]> {
  const { rows } = await db.query<{ n: number }>(
    "SELECT (payload->>'notJournaledOneByOne')::int AS n FROM journal WHERE action = 'session.login_failed' AND payload->'window'->>'from' = $1 ORDER BY at, seq",
    [new Date(start).toISOString()],
  );
  return rows.map((r) => r.n);
}

describeEachDatabase('failed logins in the journal', (get, kind) => {
  test('a failure whose request began in a window already summed up is counted in the next one: one summary per window', async () => {
    const { db } = get();
    await db.query('DELETE FROM login_failure_window');
    const windowA = Math.floor(Date.now() / LOGIN_FAILURE_WINDOW_MS) * LOGIN_FAILURE_WINDOW_MS - 10 * LOGIN_FAILURE_WINDOW_MS;
    const windowB = windowA + LOGIN_FAILURE_WINDOW_MS;
    let clock = new Date(windowA + 1_000);
    for (let i = 0; i < JOURNALED_FAILURES_PER_WINDOW + 2; i++) await recordLoginFailure(db, actor(i), { motif: 'mauvais' }, () => clock);

    // The timer sums window A up while a failure that arrived in window A waits for the lock; the clock
    // reaches window B before the failure gets it. Before the lock, that failure read the clock on arrival,
    // landed in window A after its summary, and window A needed a second one.
    let summed!: () => void;
    let release!: () => void;
    const summedUp = new Promise<void>((resolve) => (summed = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const summary = db.transaction(async (tx) => {
      await summarizeLoginFailures(tx, new Date(windowB + 1_000));
      summed();
      await held;
    });
    await summedUp;
    const late = recordLoginFailure(db, actor(99), { motif: 'mauvais' }, () => clock);
    await new Promise((resolve) => setTimeout(resolve, 200));
    clock = new Date(windowB + 2_000);
    release();
    await summary;
    expect(await late).toBe(true);
    await db.transaction((tx) => summarizeLoginFailures(tx, new Date(windowB + 10 * LOGIN_FAILURE_WINDOW_MS)));

    const windows = (await db.query<{ start: Date; failures: number; journaled: number }>('SELECT window_start AS start, failures, journaled FROM login_failure_window ORDER BY window_start')).rows;
    expect(windows.map((w) => [new Date(w.start).getTime(), w.failures, w.journaled])).toEqual([
      [windowA, JOURNALED_FAILURES_PER_WINDOW + 2, JOURNALED_FAILURES_PER_WINDOW],
      [windowB, 1, 1],
    ]);
    expect(await summaries(db, windowA)).toEqual([2]);
  }, 60_000);

  test('a clock behind the one that summed a window up (another station, a step back) counts its failure in the window after it', async () => {
    const { db } = get();
    await db.query('DELETE FROM login_failure_window');
    const windowA = Math.floor(Date.now() / LOGIN_FAILURE_WINDOW_MS) * LOGIN_FAILURE_WINDOW_MS - 20 * LOGIN_FAILURE_WINDOW_MS;
    const windowB = windowA + LOGIN_FAILURE_WINDOW_MS;
    for (let i = 0; i < JOURNALED_FAILURES_PER_WINDOW + 2; i++) await recordLoginFailure(db, actor(i), { motif: 'mauvais' }, () => new Date(windowA + 1_000));
    // A process whose clock is ahead sums window A up; then one whose clock is behind fails a login in it.
    await db.transaction((tx) => summarizeLoginFailures(tx, new Date(windowB + 1_000)));
    expect(await recordLoginFailure(db, actor(99), { motif: 'mauvais' }, () => new Date(windowA + 59_500))).toBe(true);
    await db.transaction((tx) => summarizeLoginFailures(tx, new Date(windowB + 10 * LOGIN_FAILURE_WINDOW_MS)));
    const windows = (await db.query<{ start: Date; failures: number }>('SELECT window_start AS start, failures FROM login_failure_window ORDER BY window_start')).rows;
    expect(windows.map((w) => [new Date(w.start).getTime(), w.failures])).toEqual([
      [windowA, JOURNALED_FAILURES_PER_WINDOW + 2],
      [windowB, 1],
    ]);
    expect(await summaries(db, windowA)).toEqual([2]);
  }, 60_000);

  // A pool is PostgreSQL's: PGlite has one connection, on which every transaction waits its turn anyway.
  if (kind === 'postgres') {
    test('failures waiting for the lock hold one pooled connection, not the pool that scanning and sign-ins share', async () => {
      const { db } = get();
      let release!: () => void;
      let locked!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const holder = db.transaction(async (tx) => {
        await summarizeLoginFailures(tx, new Date());
        locked();
        await held;
      });
      await lockTaken;
      // More failures than the pool's 20 connections: were each waiting in the database, this query would wait for one.
      const flood = Array.from({ length: 30 }, (_, i) => recordLoginFailure(db, actor(200 + i), { motif: 'mauvais' }));
      await expect(db.query<{ one: number }>('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      release();
      await holder;
      expect((await Promise.all(flood)).length).toBe(30);
    }, 120_000);
  }
});
