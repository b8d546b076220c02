import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { runCeremony, MANIFEST } from './fixtures.test-helpers.js';
import { makeHeader, sealUrn, sealBallotLines, generatePlatformKey, ballotLine, platformKeyFingerprint, normaliseFingerprint } from './urn.js';
import { encryptTestBallots, expectedTally } from './test-urn.js';
import { encryptBallot, encryptValues } from './ballot.js';
import { decodePoint, encodePoint, G } from './group.js';
import { checkUrnLines, repetitionProblems, verifyBallotChunk, verifyTally } from './verifier.js';
import { partialDecrypt, encodeAggregates } from './tally.js';
import { nobleBackend } from './group-backend.js';
import { checkUrnLines as independentCheck, loadGroup } from '@scrutin/verifier';
import { buildElectronicTally } from './unseal.js';
import { toBase64Url } from './encoding.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
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

// Every urn of this file, genuine or tampered, is checked again on libsodium by the last test (issue 13): the
// batched noble path and the direct libsodium path must give the same verdict, problems, counts and sums.
const comparable = (x: ReturnType<typeof checkUrnLines>) => (x.ok ? { ...x.value.check, aggregates: encodeAggregates(x.value.check.aggregates) } : { error: x.error });
const checkedOnNoble: { lines: string[]; report: ReturnType<typeof comparable> }[] = [];
function check(l: string[]) {
  const r = checkUrnLines(l, nobleBackend);
  checkedOnNoble.push({ lines: l, report: comparable(r) });
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

// Issue 13, item 1: a ballot must have exactly one accepted line. Each fixture is re-sealed with the
// platform key, as a dishonest platform would, so that only the new rules can catch it.
describe('one accepted serialisation per ballot, no ciphertext twice (issue 13)', () => {
  const ballotLines = lines.slice(1, -1);
  const urnIdOf = (line: string) => (JSON.parse(line) as { urnId: string }).urnId;
  const reseal = (body: string[]) => sealBallotLines(header, body.map((line) => ({ line, urnId: urnIdOf(line) })), closedAt, platform.secretKey);
  const withField = (line: string, where: 'top' | 'choice') => {
    const b = JSON.parse(line) as { choices: Record<string, unknown>[] } & Record<string, unknown>;
    if (where === 'top') b.replay = 1;
    else b.choices[0]!.replay = 1;
    return canonicalJson(b);
  };
  /** The problems of a re-sealed urn, and its ballot number (1-based) of `line` in the sealed order. */
  const problemsOf = (body: string[], line: string) => {
    const sealed = reseal(body);
    const r = check(sealed);
    return { valid: r.check.valid, problems: r.check.problems.join('\n'), n: sealed.indexOf(line), r };
  };

  test('a copy with an unknown field, added or in place of another ballot, is refused naming its line', () => {
    for (const where of ['top', 'choice'] as const) {
      const replay = withField(ballotLines[2]!, where);
      const added = problemsOf([...ballotLines, replay], replay);
      expect(added.valid).toBe(false);
      expect(added.problems).toContain(`Bulletin n° ${added.n} rejeté : bulletin mal formé : champ inconnu « replay »${where === 'choice' ? ' dans « choices.0 »' : ''}.`);
      // Replacing a ballot keeps the counts per urn equal to the emargement: only the new rule refuses it.
      const victim = ballotLines.findIndex((l, i) => i !== 2 && urnIdOf(l) === urnIdOf(ballotLines[2]!));
      const replaced = problemsOf(ballotLines.map((l, i) => (i === victim ? replay : l)), replay);
      expect(replaced.r.check.ballotCount).toBe(COUNT);
      expect(replaced.valid).toBe(false);
      expect(replaced.problems).toMatch(new RegExp(`Bulletin n° ${replaced.n} rejeté : bulletin mal formé : champ inconnu « replay »`));
      const ctx = { electionCode: MANIFEST.electionCode, manifestFingerprint: header.manifestFingerprint, merkleRoot: replaced.r.check.merkleRoot };
      const partials = [1, 2].map((h) => partialDecrypt(ctx, h, shares[h - 1]!, replaced.r.check.aggregates));
      expect(buildElectronicTally(replaced.r.verified, replaced.r.check, partials)).toMatchObject({ ok: false });
    }
  });

  test('whitespace, key order and escape variants of a ballot line are refused, even re-sealed', () => {
    const original = ballotLines[4]!;
    const parsed = JSON.parse(original) as Record<string, unknown>;
    const variants = [
      JSON.stringify(parsed, null, 1).replace(/\n/g, ''),
      JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse())),
      original.replace(`"urnId":"${String(parsed.urnId)}"`, `"urnId":"${String(parsed.urnId).replace('-', '\\u002d')}"`),
    ];
    for (const variant of variants) {
      expect(variant).not.toBe(original);
      expect(JSON.parse(variant)).toEqual(parsed);
      const r = problemsOf(ballotLines.map((l) => (l === original ? variant : l)), variant);
      expect(r.valid).toBe(false);
      expect(r.problems).toContain(`Bulletin n° ${r.n} rejeté : bulletin non canonique : la ligne diffère de son écriture canonique (espaces, ordre des champs ou écriture des nombres).`);
    }
  });

  test('a ciphertext copied from another ballot is refused as such, naming both ballots', () => {
    const from = JSON.parse(ballotLines[0]!) as EncodedBallot & { kind: string };
    const intoIndex = ballotLines.findIndex((l, i) => i > 0 && urnIdOf(l) === from.urnId);
    const into = JSON.parse(ballotLines[intoIndex]!) as EncodedBallot & { kind: string };
    into.choices[1] = from.choices[1]!;
    const copied = canonicalJson(into);
    const sealed = reseal(ballotLines.map((l, i) => (i === intoIndex ? copied : l)));
    const r = check(sealed);
    const n = sealed.indexOf(copied);
    const m = sealed.indexOf(ballotLines[0]!);
    expect(n).toBeGreaterThan(0);
    expect(r.check.valid).toBe(false);
    const first = Math.min(n, m);
    const second = Math.max(n, m);
    expect(r.check.problems).toContain(`Bulletin n° ${second} rejeté : un de ses chiffrés figure déjà au bulletin n° ${first} (bulletin rejoué ou recopié).`);
  });

  test('a ballot repeating one of its own ciphertexts is refused by the chunk check, which the platform runs at casting', () => {
    const b = JSON.parse(lines[1]!) as EncodedBallot & { kind: string };
    b.choices[1] = b.choices[0]!;
    const r = check([lines[0]!, canonicalJson(b), ...lines.slice(2)]);
    expect(r.check.problems).toContain('Bulletin n° 1 rejeté : le même chiffré y figure deux fois.');
    expect(verifyBallotChunk(r.verified, [canonicalJson(b)], 0, { aggregate: false }).problems).toEqual([{ index: 0, reason: 'le même chiffré y figure deux fois' }]);
  });

  test('repetitions: any repeated hash or ciphertext is reported once with both positions; none otherwise (property)', () => {
    const key = fc.string({ minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 2, maxLength: 30 }), fc.nat(), fc.nat(), (keys, x, y) => {
        const hashes = keys.map((_, i) => String(i).padStart(4, '0'));
        const cts = keys.map((k) => [k]);
        expect(repetitionProblems(hashes, cts)).toEqual([]);
        const i = x % keys.length;
        const j = y % keys.length;
        if (i === j) {
          const twice = cts.map((c, k) => (k === i ? [c[0]!, c[0]!] : c));
          expect(repetitionProblems(hashes, twice)).toEqual([`Bulletin n° ${i + 1} rejeté : le même chiffré y figure deux fois.`]);
          return;
        }
        const [first, second] = i < j ? [i, j] : [j, i];
        const copied = cts.map((c, k) => (k === second ? [...c, cts[first]![0]!] : c));
        expect(repetitionProblems(hashes, copied)).toEqual([`Bulletin n° ${second + 1} rejeté : un de ses chiffrés figure déjà au bulletin n° ${first + 1} (bulletin rejoué ou recopié).`]);
        const sameHash = hashes.map((h, k) => (k === second ? hashes[first]! : h));
        expect(repetitionProblems(sameHash, keys.map(() => []))).toContain(`Bulletin n° ${second + 1} en double (identique au bulletin n° ${first + 1}).`);
      }),
    );
  });

  test('the header, the seal, a partial decryption and a tally with an unknown field are refused', () => {
    const headerPlus = canonicalJson({ ...header, note: 'x' });
    expect(checkUrnLines([headerPlus, ...lines.slice(1)])).toEqual({ ok: false, error: 'En-tête de l’urne invalide : champ inconnu « note ».' });
    expect(checkUrnLines([JSON.stringify(header, null, 1), ...lines.slice(1)])).toMatchObject({ ok: false, error: expect.stringMatching(/En-tête de l’urne non canonique/) });
    const seal = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    const sealPlus = check([...lines.slice(0, -1), canonicalJson({ ...seal, note: 'x' })]);
    expect(sealPlus.check.problems).toContain('Sceau de clôture illisible : champ inconnu « note ».');
    const sealSpaced = check([...lines.slice(0, -1), JSON.stringify(seal, null, 1).replace(/\n/g, '')]);
    expect(sealSpaced.check.problems).toContain('Sceau de clôture non canonique : la ligne diffère de son écriture canonique.');
    const tally = tallyWith([1, 2]);
    const good = check(lines);
    const extraTally = verifyTally(good.verified, good.check, { ...tally, comment: 'x' });
    expect(extraTally).toEqual({ ok: false, error: ['Dépouillement illisible : champ inconnu « comment ».'] });
    const extraPartial = verifyTally(good.verified, good.check, { ...tally, partialDecryptions: [{ ...tally.partialDecryptions[0]!, by: 'x' }, tally.partialDecryptions[1]!] });
    expect(extraPartial).toEqual({ ok: false, error: ['Dépouillement illisible : champ inconnu « by » dans « partialDecryptions.0 ».'] });
  });
});

