// Issue 15, item 3, on the platform over real HTTP: 40 concurrent logins with 39 wrong birth dates and the
// right one do not find the birth date (art. 7) in one round; voters behind one address are not locked out
// by another's mistakes; X-Forwarded-For counts only from a configured proxy.
import { THROTTLE_HORIZON_MS } from '@scrutin/server-kit/store.js';
import type { Letter } from '../credentials/issue.js';
import { ADDRESS_POLICY, STAFF_POLICY, VOTER_POLICY } from './login-limits.js';
import { loadPlatform } from '../load/load.js';
import { addStaff } from '../operations.js';
import { startPlatform, type RunningPlatform } from '../server.js';
import { describeEachPlatformDatabase } from '../testing/databases.js';
import { issueLettersInMemory, runCeremony, testLoadFile } from '../testing/election.js';

describeEachPlatformDatabase('platform login limits', (get) => {
  let platform: RunningPlatform;
  let letters: Letter[];
  const file = testLoadFile(4);

  beforeAll(async () => {
    const db = get().db;
    const loaded = await loadPlatform(db, file, runCeremony(file.electionCode).key);
    if (!loaded.ok) throw new Error(loaded.error.join());
    letters = await issueLettersInMemory(db);
    const staff = await addStaff(db, { login: 'cellule', displayName: 'Cellule', role: 'oversight_cell', password: 'cellule-de-controle-2026' });
    if (!staff.ok) throw new Error('compte');
    platform = await startPlatform({ db, verifyWorkers: 0 });
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  async function birthDate(letter: Letter): Promise<string> {
    const r = await get().db.query<{ d: string }>("SELECT to_char(birth_date, 'YYYY-MM-DD') AS d FROM voter_file.voter WHERE voter_number = $1", [letter.voterNumber]);
    return r.rows[0]!.d;
  }
  async function login(letter: Letter, date: string, url = platform.url, headers: Record<string, string> = {}): Promise<number> {
    const res = await fetch(url + '/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ identifier: letter.identifier, password: letter.password, birthDate: date }),
    });
    await res.text();
    return res.status;
  }
  const wrongDate = (i: number) => `1970-01-${String(1 + (i % 28)).padStart(2, '0')}`.replace(/^1970-01/, `19${40 + Math.floor(i / 28)}-01`);

  test('40 concurrent logins, 39 wrong birth dates and the right one last: 5 evaluated, 35 refused, no session', async () => {
    const letter = letters[0]!;
    const right = await birthDate(letter);
    const dates = Array.from({ length: 39 }, (_, i) => wrongDate(i)).filter((d) => d !== right);
    expect(dates).toHaveLength(39);
    const statuses = await Promise.all([...dates, right].map((d) => login(letter, d)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect(statuses.at(-1)).toBe(429);
    expect(await login(letter, right)).toBe(429);
    const events = await get().db.query<{ payload: unknown }>("SELECT payload FROM platform.event WHERE action = 'login.delayed'");
    expect(events.rows.map((e) => e.payload)).toEqual([[{ counter: `identifiant:${letter.identifier.replace(/\D/g, '')}`, seconds: 60 }]]);
  }, 60_000);

  test('three failures from one address do not lock out the other voters behind it', async () => {
    const [, mistaken, other] = letters;
    for (let i = 0; i < 3; i++) expect(await login(mistaken!, wrongDate(i))).toBe(401);
    expect(await login(other!, await birthDate(other!))).toBe(200);
    expect(await login(mistaken!, await birthDate(mistaken!))).toBe(200);
  }, 60_000);

  test('staff logins: 5 free attempts per account, then a wait', async () => {
    const staffLogin = async (password: string) =>
      (await fetch(platform.url + '/api/staff/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'cellule', password }) })).status;
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => staffLogin(`mauvais-${i}`)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  }, 60_000);

  test('X-Forwarded-For is ignored unless the request comes from a configured proxy', async () => {
    const addresses = async () => (await get().db.query<{ key: string }>("SELECT key FROM platform.login_attempt WHERE key LIKE 'adresse:%'")).rows.map((r) => r.key);
    const letter = letters[3]!;
    expect(await login(letter, wrongDate(0), platform.url, { 'X-Forwarded-For': '198.51.100.4' })).toBe(401);
    expect(await addresses()).not.toContain('adresse:198.51.100.4');
    const behindProxy = await startPlatform({ db: get().db, verifyWorkers: 0, trustedProxy: 'loopback' });
    try {
      expect(await login(letter, wrongDate(1), behindProxy.url, { 'X-Forwarded-For': '198.51.100.4' })).toBe(401);
      expect(await addresses()).toContain('adresse:198.51.100.4');
    } finally {
      await behindProxy.close();
    }
  }, 60_000);
});

test('no platform policy remembers an attempt beyond the pruning horizon of the shared counter table', () => {
  for (const policy of [VOTER_POLICY, STAFF_POLICY, ADDRESS_POLICY]) expect(policy.forgetAfterMs).toBeLessThanOrEqual(THROTTLE_HORIZON_MS);
});
