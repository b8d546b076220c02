import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Db } from '@scrutin/db';
import type { Role } from '@scrutin/domain/roles.js';
import { changePassword, createUser } from '@scrutin/station/auth/users.js';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import type { ElectionDefinition } from '@scrutin/contract/election-definition.js';
import { generateRollLines } from '@scrutin/station/roll/generate.js';
import { generatePlatformKey, signEmargement } from '@scrutin/contract/electronic-emargement.js';
import { startStation, type RunningStation } from '@scrutin/station';
import { ApiClient } from './api-client.js';

// import.meta rather than __dirname: also loaded outside jest, by bench scripts run with tsx (bench/booth nodes mode).
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The test accounts' chosen password: strong enough for the policy, and with no digit nor symbol, which
 * zxcvbn's l33t matcher would try to read as letters: it checks in 8 ms rather than 47 ms (« mot-de-passe-
 * de-test-2026 »), and the fixtures set dozens of passwords in every file.
 */
export const PASSWORD = 'lanterne-ocre-boussole';
/** The commission certificate's passphrase: the certificate is made before sealing (its fingerprint is recorded in the seal). */
export const CERT_PASSPHRASE = 'phrase de passe de la commission 2026';

/** The example election, with dates moved so that its vote closed a minute ago. */
export function exampleDefinition(overrides: Partial<ElectionDefinition> = {}): ElectionDefinition {
  const base = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'election.json'), 'utf8')) as ElectionDefinition;
  const now = Date.now();
  return { ...base, voteOpensAt: new Date(now - 10 * 86400_000).toISOString(), voteClosesAt: new Date(now - 60_000).toISOString(), ...overrides };
}

export const TEST_USERS: { login: string; roles: Role[] }[] = [
  { login: 'admin', roles: ['admin'] },
  { login: 'prefet', roles: ['prefecture'] },
  { login: 'agent', roles: ['agent'] },
  { login: 'president', roles: ['president'] },
  { login: 'membre', roles: ['member'] },
  { login: 'assesseur', roles: ['teller'] },
  { login: 'assesseur2', roles: ['teller'] },
  { login: 'numerisation', roles: ['scanning_agent'] },
  { login: 'numerisation2', roles: ['scanning_agent'] },
  { login: 'cle1', roles: ['key_holder'] },
  { login: 'cellule', roles: ['oversight_cell'] },
  { login: 'observateur', roles: ['viewer'] },
];

/** Creates one account through the services and replaces its one-time password by PASSWORD, as its holder would. */
export async function createTestUser(db: Db, login: string, roles: Role[]): Promise<void> {
  const created = await createUser(db, SYSTEM_ACTOR(), { login, displayName: login, roles });
  if (!created.ok) throw new Error(created.error.message);
  const actor = { userId: created.value.user.id, login, role: roles[0]!, stationId: 'console' };
  const changed = await changePassword(db, actor, { userId: created.value.user.id, currentPassword: created.value.oneTimePassword, newPassword: PASSWORD });
  if (!changed.ok) throw new Error(changed.error.message);
}

/** Creates the test accounts directly through the services, with a known password. */
export async function createTestUsers(db: Db): Promise<void> {
  for (const u of TEST_USERS) await createTestUser(db, u.login, u.roles);
}

export type Fixture = {
  station: RunningStation;
  client(login: string, stationId?: string): Promise<ApiClient>;
  platformKey: ReturnType<typeof generatePlatformKey>;
  definition: ElectionDefinition;
};

/** In a describe block: a station with the test accounts on the block's database, started before its tests and stopped after. */
export function useFixture(get: () => { db: Db }): () => Fixture {
  let f: Fixture | undefined;
  beforeAll(async () => {
    f = await startFixture(get().db);
  }, 120_000);
  afterAll(async () => {
    await f?.station.close();
  });
  return () => {
    if (!f) throw new Error('poste de test non démarré');
    return f;
  };
}