// Issue 13, item 3: one fingerprint definition, the one the station records at sealing.
describe('platform key fingerprint', () => {
  test('is the bare SHA-256 of the 32 key bytes, whatever tool computes it; typed variants are read back', () => {
    const hex = createHash('sha256').update(platform.publicKey).digest('hex');
    expect(platformKeyFingerprint(platform.publicKey)).toBe(hex);
    expect(normaliseFingerprint(hex.toUpperCase().replace(/(.{4})/g, '$1 '))).toBe(hex);
    expect(normaliseFingerprint(hex.replace(/(..)/g, '$1:').slice(0, -1))).toBe(hex);
    expect(normaliseFingerprint(hex.slice(1))).toBeNull();
    expect(normaliseFingerprint(toBase64Url(platform.publicKey))).toBeNull();
  });
});

test('every urn checked above, genuine or tampered, gets the same verdict from the independent verifier (libsodium)', async () => {
  await loadGroup();
  expect(checkedOnNoble.length).toBeGreaterThan(15);
  // The set covers a false group equation whose challenges hold, the case only the group arithmetic sees.
  expect(checkedOnNoble.some((c) => 'problems' in c.report && c.report.problems.some((p) => p.includes('équation de groupe fausse')))).toBe(true);
  // Same verdict, counts, root, and the same subject (« Bulletin n° 3 rejeté », « Sceau de clôture absent. »…) for each problem.
  const subject = (p: string) => p.replace(/ : .*$/, '');
  for (const c of checkedOnNoble) {
    const r = independentCheck(c.lines);
    const mine = r.ok ? { valid: r.report.valid, ballotCount: r.report.ballotCount, perUrn: r.report.perUrn, merkleRoot: r.report.merkleRoot, problems: r.report.problems.map(subject).sort() } : { error: r.error };
    const theirs = 'error' in c.report ? { error: c.report.error } : { valid: c.report.valid, ballotCount: c.report.ballotCount, perUrn: c.report.perUrn, merkleRoot: c.report.merkleRoot, problems: c.report.problems.map(subject).sort() };
    expect(mine).toEqual(theirs);
  }
});
