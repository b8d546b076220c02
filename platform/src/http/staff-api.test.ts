// The staff API behind #/agents, over HTTP: session and CSRF on every route, the role checked by the route
// and again by the operation (the CLI's path), the journal newest first and bounded, and a logout that ends
// the session on the server.
import { recordEvent } from '../events.js';
import { loadPlatform } from '../load/load.js';
import { PLATFORM_STAFF_RIGHTS, PLATFORM_STAFF_ROLES } from '@scrutin/domain/roles.js';
import { addStaff, DEFAULT_SUSPENSION_MESSAGE, openVote } from '../operations.js';
import { staffRefusal } from '../staff-rights.js';
import { staffRoutes } from './routes/staff.js';
import { startPlatform, type RunningPlatform } from '../server.js';
import { describeEachPlatformDatabase } from '../testing/databases.js';
import { runCeremony, testLoadFile } from '../testing/election.js';

type Answer = { status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> };
type Session = { cookie: string; csrfToken: string };

describeEachPlatformDatabase('platform staff API', (get) => {
  let platform: RunningPlatform;
  const file = testLoadFile(2);

  beforeAll(async () => {
    const db = get().db;
    const loaded = await loadPlatform(db, file, runCeremony(file.electionCode).key);
    if (!loaded.ok) throw new Error(loaded.error.join());
    await addStaff(db, { login: 'admin', displayName: 'Administrateur', role: 'admin', password: 'phare-ouverture-2026' });
    await addStaff(db, { login: 'cellule', displayName: 'Cellule', role: 'oversight_cell', password: 'cellule-de-controle-2026' });
    platform = await startPlatform({ db, verifyWorkers: 0 });
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  async function call(method: 'GET' | 'POST', path: string, session?: Partial<Session>, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (session?.cookie) headers.Cookie = session.cookie;
    if (session?.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
    const res = await fetch(platform.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }
  async function signIn(login: string, password: string): Promise<Session> {
    const res = await fetch(platform.url + '/api/staff/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    return { cookie, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  test('a staff password that is common or built on the account is refused in French', async () => {
    const r = await addStaff(get().db, { login: 'martin', displayName: 'Martin', role: 'admin', password: 'martin-martin-2026' });
    expect(r).toEqual({ ok: false, error: { code: 'WEAK_PASSWORD', message: expect.stringMatching(/^Mot de passe trop facile à deviner/) } });
  });

  test('no staff session: the journal, the profile and the operations answer 401 in French', async () => {
    for (const [method, path] of [['GET', '/api/staff/events'], ['GET', '/api/staff/me'], ['POST', '/api/staff/suspend']] as const) {
      expect(await call(method, path)).toEqual({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'Session expirée : reconnectez-vous.' } } });
    }
    expect((await call('GET', '/api/staff/events', { cookie: 'scrutin_plateforme_agent=inventé' })).status).toBe(401);
  });

  test('the profile gives the role, its label, the CSRF token and the default message to voters', async () => {
    const cell = await signIn('cellule', 'cellule-de-controle-2026');
    expect(await call('GET', '/api/staff/me', { cookie: cell.cookie })).toEqual({
      status: 200,
      body: { login: 'cellule', role: 'oversight_cell', roleLabel: 'cellule de contrôle', csrfToken: cell.csrfToken, defaultSuspensionMessage: DEFAULT_SUSPENSION_MESSAGE },
    });
  });

  test('operations need the CSRF token and the role; the journal lists them newest first', async () => {
    const cell = await signIn('cellule', 'cellule-de-controle-2026');
    const admin = await signIn('admin', 'phare-ouverture-2026');
    expect((await call('POST', '/api/staff/suspend', { cookie: cell.cookie }, { reason: 'Panne' })).body.error?.code).toBe('CSRF');
    expect(await call('POST', '/api/staff/suspend', admin, { reason: 'Panne' })).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'Action réservée aux rôles : oversight_cell.' } } });
    expect((await call('POST', '/api/staff/suspend', cell, { reason: 'Panne du frontal' })).status).toBe(200);
    expect((await call('POST', '/api/staff/resume', cell, { decision: 'BALLOTS_KEPT', decisionText: 'Votes conservés.' })).status).toBe(200);
    const journal = await call('GET', '/api/staff/events', { cookie: admin.cookie });
    const events = journal.body.events as { seq: number; at: string; actor: string; action: string; payload: Record<string, unknown> }[];
    expect(events.map((e) => [e.actor, e.action])).toEqual([['cellule', 'vote.resume'], ['cellule', 'vote.suspend'], ['chargement', 'platform.load']]);
    expect(events[1]!.payload).toMatchObject({ reason: 'Panne du frontal' });
    expect(new Date(events[0]!.at).toISOString()).toBe(events[0]!.at);
  });

  test('each route declares the roles the domain gives its action; a wrong role is refused by the route and by the service alike', async () => {
    const access = Object.fromEntries(staffRoutes.map((r) => [r.path, r.access]));
    expect(access).toMatchObject({
      '/api/staff/login': 'public',
      '/api/staff/me': PLATFORM_STAFF_ROLES,
      '/api/staff/events': PLATFORM_STAFF_ROLES,
      '/api/staff/open': PLATFORM_STAFF_RIGHTS.open,
      '/api/staff/suspend': PLATFORM_STAFF_RIGHTS.suspend,
      '/api/staff/resume': PLATFORM_STAFF_RIGHTS.resume,
      '/api/staff/close': PLATFORM_STAFF_RIGHTS.close,
    });
    const cell = await signIn('cellule', 'cellule-de-controle-2026');
    const refused = { status: 403, body: { error: { code: 'FORBIDDEN', message: 'Action réservée aux rôles : admin.' } } };
    expect(await call('POST', '/api/staff/open', cell)).toEqual(refused);
    // The CLI's path: the service itself refuses, with the same sentence.
    const asCell = await openVote(get().db, { id: 0, login: 'cellule', role: 'oversight_cell' });
    expect(asCell).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: refused.body.error.message } });
    // `credentials` has no route: the CLI checks it with the same function.
    expect(staffRefusal({ role: 'oversight_cell' }, 'credentials')).toEqual(refused.body.error);
    expect(staffRefusal({ role: 'admin' }, 'credentials')).toBeNull();
  });

  test('the journal keeps to the latest 100 events', async () => {
    // An action of the catalogue (journal-events.ts), whose schema lets an extra field through: `i` numbers the events.
    for (let i = 0; i < 120; i++) {
      const numbered = { reason: 'essai', at: new Date().toISOString(), i };
      await recordEvent(get().db, 'test', 'vote.suspend', numbered);
    }
    const cell = await signIn('cellule', 'cellule-de-controle-2026');
    const events = (await call('GET', '/api/staff/events', cell)).body.events as { payload: { i: number } }[];
    expect(events).toHaveLength(100);
    expect(events[0]!.payload.i).toBe(119);
  });

  test('logout needs the CSRF token and ends the session on the server', async () => {
    const admin = await signIn('admin', 'phare-ouverture-2026');
    expect((await call('POST', '/api/staff/logout', { cookie: admin.cookie })).status).toBe(403);
    expect((await call('GET', '/api/staff/me', admin)).status).toBe(200);
    expect(await call('POST', '/api/staff/logout', admin)).toEqual({ status: 200, body: { ok: true } });
    expect((await call('GET', '/api/staff/me', admin)).status).toBe(401);
    // Without a session cookie there is nothing to end.
    expect((await call('POST', '/api/staff/logout')).status).toBe(200);
  });
});
