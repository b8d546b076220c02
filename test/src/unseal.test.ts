import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { hexToBytes } from '@noble/hashes/utils.js';
import { checkUrnLines, sealBallotLines, verifyTally, type ElectionManifest, type UrnHeader } from '@scrutin/evote';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { CEREMONY_FILE_NAMES } from '@scrutin/evote/ceremony-record.js';
import { runCli } from '@scrutin/station/cli/main.js';
import type { CliEnv } from '@scrutin/server-kit/cli.js';
import { encodeScalar } from '@scrutin/evote/group.js';
import type { UnsealingStatus } from '@scrutin/contract/counting-types.js';
import { loadSession, stationManifest } from '@scrutin/station/counting/unseal.js';
import { combineSession, partialFromShare } from '@scrutin/station/counting/unseal-compute.js';
import { expectedFor, makeUrnLines, testCeremony, type ExpectedUrn, type TestCeremony } from '@scrutin/station/testing';
import { verifyJournal } from '@scrutin/station/journal/verify.js';
import { loadUrnBases } from '@scrutin/station/results/results.js';
import type { UrnBase } from '@scrutin/contract/results-types.js';
import { generatePlatformKey } from '@scrutin/contract/electronic-emargement.js';
import { timeZoneOf } from '@scrutin/contract/election-definition.js';
import { formatInstant } from '@scrutin/basics/calendar.js';
import { createTestUser, databaseKinds, describeEachDatabase, PASSWORD, startFixture, type ApiClient, type Fixture } from './index.js';
import { expectOk, openCounting } from './counting-flow.js';

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/;
type Refusal = { error: { code: string; message: string; details?: string[] } };
type Results = { contests: { urns: { id: string; electronic: { ballots: number; blank: number }; status: { electronicLoaded: boolean }; candidates: { id: string; electronic: number }[] }[] }[] };

