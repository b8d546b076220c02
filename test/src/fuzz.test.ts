import type { Role } from '@scrutin/domain/roles.js';
import { allRoutes } from '@scrutin/station/http/routes/index.js';
import type { StationRoute } from '@scrutin/station/http/station-route.js';
import { describeEachDatabase } from './databases.js';
import { FUZZ_RUNS, fuzzRoute, type FuzzSession } from './fuzz.js';
import { PASSWORD, setUpElection, startFixture, TEST_USERS, type Fixture } from './station-fixture.js';

/** A fresh session for `login` (a fuzzed route may end it: logout, password change). */
async function signIn(url: string, login: string): Promise<FuzzSession> {
  const res = await fetch(url + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`connexion refusée pour ${login} : ${res.status}`);
  return { cookie: res.headers.getSetCookie()[0]!.split(';')[0]!, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** The account a route is fuzzed with: one holding a role the route allows, so the input reaches the handler. */
function userFor(route: StationRoute): string {
  const roles: readonly Role[] = route.access === 'public' || route.access === 'authenticated' ? ['president'] : route.access;
  return TEST_USERS.find((u) => u.roles.some((r) => roles.includes(r)))!.login;
}

// Routes that end the session or change the password go last, so that every other route is fuzzed signed in.
const SESSION_ENDING = ['/api/auth/logout', '/api/auth/password'];
const routes = [...allRoutes].sort((a, b) => Number(SESSION_ENDING.includes(a.path)) - Number(SESSION_ENDING.includes(b.path)));

async function post(url: string, path: string, session: FuzzSession | null, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(session ? { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken } : {}), ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

describeEachDatabase('station: no 5xx on any input (issue 15)', (get) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(get().db);
    // Sealed with a roll and candidates: most handlers get past « no election » and reach the database.
    await setUpElection(f, { voters: 12, until: 'SEALED' });
  }, 180_000);
  afterAll(async () => {
    await f?.station.close();
  });

  describe('the cases of the issue, each a French 4xx', () => {
    test('a NUL byte in a login', async () => {
      const r = await post(f.station.url, '/api/auth/login', null, JSON.stringify({ login: 'pre\u0000sident', password: PASSWORD }));
      expect(r.status).toBe(400);
      expect(r.body.error!.message).toMatch(/caractère nul/);
    });

    test('a NUL byte in election create’s chamber', async () => {
      const admin = await signIn(f.station.url, 'admin');
      const r = await post(f.station.url, '/api/election', admin, JSON.stringify({ ...f.definition, chamber: 'CCI de\u0000 test' }));
      expect(r.status).toBe(400);
      expect(r.body.error!.message).toMatch(/caractère nul/);
    });

    test('a NUL byte in a query or path parameter', async () => {
      const president = await signIn(f.station.url, 'president');
      const r = await fetch(f.station.url + '/api/scans/recent?station=POSTE%00', { headers: { Cookie: president.cookie } });
      expect([r.status, ((await r.json()) as { error: { message: string } }).error.message]).toEqual([400, 'Requête refusée : le paramètre « station » contient le caractère nul (%00).']);
      const agent = await signIn(f.station.url, 'agent');
      const d = await fetch(f.station.url + '/api/candidates/1%00', { method: 'DELETE', headers: { Cookie: agent.cookie, 'X-CSRF-Token': agent.csrfToken } });
      expect(d.status).toBe(400);
      const undecodable = await fetch(f.station.url + '/api/candidates/%', { method: 'DELETE', headers: { Cookie: agent.cookie, 'X-CSRF-Token': agent.csrfToken } });
      expect(undecodable.status).toBe(400);
    });

    test('a repeated query parameter: GET /api/president/queue?verdict=a&verdict=b', async () => {
      const president = await signIn(f.station.url, 'president');
      const r = await fetch(f.station.url + '/api/president/queue?verdict=a&verdict=b', { headers: { Cookie: president.cookie } });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/^Requête invalide : verdict : /) });
    });

    test('a 100,000-deep JSON on the public POST /api/verify/results: a French verdict, not a crash', async () => {
      const r = await post(f.station.url, '/api/verify/results', null, '['.repeat(100_000) + ']'.repeat(100_000));
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ valid: false, signer: null, errors: [{ code: 'BAD_JSON', message: 'JSON refusé : le fichier est imbriqué sur plus de 64 niveaux.' }] });
    });

    test('a 100,000-deep JSON body on a JSON route: 400 before parsing', async () => {
      const r = await post(f.station.url, '/api/verify/qr', null, '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({ code: 'INVALID_JSON', message: 'JSON refusé : le corps de la requête est imbriqué sur plus de 64 niveaux.' });
    });

    test('a body over the limit: 413 in French', async () => {
      const r = await post(f.station.url, '/api/verify/qr', null, JSON.stringify({ qr: 'x'.repeat(3 * 1024 * 1024) }));
      expect([r.status, r.body.error!.message]).toEqual([413, 'Requête trop volumineuse.']);
    });
  });

  test.each(routes.map((r) => [r.method.toUpperCase(), r.path, r] as const))(`%s %s: ${FUZZ_RUNS} fuzzed requests signed in, as many anonymous, no 5xx`, async (_m, _p, route) => {
    await fuzzRoute(f.station.url, route, await signIn(f.station.url, userFor(route)));
    await fuzzRoute(f.station.url, route, null);
  }, 300_000);
});
