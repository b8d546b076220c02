import fc from 'fast-check';
import { checkUrnLines, type PartialDecryption } from '@scrutin/evote';
import { encodeAggregates } from '@scrutin/evote/tally.js';
import type { UrnBase } from '@scrutin/contract/results-types.js';
import { generatePlatformKey } from '@scrutin/contract/electronic-emargement.js';
import { emargementProblems, manifestProblems, stationManifest } from './unseal.js';
import { checkPartial, combineSession, partialFromShare, type UnsealingSession } from './unseal-compute.js';
import { expectedFor, makeUrnLines, marksFor, testCeremony } from '../testing/unseal.js';

const CODE = 'CCI-TEST-UNSEAL';

const base = (id: string, seats: number, names: string[], electronicVoters: number): UrnBase => ({
  id,
  contestCode: id.split('-')[0]!,
  categoryCode: id.split('-')[1]!,
  subcategoryCode: null,
  label: id,
  seats,
  registeredRights: 100,
  envelopesAccepted: 0,
  electronicVoters,
  candidates: names.map((n, i) => ({ id: String(10 + i), lastName: n.toUpperCase(), firstNames: 'Camille', birthDate: '1970-01-01', sex: 'F' })),
});

const BASES = [base('CCIR-COM', 3, ['Alpha', 'Bravo', 'Charlie', 'Delta'], 7), base('CCIT-IND', 1, ['Echo', 'Foxtrot'], 5), base('CCIT-SER', 2, ['Golf', 'Hotel', 'India'], 0)];
const PER_URN = Object.fromEntries(BASES.map((b) => [b.id, b.electronicVoters]));

function sessionOf(lines: string[]): UnsealingSession {
  const r = checkUrnLines(lines);
  if (!r.ok) throw new Error(r.error);
  const { verified, check } = r.value;
  if (!check.valid) throw new Error(check.problems.join('\n'));
  return {
    fileSha256: '0'.repeat(64),
    header: verified.header,
    merkleRoot: check.merkleRoot,
    ballotCount: check.ballotCount,
    perUrn: check.perUrn,
    closedAt: check.closedAt,
    aggregates: encodeAggregates(check.aggregates),
    integrity: { valid: true, electionCode: CODE, manifestFingerprint: verified.header.manifestFingerprint, merkleRoot: check.merkleRoot, ballotCount: check.ballotCount, voteClosesAt: check.closedAt ?? '', closedAt: check.closedAt, platformKeyFingerprint: '', fileSha256: '', urns: [], problems: [] },
  };
}

describe('urn layout against the station', () => {
  const manifest = stationManifest(CODE, BASES);

  test('the station’s own manifest matches; names are compared without case or spacing differences', () => {
    expect(manifestProblems(CODE, BASES, manifest)).toEqual([]);
    const loose = { ...manifest, urns: manifest.urns.map((u) => ({ ...u, candidates: u.candidates.map((c) => ` ${c.toLowerCase()}  `) })) };
    expect(manifestProblems(CODE, BASES, loose)).toEqual([]);
    const byId = { ...manifest, urns: manifest.urns.map((u, i) => ({ ...u, candidates: BASES[i]!.candidates.map((c) => c.id) })) };
    expect(manifestProblems(CODE, BASES, byId)).toEqual([]);
  });

  test('another election, order, seats, candidate count or urn set is refused with a French message', () => {
    expect(manifestProblems('AUTRE', BASES, manifest)[0]).toMatch(/le poste dépouille AUTRE/);
    const swapped = { ...manifest, urns: manifest.urns.map((u, i) => (i === 0 ? { ...u, candidates: [u.candidates[1]!, u.candidates[0]!, ...u.candidates.slice(2)] } : u)) };
    expect(manifestProblems(CODE, BASES, swapped).join('\n')).toMatch(/candidat n° 1/);
    const seats = { ...manifest, urns: manifest.urns.map((u, i) => (i === 1 ? { ...u, seats: 2 } : u)) };
    expect(manifestProblems(CODE, BASES, seats).join('\n')).toMatch(/CCIT-IND : 2 siège/);
    const fewer = { ...manifest, urns: manifest.urns.map((u, i) => (i === 2 ? { ...u, candidates: u.candidates.slice(1) } : u)) };
    expect(manifestProblems(CODE, BASES, fewer).join('\n')).toMatch(/2 candidats dans l’urne, 3/);
    const missing = { ...manifest, urns: [...manifest.urns.slice(1), { id: 'X', label: 'X', seats: 1, candidates: ['Y'] }] };
    const problems = manifestProblems(CODE, BASES, missing).join('\n');
    expect(problems).toMatch(/CCIR-COM .* absente/);
    expect(problems).toMatch(/« X » du fichier inconnue/);
  });

  test('invariant 5 is checked per urn before any decryption', () => {
    expect(emargementProblems(BASES, PER_URN)).toEqual([]);
    expect(emargementProblems(BASES, { ...PER_URN, 'CCIT-IND': 6 })).toEqual(['Urne CCIT-IND : 6 bulletin(s) dans l’urne pour 5 émargement(s) électronique(s) (invariant 5).']);
  });
});

