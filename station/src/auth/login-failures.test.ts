// Issue 14, item 3: at most JOURNALED_FAILURES_PER_WINDOW + 1 entries per window, even when a failed login
// straddles the minute with the summary of the window it started in.
import { describeEachDatabase } from '@scrutin/test';
import { JOURNALED_FAILURES_PER_WINDOW, LOGIN_FAILURE_WINDOW_MS, recordLoginFailure, summarizeLoginFailures } from './login-failures.js';

const actor = (n: number) => ({ userId: null, login: `inconnu-${n}`, role: 'system' as const, stationId: 'POSTE-A' });

describeEachDatabase('failed logins in the journal', (get) => {
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
    const summaries = (await db.query<{ window: { from: string }; notJournaledOneByOne: number }>(
      "SELECT payload->'window' AS window, (payload->>'notJournaledOneByOne')::int AS \"notJournaledOneByOne\" FROM journal WHERE action = 'session.login_failed' AND payload ? 'window'",
    )).rows;
    expect(summaries).toEqual([{ window: expect.objectContaining({ from: new Date(windowA).toISOString() }), notJournaledOneByOne: 2 }]);
  }, 60_000);
});
