// The platform's side of issue 15: no 5xx on any input, every declared route fuzzed from its zod schemas
// (test/src/fuzz.ts), signed in as the voter or staff member it expects and anonymous; and the issue's cases.
import type express from 'express';
import { FUZZ_RUNS, fuzzRoute, type FuzzSession } from '@scrutin/test/fuzz.js';
import type { Letter } from '../credentials/issue.js';
import { loadPlatform } from '../load/load.js';
import { addStaff, openVote } from '../operations.js';
import { startPlatform, type RunningPlatform } from '../server.js';
import { describeEachPlatformDatabase } from '../testing/databases.js';
import { encryptForUrns, issueLettersInMemory, runCeremony, testLoadFile } from '../testing/election.js';
import { rightsOfVoter } from '../voting/ballot-box.js';
import { declaredRoutes } from './app.js';
import { expects, type PlatformRoute } from './platform-route.js';

const STAFF_PASSWORD = 'phare-ouverture-2026';

describeEachPlatformDatabase('platform: no 5xx on any input (issue 15)', (get) => {
  const file = testLoadFile(6);
  const ceremony = runCeremony(file.electionCode);
  let platform: RunningPlatform;
  let app: express.Express | undefined;
  let letters: Letter[];

  beforeAll(async () => {
    const db = get().db;
    const loaded = await loadPlatform(db, file, ceremony.key);
    if (!loaded.ok) throw new Error(loaded.error.join());
    letters = await issueLettersInMemory(db);
    const admin = await addStaff(db, { login: 'admin', displayName: 'Administrateur', role: 'admin', password: STAFF_PASSWORD });
    if (!admin.ok) throw new Error(admin.error.message);
    if (!(await openVote(db, admin.value)).ok) throw new Error('ouverture refusée');
    platform = await startPlatform({ db, verifyWorkers: 0, anonymity: { size: 1 }, extend: (a) => void (app = a) });
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  async function sessionFrom(res: Response): Promise<FuzzSession> {
    if (res.status !== 200) throw new Error(`connexion refusée : ${res.status} ${await res.text()}`);
    return { cookie: res.headers.getSetCookie()[0]!.split(';')[0]!, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
  }
  const post = (path: string, body: unknown, session?: FuzzSession) =>
    fetch(platform.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(session ? { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken } : {}) }, body: JSON.stringify(body) });
  /** Voter `i` of the load file signed in with the letter's credentials. */
  async function voter(i: number): Promise<FuzzSession> {
    const v = file.voters[i]!;
    const letter = letters.find((l) => l.voterNumber === v.voterNumber)!;
    return sessionFrom(await post('/api/login', { identifier: letter.identifier, password: letter.password, birthDate: v.birthDate }));
  }
  const staff = async () => sessionFrom(await post('/api/staff/login', { login: 'admin', password: STAFF_PASSWORD }));

  test('every route the app mounts under /api is declared with its access and schemas', () => {
    const stack = (app as unknown as { router: { stack: { route?: { path: string | RegExp; methods: Record<string, boolean> } }[] } }).router.stack;
    const mounted = stack.flatMap((l) => (l.route && typeof l.route.path === 'string' && l.route.path.startsWith('/api/') ? Object.keys(l.route.methods).map((m) => `${m} ${l.route!.path}`) : []));
    expect(mounted.sort()).toEqual(declaredRoutes(app!).map((r) => `${r.method} ${r.path}`).sort());
  });

  test('GET /api/board?limit=abc: 400 in French; a repeated or NUL parameter too', async () => {
    for (const query of ['limit=abc', 'limit=1&limit=2', 'after=%00', 'fingerprint=a&fingerprint=b']) {
      const res = await fetch(`${platform.url}/api/board?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Requête (invalide|refusée)/);
    }
    expect((await fetch(`${platform.url}/api/board?limit=5000`)).status).toBe(200);
  });

  test('the same ballots submitted by a second voter: 409 in French, nothing written', async () => {
    const election = (await platform.ctx.election())!;
    const rightOf = async (i: number) => (await rightsOfVoter(platform.ctx, (await platform.ctx.db.query<{ id: number }>('SELECT id FROM voter_file.voter WHERE voter_number = $1', [file.voters[i]!.voterNumber])).rows[0]!.id))[0]!;
    const first = await rightOf(0);
    const copier = await rightOf(1);
    const urns = election.units.filter((u) => u.categoryCode === first.categoryCode);
    const ballots = encryptForUrns(election, ceremony.key, urns.map((u) => ({ urnId: u.urnId, marks: [0] })));
    expect((await post('/api/vote', { rightId: first.id, ballots }, await voter(0))).status).toBe(200);
    const board = async () => ((await (await fetch(`${platform.url}/api/board?limit=1000`)).json()) as { total: number }).total;
    const before = await board();
    const res = await post('/api/vote', { rightId: copier.id, ballots }, await voter(1));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DUPLICATE_BALLOT');
    expect(await board()).toBe(before);
    expect((await rightOf(1)).voted).toBe(false);
  });

  // The logouts end the session: near the end. The voter login's throttle counts failures per address, so
  // after fuzzing it no voter can sign in from here for a while: last.
  const LAST = ['/api/logout', '/api/staff/logout', '/api/login'];
  const ordered = () => [...declaredRoutes(app!)].sort((a, b) => LAST.indexOf(a.path) - LAST.indexOf(b.path));

  test(`every declared route: ${FUZZ_RUNS} fuzzed requests with the session it expects, as many anonymous, no 5xx`, async () => {
    const sessionFor = (route: PlatformRoute) => (expects(route, 'voter') ? voter(3) : expects(route, 'staff') ? staff() : null);
    for (const route of ordered()) {
      await fuzzRoute(platform.url, route, await sessionFor(route));
      await fuzzRoute(platform.url, route, null);
    }
  }, 600_000);
});