export async function startFixture(db: Db): Promise<Fixture> {
  await createTestUsers(db);
  const station = await startStation({ db });
  return {
    station,
    platformKey: generatePlatformKey(),
    definition: exampleDefinition(),
    async client(login, stationId = 'web') {
      const c = new ApiClient(station.url);
      await c.login(login, PASSWORD, stationId);
      return c;
    },
  };
}

async function expectOk<T>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what} : ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * Drives the example election through the API to a chosen state: created, roll of
 * `voters` electors imported and validated, one candidate per seat + 1, lists
 * validated, sealed, closed, and (when `electronic` is given) the signed electronic
 * emargement of those rights loaded.
 */
export async function setUpElection(
  f: Fixture,
  options: { voters: number; until: 'SETUP' | 'LISTS_VALIDATED' | 'SEALED' | 'VOTE_CLOSED' | 'EMARGEMENT_LOADED'; electronic?: number[]; rollCsv?: string },
): Promise<{ rollSha256: string }> {
  const admin = await f.client('admin');
  await expectOk(admin.post('/api/election', f.definition), 'création');
  const csv = options.rollCsv ?? [...generateRollLines(f.definition, options.voters)].join('\n') + '\n';
  const imported = await expectOk(admin.request<{ report: { fileSha256: string } }>('POST', '/api/roll?fileName=liste.csv', csv, { 'Content-Type': 'text/csv' }), 'import');
  const rollSha256 = imported.report.fileSha256;
  if (options.until === 'SETUP') return { rollSha256 };
  const prefet = await f.client('prefet');
  await expectOk(prefet.post('/api/roll/validate', { fileSha256: rollSha256 }), 'validation liste');
  const agent = await f.client('agent');
  const election = await expectOk(admin.get<{ urns: { id: string; seats: number; contest_code: string }[] }>('/api/election'), 'lecture');
  let n = 0;
  for (const urn of election.urns) {
    for (let i = 0; i <= urn.seats; i++) {
      n++;
      const sex = n % 2 === 0 ? 'F' : 'M';
      await expectOk(
        agent.post('/api/candidates', {
          urnId: urn.id,
          lastName: `Candidat${n}`,
          firstNames: 'Camille',
          sex,
          birthDate: `19${50 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`,
          profession: 'commerçant',
          substitute: urn.contest_code === 'CCIR' ? { lastName: `Suppléant${n}`, firstNames: 'Dominique', sex: sex === 'F' ? 'M' : 'F', birthDate: '1970-05-05' } : null,
        }),
        'candidat',
      );
    }
  }
  await expectOk(prefet.post('/api/candidates/validate'), 'validation candidats');
  await expectOk(prefet.post('/api/election/transition', { to: 'LISTS_VALIDATED' }), 'listes validées');
  if (options.until === 'LISTS_VALIDATED') return { rollSha256 };
  const president = await f.client('president');
  await expectOk(president.post('/api/certificate', { passphrase: CERT_PASSPHRASE }), 'certificat');
  await expectOk(president.post('/api/election/transition', { to: 'SEALED', platformPublicKey: f.platformKey.publicKey }), 'scellement');
  if (options.until === 'SEALED') return { rollSha256 };
  await expectOk(president.post('/api/election/transition', { to: 'VOTE_CLOSED' }), 'clôture');
  if (options.until === 'VOTE_CLOSED') return { rollSha256 };
  const closedAt = new Date().toISOString();
  const signed = signEmargement(
    { electionCode: f.definition.code, closedAt, entries: (options.electronic ?? []).map((right) => ({ right, votedAt: new Date(Date.now() - 3600_000).toISOString() })) },
    f.platformKey.secretKey,
  );
  await expectOk(president.post('/api/electronic-emargement', { file: signed.file, signature: signed.signature }), 'émargement électronique');
  return { rollSha256 };
}

export const newRequestId = (): string => randomUUID();
