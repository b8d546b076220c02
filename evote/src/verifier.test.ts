import { runCeremony, MANIFEST } from './fixtures.test-helpers.js';
import { makeHeader, sealUrn, generatePlatformKey, ballotLine } from './urn.js';
import { encryptTestBallots, expectedTally } from './test-urn.js';
import { encryptBallot, encryptValues } from './ballot.js';
import { decodePoint, encodePoint, G } from './group.js';
import { checkUrnLines, verifyTally } from './verifier.js';
import { partialDecrypt } from './tally.js';
import { buildElectronicTally } from './unseal.js';
import { canonicalJson } from './encoding.js';
import type { EncodedBallot, ElectronicTally, PartialDecryption } from './schemas.js';

const { key, shares } = runCeremony();
const platform = generatePlatformKey();
const header = makeHeader(MANIFEST, key, platform.publicKey);
const Y = decodePoint(key.publicKey);
const SEED = 'verifier-test';
const COUNT = 14;
const ballots = encryptTestBallots(MANIFEST, Y, header.manifestFingerprint, SEED, 0, COUNT);
const closedAt = new Date('2026-11-25T18:00:00Z');
const lines = sealUrn(header, ballots, closedAt, platform.secretKey);
const ctxFor = (urnIndex: number) => ({ publicKey: Y, manifestFingerprint: header.manifestFingerprint, urn: MANIFEST.urns[urnIndex]! });

