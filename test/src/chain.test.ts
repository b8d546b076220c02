// The whole chain on PostgreSQL: station roll → platform load → key ceremony → online votes → platform close →
// emargement at the station → postal scans (dual votes) → tellers' sheets → unsealing with two shares of three →
// results and seats against the votes actually cast → signed PV. One database kind: the other is covered piecewise.
import { verifyReportPdf } from '@scrutin/station/reports/index.js';
import { testCeremony } from '@scrutin/station/testing';
import type { UnsealingStatus } from '@scrutin/contract/counting-types.js';
import { createContext } from '@scrutin/platform/context.js';
import { closeVote, verifyClosingSeal } from '@scrutin/platform/close/close.js';
import { openPlatformDatabase } from '@scrutin/platform/database.js';
import { exportFromStation } from '@scrutin/platform/load/station-export.js';
import { loadPlatform } from '@scrutin/platform/load/load.js';
import type { LoadFile } from '@scrutin/platform/load/load-file.js';
import { addStaff, openVote } from '@scrutin/platform/operations.js';
import { encryptForUrns } from '@scrutin/platform/testing';
import { castVote } from '@scrutin/platform/voting/ballot-box.js';
import type { Db } from '@scrutin/db';
import { ballotHash } from '@scrutin/evote';
import { createServerDatabase, createTestDatabase, type TestDatabase } from './databases.js';
import { createTestUser, setUpElection, startFixture, newRequestId, type Fixture } from './station-fixture.js';
import { CERT_PASSPHRASE, expectOk, proclaimAndFreeze, sheetFor, type UrnStatus } from './counting-flow.js';

type Right = LoadFile['voters'][number]['rights'][number] & { voterId: number };
type ResultUrn = {
  id: string;
  seats: number;
  postal: { ballots: number; blank: number };
  electronic: { ballots: number; blank: number };
  combined: { ballots: number };
  elected: string[];
  candidates: { id: string; birthDate: string; postal: number; electronic: number; combined: number; elected: boolean }[];
};

/** The marks of the k-th online ballot of an urn: every seventh blank, otherwise one or two candidates. */
const marksFor = (k: number, candidates: number, seats: number): number[] => {
  if (k % 7 === 6) return [];
  const first = (k * 3) % candidates;
  return seats >= 2 && k % 3 === 0 ? [first, (first + 1) % candidates].sort((a, b) => a - b) : [first];
};

/**
 * The size of the chain: enough electors for every urn to get online and postal ballots, dual votes and a
 * seat outcome of its own; each online vote is encrypted and proven, then checked, on the CPU (about 0.1 s
 * each), which is most of this test's cost: scale is measured by bench/, not here.
 */
const ELECTORS = 150;
const ONLINE = 100;
const DUAL = 25;
const POSTAL = 50;

const t0 = Date.now();
const T = (what: string) => { if (process.env.CHAIN_TIMING) process.stderr.write(`${what} ${Date.now() - t0} ms\n`); };

