// Issue 15, item 3, on the station over real HTTP: the limit is exact under concurrency, an address shared
// by a whole counting room is not locked by one person's mistakes, and X-Forwarded-For counts only when it
// comes from a configured proxy.
import { JOURNALED_FAILURES_PER_WINDOW, startStation, summarizeLoginFailures, type RunningStation } from '@scrutin/station';
import { describeEachDatabase } from './databases.js';
import { PASSWORD, useFixture } from './station-fixture.js';

async function login(url: string, login: string, password: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ login, password }) });
  await res.text();
  return res.status;
}

describeEachDatabase('station login limits', (get) => {
  const fixture = useFixture(get);
  const url = () => fixture().station.url;

  test('60 concurrent wrong passwords on one account: 5 evaluated, 55 refused, no 5xx; then the right one waits too', async () => {
    const statuses = await Promise.all(Array.from({ length: 60 }, (_, i) => login(url(), 'cle1', `mauvais-${i}`)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(55);
    expect(await login(url(), 'cle1', PASSWORD)).toBe(429);
    const { rows } = await get().db.query<{ n: number; delays: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE payload ? 'delays')::int AS delays FROM journal WHERE action = 'session.login_failed' AND actor_login = 'cle1'",
    );
    expect(rows[0]).toEqual({ n: 5, delays: 1 });
  }, 60_000);

  test('failures on one account from an address do not lock the others signing in from it', async () => {
    for (let i = 0; i < 5; i++) expect(await login(url(), 'membre', `mauvais-${i}`)).toBe(401);
    expect(await login(url(), 'membre', PASSWORD)).toBe(429);
    expect(await login(url(), 'president', PASSWORD)).toBe(200);
    expect(await login(url(), 'assesseur', PASSWORD)).toBe(200);
  }, 60_000);

  const FLOOD = 80;
  test('a flood of failed logins from 80 addresses writes a bounded number of entries, and its total once summed up', async () => {
    const { db } = get();
    const failedEntries = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM journal WHERE action = 'session.login_failed'")).rows[0]!.n;
    const before = await failedEntries();
    await db.query('DELETE FROM login_failure_window');
    let proxied: RunningStation | undefined;
    try {
      proxied = await startStation({ db, trustedProxy: 'loopback' });
      const url = proxied.url;
      // Eight at a time: the flood is over in well under a minute or two even on a loaded machine.
      for (let i = 0; i < FLOOD; i += 8) {
        const batch = Array.from({ length: 8 }, (_, k) => login(url, `inconnu-${i + k}`, 'mauvais', { 'X-Forwarded-For': `198.51.100.${i + k}` }));
        expect(await Promise.all(batch)).toEqual(Array(8).fill(401));
      }
    } finally {
      await proxied?.close();
    }
    // A loaded machine may take more than one minute for the flood: the bound is per window it spanned.
    const windows = (await db.query<{ start: Date; failures: number; journaled: number }>('SELECT window_start AS start, failures, journaled FROM login_failure_window')).rows;
    expect(windows.reduce((n, w) => n + w.failures, 0)).toBe(FLOOD);
    for (const w of windows) expect(w.journaled).toBeLessThanOrEqual(JOURNALED_FAILURES_PER_WINDOW);
    const written = (await failedEntries()) - before;
    expect(written).toBeGreaterThanOrEqual(JOURNALED_FAILURES_PER_WINDOW);
    expect(written).toBeLessThanOrEqual(windows.length * (JOURNALED_FAILURES_PER_WINDOW + 1));
    expect(written).toBeLessThan(FLOOD);
    await db.transaction((tx) => summarizeLoginFailures(tx, new Date(Date.now() + 120_000)));
    const { rows } = await db.query<{ one: number; summed: number }>(
      `SELECT count(*) FILTER (WHERE NOT payload ? 'window')::int AS one, coalesce(sum((payload->>'notJournaledOneByOne')::int), 0)::int AS summed
       FROM journal WHERE action = 'session.login_failed' AND (actor_login LIKE 'inconnu-%' OR payload ? 'window')`,
    );
    expect(rows[0]!.one + rows[0]!.summed).toBe(FLOOD);
    expect((await failedEntries()) - before).toBeLessThanOrEqual(windows.length * (JOURNALED_FAILURES_PER_WINDOW + 1));
  }, 300_000);

  test('X-Forwarded-For is ignored unless the request comes from a configured proxy', async () => {
    const addresses = async () => (await get().db.query<{ key: string }>("SELECT key FROM login_attempt WHERE key LIKE 'adresse:%' ORDER BY key")).rows.map((r) => r.key);
    expect(await login(url(), 'prefet', 'mauvais', { 'X-Forwarded-For': '203.0.113.7' })).toBe(401);
    expect(await addresses()).not.toContain('adresse:203.0.113.7');
    let behindProxy: RunningStation | undefined;
    try {
      behindProxy = await startStation({ db: get().db, trustedProxy: 'loopback' });
      expect(await login(behindProxy.url, 'prefet', 'mauvais', { 'X-Forwarded-For': '203.0.113.7' })).toBe(401);
      expect(await addresses()).toContain('adresse:203.0.113.7');
    } finally {
      await behindProxy?.close();
    }
  }, 60_000);
});
