/**
 * Calendar days and the election's time zone through the station and the platform (issue 12, item 1).
 * The process zone is whatever jest runs under: scripts/test.sh runs the suite under
 * America/Martinique and Asia/Tokyo with the PostgreSQL sessions at yet another zone, where each of
 * these days shifted by one before the database layer returned `date` columns as text.
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import type { CliEnv } from '@scrutin/server-kit/cli.js';
import { runCli } from '@scrutin/station/cli/main.js';
import { purgePersonalData } from '@scrutin/station/counting/purge.js';
import { generateRollLines } from '@scrutin/station/roll/generate.js';
import { loadUrnBases } from '@scrutin/station/results/results.js';
import { createContext } from '@scrutin/platform/context.js';
import { lettersPdf } from '@scrutin/platform/credentials/letters-pdf.js';
import { exportFromStation } from '@scrutin/platform/load/station-export.js';
import { loadPlatform } from '@scrutin/platform/load/load.js';
import { createPlatformTestDatabase, issueLettersInMemory, type PlatformTestDb } from '@scrutin/platform/testing';
import { loginVoter } from '@scrutin/platform/voting/sessions.js';
import { testCeremony } from '@scrutin/station/testing';
import { describeEachDatabase, exampleDefinition, setUpElection, startFixture, type Fixture } from './index.js';

type ElectionView = { election: { appealDeadline: string; timeZone: string; voteClosesAt: string; definition: { timeZone?: string } } };
type Refusal = { error: { code: string; message: string; details?: string[] } };

describeEachDatabase('dates and the election time zone', (get, kind) => {
  let f: Fixture;
  let platform: PlatformTestDb;
  // A chamber of Martinique (UTC-4): the vote closes on 18 November at 18:00 local time.
  const definition = exampleDefinition({
    timeZone: 'America/Martinique',
    voteOpensAt: '2026-11-05T08:00:00-04:00',
    voteClosesAt: '2026-11-18T18:00:00-04:00',
    appealDeadline: '2026-11-30',
  });

  beforeAll(async () => {
    f = await startFixture(get().db);
    platform = await createPlatformTestDatabase(kind);
  }, 120_000);
  afterAll(async () => {
    await f.station.close();
    await platform.drop();
  });

  test('an unknown time zone and an appeal deadline before the vote closes are refused in French, nothing created', async () => {
    const admin = await f.client('admin');
    const badZone = await admin.post<Refusal>('/api/election', { ...definition, timeZone: 'Europe/Pariss' });
    expect(badZone.status).toBe(422);
    expect(badZone.body.error.details).toEqual([expect.stringMatching(/^timeZone : fuseau horaire inconnu/)]);
    // The deadline must not precede the closing day in the election's zone: 18 November in Martinique.
    const early = await admin.post<Refusal>('/api/election', { ...definition, appealDeadline: '2026-11-17' });
    expect(early.status).toBe(422);
    expect(early.body.error.details).toEqual(['appealDeadline : le délai de recours (17/11/2026) ne peut précéder la clôture du vote (18/11/2026)']);
    // 23:30 in Martinique is already the 19th in UTC and in Paris: the closing day is the zone's.
    const lateEvening = { ...definition, voteClosesAt: '2026-11-18T23:30:00-04:00', appealDeadline: '2026-11-18' };
    expect((await admin.post('/api/election', { ...lateEvening, timeZone: 'Europe/Paris' })).status).toBe(422);
    expect((await admin.get<{ election: null }>('/api/election')).body.election).toBeNull();
  });

  test('the election keeps its zone and its appeal deadline day', async () => {
    // The roll's first elector was born on 1 February 1960, as printed on the roll (JJ/MM/AAAA).
    const lines = [...generateRollLines(definition, 12)];
    const first = lines[1]!.split(';');
    first[4] = '01/02/1960';
    lines[1] = first.join(';');
    f.definition = definition;
    await setUpElection(f, { voters: 12, until: 'SETUP', rollCsv: lines.join('\n') + '\n' });
    const view = await (await f.client('observateur')).get<ElectionView>('/api/election');
    expect(view.body.election).toMatchObject({ appealDeadline: '2026-11-30', timeZone: 'America/Martinique', voteClosesAt: '2026-11-18T22:00:00.000Z' });
    expect(view.body.election.definition.timeZone).toBe('America/Martinique');
    // The dashboard learns the zone with the session; the CLI shows the times in it, with the offset.
    expect((await (await f.client('observateur')).get<{ timeZone: string }>('/api/session')).body.timeZone).toBe('America/Martinique');
    let out = '';
    const env: CliEnv = { out: (t) => (out += t), err: () => undefined, cwd: tmpdir(), env: {}, db: async () => get().db, inStation: false };
    expect(await runCli(['election', 'show'], env)).toBe(0);
    expect(out).toContain('Ouverture du vote : 05/11/2026 à 08:00 UTC-4');
    expect(out).toContain('Clôture du vote : 18/11/2026 à 18:00 UTC-4');
    expect(out).toContain('Délai de recours : 30/11/2026 inclus');
    expect(out).toContain('Fuseau horaire : America/Martinique');
  });

  test('a birth date stays the same day in the candidates list and in the results', async () => {
    const agent = await f.client('agent');
    const urnId = (await agent.get<{ urns: { id: string }[] }>('/api/election')).body.urns[0]!.id;
    const added = await agent.post('/api/candidates', { urnId, lastName: 'Ravine', firstNames: 'Hortense', sex: 'F', birthDate: '1960-02-10', substitute: { lastName: 'Morne', firstNames: 'Alcide', sex: 'M', birthDate: '1961-01-01' } });
    expect(added.status).toBe(201);
    const list = await agent.get<{ candidates: { lastName: string; birthDate: string; substitute: { birthDate: string } | null }[] }>('/api/candidates');
    expect(list.body.candidates.find((c) => c.lastName === 'Ravine')).toMatchObject({ birthDate: '1960-02-10', substitute: { birthDate: '1961-01-01' } });
    const bases = await loadUrnBases(get().db);
    expect(bases.flatMap((b) => b.candidates).find((c) => c.lastName === 'Ravine')?.birthDate).toBe('1960-02-10');
  });

  test('the platform loads the roll’s birth date as printed, and the voter logs in with it', async () => {
    // The rest of the set-up the export needs: roll validated, one candidate per urn, lists validated.
    const prefet = await f.client('prefet');
    const roll = await get().db.query<{ file_sha256: string }>('SELECT file_sha256 FROM roll_import');
    expect((await prefet.post('/api/roll/validate', { fileSha256: roll.rows[0]!.file_sha256 })).status).toBeLessThan(300);
    const agent = await f.client('agent');
    const urns = (await agent.get<{ urns: { id: string; contest_code: string }[] }>('/api/election')).body.urns;
    for (const [i, urn] of urns.slice(1).entries()) {
      const substitute = urn.contest_code === 'CCIR' ? { lastName: `Suppléant${i}`, firstNames: 'Noé', sex: 'M', birthDate: '1971-04-02' } : null;
      const r = await agent.post('/api/candidates', { urnId: urn.id, lastName: `Candidate${i}`, firstNames: 'Line', sex: 'F', birthDate: '1970-03-01', substitute });
      expect(r.status).toBe(201);
    }
    expect((await prefet.post('/api/candidates/validate')).status).toBeLessThan(300);
    expect((await prefet.post('/api/election/transition', { to: 'LISTS_VALIDATED' })).status).toBeLessThan(300);

    const exported = await exportFromStation(get().db);
    if (!exported.ok) throw new Error(exported.error.join('\n'));
    const voter = exported.value.voters.find((v) => v.id === 1)!;
    expect(voter.birthDate).toBe('1960-02-01');
    const loaded = await loadPlatform(platform.db, exported.value, testCeremony(exported.value.electionCode).key);
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));
    const stored = await platform.db.query<{ birth_date: string }>('SELECT birth_date FROM voter_file.voter WHERE id = 1');
    expect(stored.rows[0]!.birth_date).toBe('1960-02-01');
    const letter = (await issueLettersInMemory(platform.db, { voterNumbers: [voter.voterNumber] }))[0]!;
    // The letter states the voting times in the election's zone, with the offset.
    const election = (await createContext(platform.db).election())!;
    expect(election.timeZone).toBe('America/Martinique');
    const pdf = await lettersPdf([letter], { electionName: election.name, chamber: election.chamber, opensAt: election.opensAt, closesAt: election.closesAt, timeZone: election.timeZone, boothUrl: 'https://vote.example' }, { number: 1, of: 1 });
    const text = execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('du 5 novembre 2026 à 08:00 UTC-4 au 18 novembre 2026 à 18:00 UTC-4');
    const login = (birthDate: string) => loginVoter(platform.db, { identifier: letter.identifier, password: letter.password, birthDate }, new Date());
    expect((await login('1960-02-01')).ok).toBe(true);
    expect((await login('1960-01-31')).ok).toBe(false);
  }, 120_000);

  test('the purge is refused on the deadline day and allowed the day after, in the election’s zone', async () => {
    // Straight to ARCHIVED: the transition checks come before the freeze, which this test does not need.
    await get().db.query("UPDATE election SET state = 'ARCHIVED'");
    const purgeAt = (instant: string) => purgePersonalData(get().db, SYSTEM_ACTOR(), ['admin'], new Date(instant));
    // 30 November 23:30 in Martinique: already 1 December in UTC and in Paris, still the deadline day there.
    const onTheDay = await purgeAt('2026-12-01T03:30:00Z');
    expect(onTheDay.ok ? 'PURGED' : onTheDay.error.message).toBe(
      'La purge n’est possible qu’après le délai de recours (30/11/2026 inclus) : les données personnelles sont conservées jusque-là (article 5).',
    );
    // 1 December 00:05 in Martinique: the deadline has passed; what stops it now is the missing freeze.
    const dayAfter = await purgeAt('2026-12-01T04:05:00Z');
    expect(dayAfter.ok ? 'PURGED' : dayAfter.error.message).toBe('Le scrutin n’a pas été figé : aucun scellé à conserver.');
  });
}, { everyZoneRun: true });
