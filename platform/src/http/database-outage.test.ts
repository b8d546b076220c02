// Issue 15, item 1, for the platform: backends terminated while requests are in flight (the issue's
// pg_terminate_backend) give each request its answer or a clean, retryable 503 in French, never the
// end of the process (an unhandled 'error' on a checked-out client would end this very test process).
import { createServerDatabase, expectCleanOutage, terminateBusyBackends } from '@scrutin/test';
import { issueCredentials } from '../credentials/issue.js';
import { openPlatformDatabase } from '../database.js';
import { loadPlatform } from '../load/load.js';
import { addStaff, openVote } from '../operations.js';
import { startPlatform, type RunningPlatform } from '../server.js';
import { runCeremony, testLoadFile } from '../testing/election.js';

const CLIENTS = 8;
const CELL_PASSWORD = 'cellule-de-controle-2026';

describe('platform backends terminated while requests are in flight [postgres]', () => {
  let server: Awaited<ReturnType<typeof createServerDatabase>>;
  let platform: RunningPlatform;

  beforeAll(async () => {
    server = await createServerDatabase();
    const db = await openPlatformDatabase({ url: server.url });
    const file = testLoadFile(4);
    const loaded = await loadPlatform(db, file, runCeremony(file.electionCode).key);
    if (!loaded.ok) throw new Error(loaded.error.join());
    const admin = await addStaff(db, { login: 'admin', displayName: 'Administrateur', role: 'admin', password: 'phare-ouverture-2026' });
    await addStaff(db, { login: 'cellule', displayName: 'Cellule', role: 'oversight_cell', password: CELL_PASSWORD });
    if (!admin.ok || !(await issueCredentials(db, { actor: 'admin' }, async () => undefined)).ok || !(await openVote(db, admin.value)).ok) throw new Error('plateforme non préparée');
    platform = await startPlatform({ db, verifyWorkers: 0 });
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    await platform?.ctx.db.close();
    await server?.drop();
  });

  async function send(method: 'GET' | 'POST', path: string, body?: unknown, session?: { cookie: string; csrfToken: string }) {
    const res = await fetch(platform.url + path, {
      method,
      headers: { 'Content-Type': 'application/json', ...(session ? { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown, retryAfter: res.headers.get('retry-after'), cookie: res.headers.getSetCookie()[0]?.split(';')[0] };
  }

  test('staff sign-ins, status reads and suspensions: answered or refused with a 503, and the platform keeps serving', async () => {
    const signedIn = await send('POST', '/api/staff/login', { login: 'cellule', password: CELL_PASSWORD });
    const session = { cookie: signedIn.cookie!, csrfToken: (signedIn.body as { csrfToken: string }).csrfToken };
    let terminated = 0;
    const replies: Awaited<ReturnType<typeof send>>[] = [];
    for (let round = 0; round < 40 && terminated < 3; round++) {
      const killing = terminateBusyBackends(server.url);
      const sent = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          i % 3 === 0
            ? send('GET', '/api/status')
            : i % 3 === 1
              ? send('POST', '/api/staff/login', { login: 'cellule', password: CELL_PASSWORD })
              : send('POST', '/api/staff/suspend', { reason: `Essai de coupure ${round}-${i}` }, session),
        ),
      ).finally(async () => (terminated += await killing.stop()));
      replies.push(...sent);
    }
    expect(terminated).toBeGreaterThanOrEqual(3);
    // Once one suspension is recorded the next ones are refused as such; nothing else but a clean 503.
    const alreadySuspended = (r: (typeof replies)[number]) => r.status === 422 && (r.body as { error: { code: string } }).error.code === 'ALREADY_SUSPENDED';
    for (const r of replies) if (r.status !== 200 && !alreadySuspended(r)) expectCleanOutage(r);
    // Still serving: a suspension goes through (or was already recorded) and the status shows it.
    const suspended = await send('POST', '/api/staff/suspend', { reason: 'Essai après les coupures' }, session);
    expect(suspended.status === 200 || alreadySuspended(suspended)).toBe(true);
    const status = await send('GET', '/api/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ phase: 'SUSPENDED' });
    process.stdout.write(`plateforme : ${replies.length} requêtes, ${terminated} connexions terminées, ${replies.filter((r) => r.status === 503).length} refus 503\n`);
  }, 240_000);
});