describe('unsealing with two of three holders (invariant 7)', () => {
  const ceremony = testCeremony(CODE);
  const manifest = stationManifest(CODE, BASES);
  const platform = generatePlatformKey();
  const session = sessionOf(makeUrnLines(manifest, ceremony.key, PER_URN, platform));
  const expected = expectedFor(manifest, PER_URN);
  const partials: PartialDecryption[] = [1, 2, 3].map((h) => {
    const p = partialFromShare(session, ceremony.vaults[h - 1], ceremony.passphrases[h - 1]!);
    if (!p.ok) throw new Error(p.error.message);
    return p.value;
  });

  test('the known distribution has blanks and multi-mark ballots (so the test can fail)', () => {
    expect(expected.find((u) => u.urnId === 'CCIR-COM')).toEqual({ urnId: 'CCIR-COM', ballots: 7, blank: 1, votes: [1, 3, 2, 3] });
    expect(marksFor(0, 4, 3)).toEqual([0, 1]);
  });

  test.each([[1, 2], [1, 3], [2, 3], [3, 1]])('holders %i and %i give the known tally', (a, b) => {
    const tally = combineSession(session, [partials[a - 1]!, partials[b - 1]!]);
    if (!tally.ok) throw new Error(tally.error.join('\n'));
    expect(tally.value.urns).toEqual(expected);
    expect(tally.value.holders).toEqual([a, b].sort());
  });

  test('one partial, or the same holder twice, yields no count at all', () => {
    const one = combineSession(session, [partials[0]!]);
    expect(one.ok).toBe(false);
    if (!one.ok) expect(one.error[0]).toMatch(/deux déchiffrements partiels/);
    const twice = combineSession(session, [partials[1]!, partials[1]!]);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error[0]).toMatch(/même détenteur/);
  });

  test('a wrong passphrase opens nothing', () => {
    const r = partialFromShare(session, ceremony.vaults[0], 'phrase secrète du détenteur 2');
    expect(r).toEqual({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: expect.stringMatching(/Phrase secrète incorrecte/) } });
  });

  test('a corrupted share file is refused: altered ciphertext, or a well-sealed wrong value caught by the verification key', () => {
    const vault = ceremony.vaults[2]!;
    const flipped = { ...vault, ciphertext: (vault.ciphertext[0] === 'A' ? 'B' : 'A') + vault.ciphertext.slice(1) };
    expect(partialFromShare(session, flipped, ceremony.passphrases[2]!).ok).toBe(false);
    // Holder 3's label with holder 1's share inside, sealed with holder 3's passphrase: the vault opens, the value is wrong.
    const other = testCeremony(CODE);
    const wrongValue = { ...other.vaults[0]!, label: vault.label };
    const resealed = partialFromShare(session, wrongValue, other.passphrases[0]!);
    expect(resealed.ok).toBe(false);
    const fake = testCeremony(CODE);
    const r = partialFromShare(session, fake.vaults[0], fake.passphrases[0]!);
    expect(r.ok ? null : r.error.code).toBe('WRONG_CEREMONY');
    expect(partialFromShare(session, { format: 'autre' }, 'x').ok).toBe(false);
  });

  test('a forged partial fails its proof, whatever value is changed (property)', () => {
    const flat = partials[0]!.urns.flatMap((u, ui) => u.shares.map((_, si) => [ui, si] as const));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: flat.length - 1 }), fc.integer({ min: 0, max: flat.length - 1 }), (i, j) => {
        fc.pre(i !== j);
        const [ui, si] = flat[i]!;
        const [uj, sj] = flat[j]!;
        const forged = structuredClone(partials[0]!);
        // Values copied from elsewhere in the same partial: valid points, wrong place.
        const source = partials[0]!.urns[uj]!.shares[sj]!.value;
        fc.pre(source !== forged.urns[ui]!.shares[si]!.value);
        forged.urns[ui]!.shares[si]!.value = source;
        const r = checkPartial(session, forged);
        expect(r.ok ? null : r.error.code).toBe('FORGED_PARTIAL');
      }),
      { numRuns: 20 },
    );
    const otherHolder = { ...partials[0]!, holder: 2 };
    expect(checkPartial(session, otherHolder).ok).toBe(false);
    expect(checkPartial(session, partials[2]).ok).toBe(true);
  });
});
