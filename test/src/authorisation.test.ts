import { ROLES } from '@scrutin/domain/roles.js';
import { allRoutes } from '@scrutin/station/http/routes/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { ApiClient } from './api-client.js';
import { PASSWORD, startFixture, TEST_USERS, type Fixture } from './station-fixture.js';

/**
 * Every route of the API against every role, plus anonymous and mismatched-CSRF calls:
 * a role outside a route's access gets 403, anonymous gets 401, and nobody allowed is refused
 * for authorisation reasons. The database is PGlite: authorisation does not depend on it.
 */
describe('authorisation matrix: every route × every role', () => {
  let t: TestDatabase;
  let f: Fixture;
  const clients = new Map<string, ApiClient>();

  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    f = await startFixture(t.db);
    for (const role of ROLES) {
      const user = TEST_USERS.find((u) => u.roles.includes(role))!;
      const c = new ApiClient(f.station.url);
      await c.login(user.login, PASSWORD);
      clients.set(role, c);
    }
  }, 120_000);
  afterAll(async () => {
    await f.station.close();
    await t.drop();
  });

  const concrete = (path: string) => path.replace(/:id/g, '1').replace(/:login/g, 'personne');

  async function call(client: ApiClient | null, method: string, path: string): Promise<number> {
    if (path === '/api/events') {
      const ctrl = new AbortController();
      const res = await fetch(f.station.url + path, { headers: client ? { Cookie: (client as unknown as { cookie: string }).cookie } : {}, signal: ctrl.signal });
      ctrl.abort();
      return res.status;
    }
    const c = client ?? new ApiClient(f.station.url);
    return (await c.request(method.toUpperCase(), concrete(path), method === 'get' ? undefined : {})).status;
  }

  const routes = allRoutes.filter((r) => r.access !== 'public' && r.path !== '/api/auth/logout');

  test.each(routes.map((r) => [r.method.toUpperCase(), r.path, r] as const))('%s %s', async (_m, _p, route) => {
    expect(await call(null, route.method, route.path)).toBe(401);
    for (const role of ROLES) {
      const allowed = route.access === 'authenticated' || (route.access as readonly string[]).includes(role);
      const status = await call(clients.get(role)!, route.method, route.path);
      if (allowed) expect({ role, refused: status === 401 || status === 403 }).toEqual({ role, refused: false });
      else expect([status, role]).toEqual([403, role]);
    }
  });

  test('a state-changing request without the CSRF header is refused for every role', async () => {
    for (const role of ROLES) {
      const c = clients.get(role)!;
      const saved = c.csrfToken;
      c.csrfToken = '';
      const r = await c.post<{ error: { code: string } }>('/api/incidents', { description: 'essai sans jeton' });
      c.csrfToken = saved;
      expect([r.status, r.body.error.code]).toEqual([403, role === 'president' || role === 'member' ? 'CSRF' : 'FORBIDDEN']);
    }
  });

  test('a station token is only good for transmitting scans', async () => {
    const r = await clients.get('admin')!.post<{ token: string }>('/api/stations', { id: 'POSTE-T', label: 'Poste T', agentLogin: 'numerisation' });
    expect(r.status).toBe(201);
    const bearer = { Authorization: `Bearer ${r.body.token}` };
    const anonymous = new ApiClient(f.station.url);
    expect((await anonymous.request('GET', '/api/counters', undefined, bearer)).status).toBe(403);
    expect((await anonymous.request('POST', '/api/users', {}, bearer)).status).toBe(403);
    expect((await anonymous.request('POST', '/api/scans', {}, bearer)).status).toBe(400);
    expect((await anonymous.request('POST', '/api/scans', {}, { Authorization: 'Bearer st_faux' })).status).toBe(401);
  });

  test('login is rate-limited per account: 5 attempts free, then a wait (test/src/login-limits.test.ts for concurrency)', async () => {
    const c = new ApiClient(f.station.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await c.post('/api/auth/login', { login: 'observateur', password: 'mauvais' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  test('logout ends the session', async () => {
    const c = new ApiClient(f.station.url);
    await c.login('membre', PASSWORD);
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    expect((await c.get('/api/session')).status).toBe(401);
  });
});
