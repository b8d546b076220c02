// Issue 15, item 3, on the station over real HTTP: the limit is exact under concurrency, an address shared
// by a whole counting room is not locked by one person's mistakes, and X-Forwarded-For counts only when it
// comes from a configured proxy.
import { startStation, type RunningStation } from '@scrutin/station';
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
