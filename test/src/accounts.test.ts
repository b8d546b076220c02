// Issue 15, item 2, over real HTTP on both databases: changing a password needs the current one and ends
// the account's other sessions; weak passwords are refused in French; an administrator's reset and
// deactivation are journaled and stop sessions (and station tokens) at once.
import { describeEachDatabase } from './databases.js';
import { ApiClient } from './api-client.js';
import { createTestUser, PASSWORD, useFixture } from './station-fixture.js';

type Failure = { error: { code: string; message: string } };

describeEachDatabase('accounts and sessions', (get) => {
  const fixture = useFixture(get);
  const journal = async (action: string) =>
    (await get().db.query<{ actor_login: string; payload: Record<string, unknown> }>('SELECT actor_login, payload FROM journal WHERE action = $1 ORDER BY at, seq', [action])).rows;

  test('changing a password needs the current one, refuses a guessable one, and ends every other session', async () => {
    await createTestUser(get().db, 'durand', ['teller']);
    const here = await fixture().client('durand');
    const elsewhere = await fixture().client('durand', 'TABLE-2');
    const change = (currentPassword: string, newPassword: string) => here.post<Failure>('/api/auth/password', { currentPassword, newPassword });

    expect(await change('pas-le-bon-mot-de-passe', 'un-autre-mot-de-passe-solide')).toMatchObject({ status: 422, body: { error: { code: 'WRONG_PASSWORD', message: 'Mot de passe actuel incorrect.' } } });
    const weak = await change(PASSWORD, 'azertyuiop123');
    expect([weak.status, weak.body.error.code, weak.body.error.message]).toEqual([422, 'WEAK_PASSWORD', expect.stringMatching(/^Mot de passe trop facile à deviner : Les lignes droites de touches/)]);
    expect((await change(PASSWORD, 'durand-durand-1')).body.error.code).toBe('WEAK_PASSWORD');
    expect((await change(PASSWORD, PASSWORD)).body.error.message).toBe('Le nouveau mot de passe doit différer de l’actuel.');
    expect((await elsewhere.get('/api/session')).status).toBe(200);

    expect(await change(PASSWORD, 'peniche-orage-velours-88')).toEqual({ status: 200, body: { sessionsEnded: 1 }, headers: expect.anything() });
    expect((await here.get('/api/session')).status).toBe(200);
    expect((await elsewhere.get('/api/session')).status).toBe(401);
    expect((await journal('user.password')).at(-1)).toMatchObject({ actor_login: 'durand', payload: { sessionsEnded: 1 } });
    await new ApiClient(fixture().station.url).login('durand', 'peniche-orage-velours-88');
  }, 60_000);

  test('an administrator resets a password: a new one-time password, the sessions end, the account must change it', async () => {
    await createTestUser(get().db, 'leroy', ['member']);
    const leroy = await fixture().client('leroy');
    const admin = await fixture().client('admin');
    const reset = await admin.post<{ oneTimePassword: string; sessionsEnded: number }>('/api/users/leroy/reset-password');
    expect([reset.status, reset.body.sessionsEnded]).toEqual([200, 1]);
    expect((await leroy.get('/api/session')).status).toBe(401);
    expect((await new ApiClient(fixture().station.url).post('/api/auth/login', { login: 'leroy', password: PASSWORD })).status).toBe(401);
    const again = new ApiClient(fixture().station.url);
    await again.login('leroy', reset.body.oneTimePassword);
    expect((await again.get<Failure>('/api/counters')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await journal('user.password_reset')).at(-1)).toMatchObject({ actor_login: 'admin', payload: { login: 'leroy', sessionsEnded: 1 } });
    expect((await admin.post<Failure>('/api/users/personne/reset-password')).status).toBe(404);
  }, 60_000);

  test('an administrator deactivates an account: its sessions and station tokens stop at once, journaled', async () => {
    await createTestUser(get().db, 'petit', ['scanning_agent']);
    const admin = await fixture().client('admin');
    const petit = await fixture().client('petit');
    const issued = await admin.post<{ token: string }>('/api/stations', { id: 'POSTE-P', label: 'Poste P', agentLogin: 'petit' });
    const bearer = { Authorization: `Bearer ${issued.body.token}` };
    const scan = () => new ApiClient(fixture().station.url).request('POST', '/api/scans', {}, bearer);
    expect((await scan()).status).toBe(400);

    expect((await admin.post('/api/users/petit/deactivate')).body).toEqual({ sessionsEnded: 1, stationTokensRevoked: 1 });
    expect((await petit.get('/api/session')).status).toBe(401);
    expect((await scan()).status).toBe(401);
    expect((await new ApiClient(fixture().station.url).post('/api/auth/login', { login: 'petit', password: PASSWORD })).status).toBe(401);
    expect((await journal('user.deactivate')).at(-1)).toMatchObject({ actor_login: 'admin', payload: { login: 'petit', sessionsEnded: 1, stationTokensRevoked: 1 } });

    expect(await admin.post('/api/users/petit/deactivate')).toMatchObject({ status: 409, body: { error: { message: 'Le compte « petit » est déjà désactivé.' } } });
    expect(await admin.post('/api/users/admin/deactivate')).toMatchObject({ status: 403, body: { error: { message: 'Vous ne pouvez pas désactiver votre propre compte.' } } });
    await createTestUser(get().db, 'admin2', ['admin']);
    const admin2 = await fixture().client('admin2');
    expect((await admin2.post('/api/users/admin/deactivate')).status).toBe(200);
    expect(await admin.post('/api/users/admin2/deactivate')).toMatchObject({ status: 401 });
  }, 60_000);
});