describeEachDatabase('unsealing of the electronic urn at the station (art. 12, invariants 5 and 7)', (get, kind) => {
  let f: Fixture;
  let bases: UrnBase[];
  let manifest: ElectionManifest;
  let ceremony: TestCeremony;
  let expected: ExpectedUrn[];
  let urnText: string;
  let holder1: ApiClient;
  let viewer: ApiClient;
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-unseal-'));

  const cli = async (args: string[], as?: string) => {
    let out = '';
    let errText = '';
    const env: CliEnv = { out: (t) => (out += t), err: (t) => (errText += t), cwd: dir, env: { SCRUTIN_PASSWORD: PASSWORD }, db: async () => get().db, inStation: false };
    const code = await runCli([...args, ...(as ? ['--as', as] : [])], env);
    return { code, out, err: errText };
  };
  const lines = (perUrn: Record<string, number>, m = manifest, platform: { publicKey: string; secretKey: string } = f.platformKey) => makeUrnLines(m, ceremony.key, perUrn, platform).join('\n') + '\n';
  // Long computations block the event loop that the in-process station shares: let it close its idle
  // keep-alive sockets before the next request, or fetch may reuse one that is being closed (ECONNRESET).
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
  const partialEntries = async () => (await get().db.query<{ n: number }>("SELECT count(*)::int AS n FROM journal WHERE action = 'unseal.partial'")).rows[0]!.n;

  beforeAll(async () => {
    f = await startFixture(get().db);
    for (const login of ['cle2', 'cle3']) await createTestUser(get().db, login, ['key_holder']);
    ceremony = testCeremony(f.definition.code);
    await openCounting(f, get().db);
    bases = await loadUrnBases(get().db);
    manifest = stationManifest(f.definition.code, bases);
    const perUrn = Object.fromEntries(bases.map((b) => [b.id, b.electronicVoters]));
    expected = expectedFor(manifest, perUrn);
    urnText = lines(perUrn);
    writeFileSync(join(dir, 'urne.jsonl'), urnText);
    ceremony.vaults.forEach((v, i) => {
      writeFileSync(join(dir, `part-${i + 1}.json`), JSON.stringify(v));
      writeFileSync(join(dir, `phrase-${i + 1}.txt`), ceremony.passphrases[i]! + '\n');
    });
    await settle();
    holder1 = await f.client('cle1');
    viewer = await f.client('observateur');
  }, 240_000);
  afterAll(async () => {
    await f.station.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the emargement gives electronic ballots in several urns, with blanks and several marks (so the test can fail)', () => {
    expect(expected.filter((u) => u.ballots > 0).length).toBeGreaterThanOrEqual(2);
    expect(expected.reduce((n, u) => n + u.ballots, 0)).toBe(bases.reduce((n, b) => n + b.electronicVoters, 0));
    expect(expected.some((u) => u.votes.reduce((a, b) => a + b, 0) > u.ballots - u.blank)).toBe(true);
  });

  /** The urn with its first ballot's first ciphertext replaced by the second ballot's: refused (proof, Merkle root). */
  const tamperedUrn = () => {
    const urnLines = urnText.trimEnd().split('\n');
    const ballot = JSON.parse(urnLines[1]!) as { choices: { a: string }[] };
    ballot.choices[0]!.a = (JSON.parse(urnLines[2]!) as { choices: { a: string }[] }).choices[0]!.a;
    return [urnLines[0], JSON.stringify(ballot), ...urnLines.slice(2)].join('\n') + '\n';
  };

  test('a tampered urn is refused at opening and changes nothing, on each database', async () => {
    await settle();
    const open = await holder1.request<Refusal>('POST', '/api/unseal/urn', tamperedUrn());
    expect([open.status, open.body.error.code]).toEqual([422, 'URN_REJECTED']);
    expect((await expectOk(viewer.get<UnsealingStatus>('/api/unseal'), 'état')).state).toBe('NO_URN');
  });

  // Ten tampered urns, each checked then refused at opening: the urn check reads nothing from the database
  // but the platform key recorded at sealing (one query, the same on both), and a refused opening writes
  // nothing (the test above, on each database), so the cases run on one kind of database, the last one this
  // run has (PostgreSQL in CI), instead of costing a minute and more on each.
  if (kind === databaseKinds().at(-1)) {
    test('public integrity check: the urn passes; a tampered urn, another platform key, another count or other candidates are rejected and change nothing', async () => {
      const good = await expectOk(viewer.request<{ integrity: { valid: boolean; ballotCount: number; problems: string[] } }>('POST', '/api/unseal/check', urnText, { 'Content-Type': 'application/x-ndjson' }), 'contrôle');
      expect(good.integrity).toMatchObject({ valid: true, ballotCount: expected.reduce((n, u) => n + u.ballots, 0), problems: [] });

      const urnLines = urnText.trimEnd().split('\n');
      const tampered = tamperedUrn();
      const firstUrn = bases.find((b) => b.electronicVoters > 0)!;
      // Issue 13: a copy of a ballot in place of another of the same urn, re-sealed by the platform. The
      // counts stay equal to the emargement, so only « one accepted line per ballot » can refuse it.
      const body = urnLines.slice(1, -1);
      const urnIdOf = (l: string) => (JSON.parse(l) as { urnId: string }).urnId;
      const source = body.findIndex((l, i) => body.some((m, j) => j !== i && urnIdOf(m) === urnIdOf(l)));
      const twin = body.findIndex((l, i) => i !== source && urnIdOf(l) === urnIdOf(body[source]!));
      const reseal = (replacement: string) =>
        sealBallotLines(JSON.parse(urnLines[0]!) as UrnHeader, body.map((l, i) => (i === twin ? replacement : l)).map((line) => ({ line, urnId: urnIdOf(line) })), new Date(), hexToBytes(f.platformKey.secretKey)).join('\n') + '\n';
      const copy = JSON.parse(body[source]!) as { choices: Record<string, unknown>[] } & Record<string, unknown>;
      const inChoice = structuredClone(copy);
      inChoice.choices[0]!.replay = 1;
      const badProof = JSON.parse(body[source]!) as { blankProof: { z: string[] } };
      badProof.blankProof.z = [...badProof.blankProof.z].reverse();
      const otherElection = makeUrnLines({ ...manifest, electionCode: 'AUTRE-2026' }, ceremony.key, { [urnIdOf(body[source]!)]: 1 }, f.platformKey);
      const wrongCandidates: ElectionManifest = { ...manifest, urns: manifest.urns.map((u) => (u.id === firstUrn.id ? { ...u, candidates: [...u.candidates].reverse() } : u)) };
      const cases: [string, string, RegExp][] = [
        ['altérée', tampered, /Bulletin n° 1 rejeté|racine de Merkle/],
        ['autre clé', lines(Object.fromEntries(bases.map((b) => [b.id, b.electronicVoters])), manifest, generatePlatformKey()), /autre clé .* enregistrée au scellement/],
        ['invariant 5', lines(Object.fromEntries(bases.map((b) => [b.id, b.electronicVoters + (b.id === firstUrn.id ? 1 : 0)]))), /invariant 5/],
        ['candidats', lines(Object.fromEntries(bases.map((b) => [b.id, b.electronicVoters])), wrongCandidates), /candidat n° 1/],
        ['rejoué, champ ajouté', reseal(canonicalJson({ ...copy, replay: 1 })), /Bulletin n° \d+ rejeté : bulletin mal formé : .*« replay »/],
        ['rejoué, champ dans choices[0]', reseal(canonicalJson(inChoice)), /Bulletin n° \d+ rejeté : bulletin mal formé : .*« replay ».*choices\.0/],
        ['rejoué, espaces', reseal(JSON.stringify(copy, null, 1).replace(/\n/g, '')), /Bulletin n° \d+ rejeté : bulletin non canonique/],
        ['doublon', reseal(body[source]!), /Bulletin n° \d+ en double \(identique au bulletin n° \d+\)/],
        ['preuve altérée', reseal(canonicalJson(badProof)), /Bulletin n° \d+ rejeté : preuve/],
        ['bulletin d’une autre élection', reseal(otherElection[1]!), /Bulletin n° \d+ rejeté : preuve/],
      ];
      await settle();
      for (const [what, text, reason] of cases) {
        const r = await expectOk(viewer.request<{ integrity: { valid: boolean; problems: string[] } }>('POST', '/api/unseal/check', text), what);
        expect(r.integrity.valid).toBe(false);
        expect(r.integrity.problems.join('\n')).toMatch(reason);
        const open = await holder1.request<Refusal>('POST', '/api/unseal/urn', text);
        expect(open.status).toBe(422);
        expect(open.body.error.code).toBe('URN_REJECTED');
      }
      expect((await expectOk(viewer.get<UnsealingStatus>('/api/unseal'), 'état')).state).toBe('NO_URN');
      // The same check from the command line: exit 0 and « URNE INTÈGRE », exit 2 with the reasons otherwise.
      const checked = await cli(['unseal', 'check', 'urne.jsonl']);
      expect(checked.out).toMatch(/URNE INTÈGRE/);
      // The urn's closing time for a person in the election's zone with its offset (whatever TZ and PGOPTIONS say); --json keeps ISO.
      const { closedAt } = JSON.parse((await cli(['unseal', 'check', 'urne.jsonl', '--json'])).out) as { closedAt: string | null };
      expect(closedAt).toMatch(ISO_INSTANT);
      expect(checked.out).toContain(`clôture ${formatInstant(closedAt!, timeZoneOf(f.definition), { seconds: true })} ;`);
      expect(checked.out).not.toMatch(ISO_INSTANT);
      writeFileSync(join(dir, 'alteree.jsonl'), tampered);
      const rejected = await cli(['unseal', 'check', 'alteree.jsonl']);
      expect([rejected.code, rejected.out]).toEqual([2, expect.stringMatching(/URNE REJETÉE/)]);
      expect(rejected.err).toMatch(/racine de Merkle|Bulletin n° 1/);
      await cli(['unseal', 'manifest', '--out', 'manifest.json']);
      expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
      await settle();
      // A file that is not an urn at all.
      const junk = await viewer.request<Refusal>('POST', '/api/unseal/check', 'pas une urne\n');
      expect(junk.status).toBe(422);
      expect(junk.body.error.message).toMatch(/Urne illisible/);
    }, 240_000); // ten tampered urns, each checked then refused at opening: minutes on a loaded machine
  }

  test('one platform-key fingerprint (issue 13): « Préparation » and « Descellement » show the same, and the independent verifier accepts it', async () => {
    const sealed = await expectOk(viewer.get<{ seal: { platformKeyFingerprint: string } }>('/api/election'), 'élection');
    const checked = await expectOk(viewer.request<{ integrity: { platformKeyFingerprint: string } }>('POST', '/api/unseal/check', urnText), 'contrôle');
    expect(checked.integrity.platformKeyFingerprint).toBe(sealed.seal.platformKeyFingerprint);
    // The ceremony's public folder, as `scrutin-urn ceremony` writes it: the verifier requires it.
    const cer = join(dir, 'ceremonie');
    mkdirSync(cer, { recursive: true });
    const { files } = ceremony;
    writeFileSync(join(cer, CEREMONY_FILE_NAMES.ceremony), files.ceremony);
    writeFileSync(join(cer, CEREMONY_FILE_NAMES.electionKey), files.electionKey);
    writeFileSync(join(cer, CEREMONY_FILE_NAMES.journal), files.journal);
    [1, 2, 3].forEach((h, i) => {
      writeFileSync(join(cer, CEREMONY_FILE_NAMES.registration(h)), files.registrations[i]!);
      writeFileSync(join(cer, CEREMONY_FILE_NAMES.contribution(h)), files.contributions[i]!);
      writeFileSync(join(cer, CEREMONY_FILE_NAMES.finalization(h)), files.finalizations[i]!);
    });
    const bin = join(__dirname, '..', '..', 'verifier', 'bin', 'scrutin-verify-urn.js');
    const args = ['--urn', join(dir, 'urne.jsonl'), '--election-key', join(cer, CEREMONY_FILE_NAMES.electionKey), '--platform-key-fingerprint', sealed.seal.platformKeyFingerprint, '--workers', '0'];
    const verifier = await promisify(execFile)(bin, args, { env: { ...process.env, NODE_OPTIONS: '' } });
    expect(verifier.stdout).toMatch(/URNE INTÈGRE/);
    expect(verifier.stdout).toMatch(/CÉRÉMONIE DES CLÉS VÉRIFIÉE/);
    await settle();
  });

  test('one holder alone yields no count: the status and the results show nothing electronic', async () => {
    // A holder cannot contribute before an urn is loaded.
    const early = await holder1.post<Refusal>('/api/unseal/contributions', { share: ceremony.vaults[0], passphrase: ceremony.passphrases[0] });
    expect(early.body.error.code).toBe('NO_URN');
    const opened = await expectOk(holder1.request<UnsealingStatus>('POST', '/api/unseal/urn', urnText), 'chargement');
    expect(opened.state).toBe('AWAITING_HOLDERS');
    expect(opened.integrity?.valid).toBe(true);
    const after = await expectOk(holder1.post<UnsealingStatus>('/api/unseal/contributions', { share: ceremony.vaults[0], passphrase: ceremony.passphrases[0] }), 'détenteur 1');
    expect(after.state).toBe('AWAITING_HOLDERS');
    expect(after.contributions).toEqual([expect.objectContaining({ holder: 1, login: 'cle1', source: 'SHARE' })]);
    expect(after.tally).toBeNull();
    const results = await expectOk(viewer.get<Results>('/api/results'), 'résultats');
    for (const u of results.contests.flatMap((c) => c.urns)) {
      expect(u.status.electronicLoaded).toBe(false);
      expect(u.electronic.ballots).toBe(0);
    }
    expect((await get().db.query('SELECT * FROM electronic_tally')).rows).toEqual([]);
    const combine = await (await f.client('president')).post<Refusal>('/api/unseal/combine');
    expect(combine.body.error.code).toBe('NOT_ENOUGH_HOLDERS');
  });

  test('a wrong passphrase, a corrupted share, a forged partial, the same holder or the same account twice are refused in French, nothing recorded', async () => {
    const cle2 = await f.client('cle2');
    const before = await partialEntries();
    const wrong = await cle2.post<Refusal>('/api/unseal/contributions', { share: ceremony.vaults[1], passphrase: 'pas la bonne phrase secrète' });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'WRONG_PASSPHRASE']);
    expect(wrong.body.error.message).toMatch(/Phrase secrète incorrecte/);
    const vault = ceremony.vaults[1]!;
    const corrupted = { ...vault, ciphertext: vault.ciphertext.slice(0, 10) + (vault.ciphertext[10] === 'A' ? 'B' : 'A') + vault.ciphertext.slice(11) };
    expect((await cle2.post<Refusal>('/api/unseal/contributions', { share: corrupted, passphrase: ceremony.passphrases[1] })).body.error.code).toBe('WRONG_PASSPHRASE');
    const fromOtherCeremony = testCeremony(f.definition.code);
    await settle();
    expect((await cle2.post<Refusal>('/api/unseal/contributions', { share: fromOtherCeremony.vaults[1], passphrase: fromOtherCeremony.passphrases[1] })).body.error.code).toBe('WRONG_CEREMONY');
    // A partial for holder 2 forged from holder 1's values: its proofs are against the wrong key.
    const { session, partials } = await loadSession(get().db);
    const forged = { ...partials[0]!.partial, holder: 2 };
    const refused = await cle2.post<Refusal>('/api/unseal/contributions', { partial: forged });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'FORGED_PARTIAL']);
    expect(refused.body.error.message).toMatch(/preuve .* invalide/);
    expect((await cle2.post<Refusal>('/api/unseal/contributions', { share: ceremony.vaults[0], passphrase: ceremony.passphrases[0] })).body.error.code).toBe('HOLDER_ALREADY_CONTRIBUTED');
    expect((await holder1.post<Refusal>('/api/unseal/contributions', { share: ceremony.vaults[1], passphrase: ceremony.passphrases[1] })).body.error.code).toBe('ACCOUNT_ALREADY_CONTRIBUTED');
    // Neither a teller nor a member may bring a share.
    expect((await (await f.client('assesseur')).post<Refusal>('/api/unseal/contributions', { share: vault, passphrase: ceremony.passphrases[1] })).status).toBe(403);
    expect(await partialEntries()).toBe(before);
    expect(session).not.toBeNull();
  });

  test('holders 1 and 3 (the second from the command line) give the known distribution, which enters the results', async () => {
    const refused = await cli(['unseal', 'contribute', 'urne.jsonl', '--share', 'part-3.json', '--passphrase-file', 'phrase-1.txt'], 'cle3');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Phrase secrète incorrecte/);
    const r = await cli(['unseal', 'contribute', 'urne.jsonl', '--share', 'part-3.json', '--passphrase-file', 'phrase-3.txt', '--json'], 'cle3');
    expect(r.err).toBe('');
    const status = JSON.parse(r.out) as UnsealingStatus;
    expect(status.state).toBe('COMBINED');
    expect(status.tally?.holders).toEqual([1, 3]);
    for (const e of expected) {
      const shown = status.tally!.urns.find((u) => u.urnId === e.urnId)!;
      expect({ urnId: shown.urnId, ballots: shown.ballots, blank: shown.blank, votes: shown.candidates.map((c) => c.votes) }).toEqual(e);
    }
    await settle();
    const results = await expectOk(viewer.get<Results>('/api/results'), 'résultats');
    const byUrn = new Map(results.contests.flatMap((c) => c.urns).map((u) => [u.id, u]));
    for (const e of expected) {
      const u = byUrn.get(e.urnId)!;
      expect(u.status.electronicLoaded).toBe(true);
      expect([u.electronic.ballots, u.electronic.blank]).toEqual([e.ballots, e.blank]);
      const base = bases.find((b) => b.id === e.urnId)!;
      expect(base.candidates.map((c) => u.candidates.find((x) => x.id === c.id)!.electronic)).toEqual(e.votes);
    }
    const { rows } = await get().db.query<{ source: string; file_sha256: string }>('SELECT source, file_sha256 FROM electronic_tally_import');
    expect(rows[0]?.source).toBe('UNSEALING');
    const human = await cli(['unseal', 'status']);
    expect(human.out).toMatch(/descellement terminé/);
    // Each holder's time in the election's zone with its offset, as `unseal contribute` and `combine` print it too.
    for (const c of status.contributions) expect(human.out).toContain(`détenteur ${c.holder} : ${c.login}, le ${formatInstant(c.at, timeZoneOf(f.definition), { seconds: true })}`);
    expect(status.contributions.map((c) => c.holder)).toEqual([1, 3]);
    expect(human.out).not.toMatch(ISO_INSTANT);
    // Done: a third holder is refused.
    expect((await (await f.client('cle2')).post<Refusal>('/api/unseal/contributions', { share: ceremony.vaults[1], passphrase: ceremony.passphrases[1] })).body.error.code).toBe('ALREADY_IMPORTED');
  });

  test('the published tally verifies against the urn with evote’s verifier; no share or passphrase is stored; the journal verifies', async () => {
    const tally = await expectOk(viewer.get('/api/unseal/tally'), 'dépouillement');
    const checked = checkUrnLines(readFileSync(join(dir, 'urne.jsonl'), 'utf8').split('\n'));
    if (!checked.ok) throw new Error(checked.error);
    expect(verifyTally(checked.value.verified, checked.value.check, tally).ok).toBe(true);
    const { rows } = await get().db.query<{ payload: string }>('SELECT payload::text AS payload FROM journal');
    const everything = rows.map((r) => r.payload).join('\n');
    for (let h = 0; h < 3; h++) {
      expect(everything).not.toContain(ceremony.passphrases[h]!);
      expect(everything).not.toContain(encodeScalar(ceremony.shares[h]!));
      expect(everything).not.toContain(ceremony.vaults[h]!.ciphertext);
    }
    expect(everything).toContain('scrutin-partial-decryption/1');
    expect((await verifyJournal(get().db)).problems).toEqual([]);
  });
  test('pairs (1,2) and (2,3) give the same tally as (1,3) from the journaled partials', async () => {
    const { session, partials } = await loadSession(get().db);
    expect(partials.map((p) => p.holder)).toEqual([1, 3]);
    const second = partialFromShare(session!, ceremony.vaults[1], ceremony.passphrases[1]!);
    if (!second.ok) throw new Error(second.error.message);
    const [p1, p3] = [partials[0]!.partial, partials[1]!.partial];
    const tallies = [[p1, p3], [p1, second.value], [second.value, p3]].map((pair) => {
      const t = combineSession(session!, pair);
      if (!t.ok) throw new Error(t.error.join('\n'));
      return t.value.urns;
    });
    for (const t of tallies) expect(t).toEqual(expected);
  });

});