function check(l: string[]) {
  const r = checkUrnLines(l);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function tallyWith(holders: [number, number]): ElectronicTally {
  const c = check(lines);
  const ctx = { electionCode: MANIFEST.electionCode, manifestFingerprint: header.manifestFingerprint, merkleRoot: c.check.merkleRoot };
  const partials = holders.map((h) => partialDecrypt(ctx, h, shares[h - 1]!, c.check.aggregates));
  const t = buildElectronicTally(c.verified, c.check, partials);
  if (!t.ok) throw new Error(t.error);
  return t.value;
}

describe('urn check and unsealing', () => {
  const good = check(lines);
  const tally13 = tallyWith([1, 3]);

  test('an honest urn passes, and the three pairs of holders give the expected tally', () => {
    expect(good.check.problems).toEqual([]);
    expect(good.check.valid).toBe(true);
    const expected = expectedTally(MANIFEST, SEED, COUNT);
    for (const pair of [[1, 2], [1, 3], [2, 3]] as [number, number][]) expect(tallyWith(pair).urns).toEqual(expected);
    expect(verifyTally(good.verified, good.check, tally13).ok).toBe(true);
  });

  test('blank ballots are counted apart from votes', () => {
    const blank = encryptBallot(ctxFor(0), []);
    const marked = encryptBallot(ctxFor(0), [0, 2]);
    if (!blank.ok || !marked.ok) throw new Error('chiffrement');
    const c = check(sealUrn(header, [blank.value, marked.value], closedAt, platform.secretKey));
    const ctx = { electionCode: MANIFEST.electionCode, manifestFingerprint: header.manifestFingerprint, merkleRoot: c.check.merkleRoot };
    const t = buildElectronicTally(c.verified, c.check, [partialDecrypt(ctx, 2, shares[1]!, c.check.aggregates), partialDecrypt(ctx, 3, shares[2]!, c.check.aggregates)]);
    expect(t.ok && t.value.urns[0]).toEqual({ urnId: 'CCIR-COM', ballots: 2, blank: 1, votes: [1, 0, 1, 0] });
  });

  test('the encryptor refuses more marks than seats, unknown and repeated candidates', () => {
    expect(encryptBallot(ctxFor(1), [0, 1])).toMatchObject({ ok: false, error: { code: 'TOO_MANY_MARKS' } });
    expect(encryptBallot(ctxFor(0), [9])).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CANDIDATE' } });
    expect(encryptBallot(ctxFor(0), [1, 1])).toMatchObject({ ok: false, error: { code: 'DUPLICATE_MARK' } });
  });

  test('rejects a modified ballot (one ciphertext swapped), sealed or not', () => {
    const target = lines[3]!;
    const parsed = JSON.parse(target) as EncodedBallot & { kind: string };
    const modified = { ...parsed, choices: [parsed.choices[1]!, parsed.choices[0]!, ...parsed.choices.slice(2)] };
    const unsealed = [...lines];
    unsealed[3] = canonicalJson(modified);
    const r1 = check(unsealed);
    expect(r1.check.valid).toBe(false);
    expect(r1.check.problems.join('\n')).toMatch(/Merkle|preuve/);
    // A dishonest platform re-seals after the change: the proofs still catch it.
    const { kind: _kind, ...ballot } = modified;
    const resealed = sealUrn(header, [...ballots.filter((_, i) => ballotLine(ballots[i]!) !== target), ballot], closedAt, platform.secretKey);
    const r2 = check(resealed);
    expect(r2.check.valid).toBe(false);
    expect(r2.check.problems.join('\n')).toMatch(/preuve/);
  });

  test('rejects a ballot with two marks where one seat exists, even sealed by the platform', () => {
    const twoMarks = encryptValues(ctxFor(1), [1, 1], 0);
    const r = check(sealUrn(header, [...ballots, twoMarks], closedAt, platform.secretKey));
    expect(r.check.valid).toBe(false);
    expect(r.check.problems).toHaveLength(1);
    expect(r.check.problems[0]).toMatch(/preuve/);
  });

  test('rejects a ballot marking a candidate twice over (value 2), and a blank that also votes', () => {
    expect(check(sealUrn(header, [encryptValues(ctxFor(0), [2, 0, 0, 0], 0)], closedAt, platform.secretKey)).check.valid).toBe(false);
    expect(check(sealUrn(header, [encryptValues(ctxFor(0), [1, 0, 0, 0], 1)], closedAt, platform.secretKey)).check.valid).toBe(false);
  });

  test('rejects a dropped ballot', () => {
    const dropped = [...lines.slice(0, 5), ...lines.slice(6)];
    const r = check(dropped);
    expect(r.check.valid).toBe(false);
    expect(r.check.problems.join('\n')).toMatch(/annonce 14 bulletins, l’urne en contient 13/);
  });

  test('rejects a duplicated ballot, a reordered urn and a forged seal signature', () => {
    expect(check([...lines.slice(0, 4), lines[3]!, ...lines.slice(4)]).check.problems.join('\n')).toMatch(/double/);
    expect(check([lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)]).check.valid).toBe(false);
    const other = generatePlatformKey();
    const forged = sealUrn(header, ballots, closedAt, other.secretKey);
    expect(check(forged).check.problems.join('\n')).toMatch(/Signature de la plateforme invalide/);
  });

  test('rejects a forged partial decryption and a wrong or corrupted share', () => {
    const forgedValue: PartialDecryption = structuredClone(tally13.partialDecryptions[1]!);
    forgedValue.urns[0]!.shares[0]!.value = encodePoint(decodePoint(forgedValue.urns[0]!.shares[0]!.value).add(G));
    const r = verifyTally(good.verified, good.check, { ...tally13, partialDecryptions: [tally13.partialDecryptions[0]!, forgedValue] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.join('\n')).toMatch(/détenteur 3 est invalide/);
    // Holder 3 uses holder 2's share (or a corrupted one): its proof does not match its verification key.
    const ctx = { electionCode: MANIFEST.electionCode, manifestFingerprint: header.manifestFingerprint, merkleRoot: good.check.merkleRoot };
    const wrongShare = { ...partialDecrypt(ctx, 2, shares[1]!, good.check.aggregates), holder: 3 };
    const corrupted = partialDecrypt(ctx, 3, shares[2]! + 1n, good.check.aggregates);
    for (const bad of [wrongShare, corrupted]) {
      const t = buildElectronicTally(good.verified, good.check, [tally13.partialDecryptions[0]!, bad]);
      expect(t).toMatchObject({ ok: false });
      if (!t.ok) expect(t.error).toMatch(/détenteur 3 est invalide/);
    }
  });

  test('one holder cannot unseal alone, not even by presenting its partial twice', () => {
    const p1 = tally13.partialDecryptions[0]!;
    expect(buildElectronicTally(good.verified, good.check, [p1])).toMatchObject({ ok: false });
    expect(buildElectronicTally(good.verified, good.check, [p1, p1])).toMatchObject({ ok: false });
    expect(verifyTally(good.verified, good.check, { ...tally13, partialDecryptions: [p1, p1] }).ok).toBe(false);
  });

  test('rejects a wrong announced tally', () => {
    const wrong = structuredClone(tally13);
    wrong.urns[0]!.votes[0]! += 1;
    wrong.urns[0]!.votes[1]! -= wrong.urns[0]!.votes[1]! > 0 ? 1 : 0;
    const r = verifyTally(good.verified, good.check, wrong);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.join('\n')).toMatch(/différent du résultat recalculé/);
    const wrongBlank = structuredClone(tally13);
    wrongBlank.urns[1]!.blank += 1;
    expect(verifyTally(good.verified, good.check, wrongBlank).ok).toBe(false);
  });

  test('an urn with an empty contest still unseals (zero ballots in that urn)', () => {
    const only0 = ballots.filter((b) => b.urnId === 'CCIR-COM');
    const c = check(sealUrn(header, only0, closedAt, platform.secretKey));
    const ctx = { electionCode: MANIFEST.electionCode, manifestFingerprint: header.manifestFingerprint, merkleRoot: c.check.merkleRoot };
    const t = buildElectronicTally(c.verified, c.check, [partialDecrypt(ctx, 1, shares[0]!, c.check.aggregates), partialDecrypt(ctx, 2, shares[1]!, c.check.aggregates)]);
    expect(t.ok && t.value.urns[1]).toEqual({ urnId: 'CCIT-IND', ballots: 0, blank: 0, votes: [0, 0] });
  });
});