describe('the whole chain: station, platform, unsealing, results and PV [postgres]', () => {
  let station: TestDatabase;
  let platformDb: Db;
  let dropPlatform: () => Promise<void>;
  let f: Fixture;

  beforeAll(async () => {
    station = await createTestDatabase('postgres');
    const server = await createServerDatabase();
    platformDb = await openPlatformDatabase({ url: server.url });
    dropPlatform = async () => { await platformDb.close(); await server.drop(); };
  }, 60_000);
  afterAll(async () => {
    await f?.station.close();
    await dropPlatform?.();
    await station?.drop();
  });

  test(`${ELECTORS} electors, ${ONLINE} online votes, ${DUAL + POSTAL} envelopes (${DUAL} dual votes): every count and seat as cast, signed PV`, async () => {
    // Station: roll of the electors and candidates validated.
    f = await startFixture(station.db);
    for (const login of ['cle2', 'cle3']) await createTestUser(station.db, login, ['key_holder']);
    await setUpElection(f, { voters: ELECTORS, until: 'LISTS_VALIDATED' });

    T('station set up');
    // Platform loaded from the station, with the key of a three-holder ceremony.
    const exported = await exportFromStation(station.db);
    if (!exported.ok) throw new Error(exported.error.join('\n'));
    const file = exported.value;
    expect(file.voters).toHaveLength(ELECTORS);
    const ceremony = testCeremony(file.electionCode);
    const loaded = await loadPlatform(platformDb, file, ceremony.key);
    if (!loaded.ok) throw new Error(loaded.error.join('\n'));

    // The station is sealed with the platform's key.
    const president = await f.client('president');
    await expectOk(president.post('/api/certificate', { passphrase: CERT_PASSPHRASE }), 'certificat');
    await expectOk(president.post('/api/election/transition', { to: 'SEALED', platformPublicKey: loaded.value.platformPublicKey }), 'scellement');

    // Credentials without scrypt: the letters are tested elsewhere, and one hash per elector would only cost time here.
    await platformDb.query("UPDATE voter_file.voter SET identifier = 'i' || id, password_hash = 'x'");
    const admin = await addStaff(platformDb, { login: 'admin', displayName: 'Admin', role: 'admin', password: 'phare-ouverture-2026' });
    if (!admin.ok) throw new Error(admin.error.message);
    expect((await openVote(platformDb, admin.value)).ok).toBe(true);

    // ONLINE rights vote online, during the vote (the platform's clock is an hour before the closing).
    let clock = new Date(new Date(file.closesAt).getTime() - 3600_000);
    const ctx = createContext(platformDb, () => clock, {}, { size: 1 });
    const election = (await ctx.election())!;
    const rights: Right[] = file.voters.flatMap((v) => v.rights.filter((r) => !r.withdrawn).map((r) => ({ ...r, voterId: v.id })));
    expect(rights.length).toBeGreaterThanOrEqual(ONLINE + POSTAL);
    const online = rights.slice(0, ONLINE);
    const marksCast = new Map<string, number[][]>(file.urns.map((u) => [u.id, []]));
    const urnsOf = (r: Right) => file.urns.filter((u) => u.categoryCode === r.categoryCode && u.subcategoryCode === r.subcategoryCode);
    const fingerprints: string[] = [];
    for (const r of online) {
      const choices = urnsOf(r).map((u) => {
        const cast = marksCast.get(u.id)!;
        const marks = marksFor(cast.length, u.candidates.length, u.seats);
        cast.push(marks);
        return { urnId: u.id, marks };
      });
      const receipt = await castVote(ctx, r.voterId, { rightId: r.id, ballots: encryptForUrns(election, ceremony.key, choices) });
      if (!receipt.ok) throw new Error(receipt.error.message);
      fingerprints.push(...receipt.value.ballots.map((b) => b.fingerprint));
    }
    T('online votes');
    // A second vote with the same right is refused.
    const again = await castVote(ctx, online[0]!.voterId, { rightId: online[0]!.id, ballots: [] });
    expect(again.ok ? null : again.error.code).toBe('ALREADY_VOTED');

    // The station closes; the platform closes after the closing time: urn + signed emargement + closing seal.
    await expectOk(president.post('/api/election/transition', { to: 'VOTE_CLOSED' }), 'clôture');
    clock = new Date(new Date(file.closesAt).getTime() + 60_000);
    const closed = await closeVote(ctx, admin.value);
    if (!closed.ok) throw new Error(closed.error.message);
    const ballotCount = [...marksCast.values()].reduce((n, m) => n + m.length, 0);
    expect(closed.value.seal).toMatchObject({ ballotCount, emargementCount: ONLINE });
    expect(verifyClosingSeal(closed.value.seal, loaded.value.platformPublicKey)).toBe(true);
    // Every receipt's fingerprint designates a ballot of the closed urn.
    const inUrn = new Set(closed.value.urn.trimEnd().split('\n').slice(1, -1).map((line) => ballotHash(line)));
    expect(fingerprints.filter((fp) => !inUrn.has(fp))).toEqual([]);
    expect(inUrn.size).toBe(ballotCount);
    T('close');

    // The station imports the emargement (it checks the platform's signature against the key of the seal).
    await expectOk(president.post('/api/electronic-emargement', { file: closed.value.emargement, signature: closed.value.emargementSignature }), 'émargement électronique');

    // DUAL envelopes from rights that voted online, POSTAL from rights that did not.
    const { rows } = await station.db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right');
    const barcodes = new Map(rows.map((r) => [Number(r.id), r.barcode]));
    const dual = online.filter((_, i) => i % 4 === 1).slice(0, DUAL);
    const postal = rights.slice(ONLINE, ONLINE + POSTAL);
    expect([dual.length, postal.length]).toEqual([DUAL, POSTAL]);
    const agent = await f.client('numerisation', 'POSTE-01');
    const verdicts = new Map<string, number>();
    for (const r of [...dual, ...postal].sort((a, b) => a.id - b.id)) {
      const answer = await expectOk(agent.post<{ verdict: string }>('/api/scans', { requestId: newRequestId(), barcode: barcodes.get(r.id)! }), 'scan');
      verdicts.set(answer.verdict, (verdicts.get(answer.verdict) ?? 0) + 1);
    }
    expect(Object.fromEntries(verdicts)).toEqual({ ELECTRONIC_PRIORITY: DUAL, ACCEPTED: POSTAL });
    await expectOk(president.post('/api/president/confirm', { batch: { verdict: 'ELECTRONIC_PRIORITY', expectedCount: DUAL } }), 'confirmation');

    T('scans');
    // Counting: both tellers enter the postal urns, the president validates.
    await expectOk(president.post('/api/election/transition', { to: 'COUNTING' }), 'dépouillement');
    const tellers = [await f.client('assesseur'), await f.client('assesseur2')];
    const { urns: counting } = await expectOk(president.get<{ urns: UrnStatus[] }>('/api/counting'), 'état');
    const expectedEnvelopes = new Map(file.urns.map((u) => [u.id, postal.filter((r) => urnsOf(r).some((x) => x.id === u.id)).length]));
    const sheets = new Map<string, ReturnType<typeof sheetFor>>();
    for (const urn of counting) {
      expect(urn.envelopesAccepted).toBe(expectedEnvelopes.get(urn.urnId));
      const sheet = sheetFor(urn);
      sheets.set(urn.urnId, sheet);
      for (const t of tellers) await expectOk(t.post('/api/counting/sheets', { urnId: urn.urnId, sheet }), `saisie ${urn.urnId}`);
      await expectOk(president.post('/api/counting/validate', { urnId: urn.urnId }), `validation ${urn.urnId}`);
    }

    T('sheets');
    // Unsealing of the platform's urn at the station with holders 1 and 3.
    const holder1 = await f.client('cle1');
    const opened = await expectOk(holder1.request<UnsealingStatus>('POST', '/api/unseal/urn', closed.value.urn, { 'Content-Type': 'application/x-ndjson' }), 'urne');
    expect(opened.integrity).toMatchObject({ valid: true, ballotCount });
    await expectOk(holder1.post('/api/unseal/contributions', { share: ceremony.vaults[0], passphrase: ceremony.passphrases[0] }), 'détenteur 1');
    const holder3 = await f.client('cle3');
    const combined = await expectOk(holder3.post<UnsealingStatus>('/api/unseal/contributions', { share: ceremony.vaults[2], passphrase: ceremony.passphrases[2] }), 'détenteur 3');
    expect(combined.state).toBe('COMBINED');
    expect(combined.tally?.holders).toEqual([1, 3]);

    T('unsealing');
    // Results: every count and seat against the votes cast.
    const results = await expectOk(president.get<{ complete: boolean; contests: { urns: ResultUrn[] }[] }>('/api/results'), 'résultats');
    expect(results.complete).toBe(true);
    const byId = new Map(results.contests.flatMap((c) => c.urns).map((u) => [u.id, u]));
    expect(byId.size).toBe(file.urns.length);
    for (const u of file.urns) {
      const shown = byId.get(u.id)!;
      const cast = marksCast.get(u.id)!;
      const sheet = sheets.get(u.id)!;
      expect([shown.electronic.ballots, shown.electronic.blank]).toEqual([cast.length, cast.filter((m) => m.length === 0).length]);
      expect([shown.postal.ballots, shown.postal.blank]).toEqual([expectedEnvelopes.get(u.id), 0]);
      expect(shown.combined.ballots).toBe(cast.length + expectedEnvelopes.get(u.id)!);
      const expectedVotes = u.candidates.map((c, i) => {
        const electronic = cast.filter((m) => m.includes(i)).length;
        const postalVotes = sheet.votes[String(c.id)] ?? 0;
        return { id: String(c.id), electronic, postal: postalVotes, combined: electronic + postalVotes };
      });
      for (const e of expectedVotes) expect(shown.candidates.find((c) => c.id === e.id)).toMatchObject(e);
      // Seats: the most votes, the elder first on a tie.
      const ranked = [...shown.candidates].sort((a, b) => b.combined - a.combined || a.birthDate.localeCompare(b.birthDate));
      const winners = ranked.slice(0, u.seats).map((c) => c.id).sort();
      expect([...shown.elected].sort()).toEqual(winners);
      expect(shown.candidates.filter((c) => c.elected).map((c) => c.id).sort()).toEqual(winners);
    }

    T('results');
    // Proclamation and the signed PV, whose embedded results are those on screen.
    const documents = await proclaimAndFreeze(president);
    const verified = await verifyReportPdf(documents.pdf);
    if (!verified.ok) throw new Error(JSON.stringify(verified.error));
    const pv = verified.value.results;
    expect(pv.participation).toMatchObject({ postalAccepted: POSTAL, electronicVoters: ONLINE });
    expect(pv.dualVotes).toHaveLength(DUAL);
    expect(pv.seal.platformKeyFingerprint).toBe(loaded.value.platformKeyFingerprint);
    for (const urn of pv.contests.flatMap((c) => c.urns)) {
      const shown = byId.get(urn.code)!;
      expect([urn.electronic.ballots, urn.postal.ballots, urn.combined.ballots]).toEqual([shown.electronic.ballots, shown.postal.ballots, shown.combined.ballots]);
      expect(urn.candidates.filter((c) => c.elected).map((c) => c.id).sort()).toEqual([...shown.elected].sort());
    }
  }, 600_000); // online votes encrypted and proven on the CPU (200 took ≈170 s at load 5–9 in CI): a busy machine slows it, never fails it
});
