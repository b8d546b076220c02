// Every tamper fixture of issue 13 rejected with a French reason, the genuine urn accepted, and every urn
// of this file given the same verdict by the main path (evote, @noble) and this verifier (libsodium). The
// test urns are built with evote's test helpers; the verifier itself imports nothing of evote.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { encryptTestBallots, MANIFEST, runCeremony } from '@scrutin/evote/testing';
import { makeHeader, sealUrn, sealBallotLines, generatePlatformKey } from '@scrutin/evote/urn.js';
import { checkUrnLines as mainCheck } from '@scrutin/evote/verifier.js';
import { partialDecrypt } from '@scrutin/evote/tally.js';
import { buildElectronicTally } from '@scrutin/evote/unseal.js';
import { decodePoint as mainDecode } from '@scrutin/evote/group.js';
import { canonicalJson } from './hash.js';
import { loadGroup } from './group.js';
import { checkUrnFile, checkUrnLines } from './urn-file.js';
import { verifyCeremony, type CeremonyFolder } from './ceremony.js';
import { verifyTally } from './tally.js';

const { key, shares, files } = runCeremony();
const platform = generatePlatformKey();
const header = makeHeader(MANIFEST, key, platform.publicKey);
const ballots = encryptTestBallots(MANIFEST, mainDecode(key.publicKey), header.manifestFingerprint, 'verifier-tamper', 0, 8);
const closedAt = new Date('2026-11-25T18:00:00Z');
const lines = sealUrn(header, ballots, closedAt, platform.secretKey);
const body = lines.slice(1, -1);
const urnIdOf = (line: string) => (JSON.parse(line) as { urnId: string }).urnId;
const reseal = (ballotLines: string[]) => sealBallotLines(header, ballotLines.map((line) => ({ line, urnId: urnIdOf(line) })), closedAt, platform.secretKey);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const edit = (line: string, change: (b: Json) => void) => {
  const b = JSON.parse(line) as Json;
  change(b);
  return canonicalJson(b);
};

beforeAll(loadGroup);

/** Both implementations on the same lines: same verdict, same counts, and the same subject for each problem. */
function checkBoth(urnLines: string[]): string[] {
  const mine = checkUrnLines(urnLines);
  const theirs = mainCheck(urnLines);
  expect(mine.ok).toBe(theirs.ok);
  if (!mine.ok || !theirs.ok) {
    expect(mine.ok ? '' : mine.error).toBe(theirs.ok ? '' : theirs.error);
    return [mine.ok ? '' : mine.error];
  }
  const subject = (p: string) => p.replace(/ : .*$/, '');
  expect({ valid: mine.report.valid, count: mine.report.ballotCount, perUrn: mine.report.perUrn, root: mine.report.merkleRoot, subjects: mine.report.problems.map(subject).sort() })
    .toEqual({ valid: theirs.value.check.valid, count: theirs.value.check.ballotCount, perUrn: theirs.value.check.perUrn, root: theirs.value.check.merkleRoot, subjects: theirs.value.check.problems.map(subject).sort() });
  return mine.report.problems;
}

describe('urn tampers: refused by both implementations, in French', () => {
  test('the genuine urn is accepted', () => {
    expect(checkBoth(lines)).toEqual([]);
  });

  const fixtures: [string, () => string[], RegExp][] = [
    ['altered ciphertext', () => [lines[0]!, edit(body[0]!, (b) => ([b.choices[0], b.choices[1]] = [b.choices[1], b.choices[0]])), ...lines.slice(2)], /Merkle|preuve/],
    ['altered ciphertext, re-sealed', () => reseal([edit(body[0]!, (b) => ([b.choices[0], b.choices[1]] = [b.choices[1], b.choices[0]])), ...body.slice(1)]), /rejeté : preuve/],
    ['altered proof, re-sealed', () => reseal([edit(body[1]!, (b) => (b.blankProof.z[0] = b.blankProof.z[1])), ...body.slice(2), body[0]!]), /rejeté : preuve invalide \(équation de groupe fausse\)/],
    ['altered challenge, re-sealed', () => reseal([edit(body[1]!, (b) => (b.choiceProofs[0].c[0] = b.choiceProofs[0].c[1])), body[0]!, ...body.slice(2)]), /preuve 0\/1 du candidat 1 : défi Fiat-Shamir incorrect/],
    ['duplicate line', () => [...lines.slice(0, 3), lines[2]!, ...lines.slice(3)], /en double \(identique au bulletin n° 2\)/],
    ['dropped ballot', () => [...lines.slice(0, 3), ...lines.slice(4)], /annonce 8 bulletins, l’urne en contient 7/],
    ['reordered', () => [lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)], /hors de l’ordre scellé/],
    ['replay with an unknown field, re-sealed', () => reseal([...body, edit(body[2]!, (b) => (b.replay = 1))]), /bulletin mal formé : champ inconnu « replay »/],
    ['replay inside a choice, re-sealed', () => reseal([...body, edit(body[2]!, (b) => (b.choices[0].replay = 1))]), /champ inconnu « replay » dans « choices\.0 »/],
    ['non-canonical line, re-sealed', () => reseal(body.map((l, i) => (i === 3 ? JSON.stringify(JSON.parse(l), null, 1).replace(/\n/g, '') : l))), /bulletin non canonique/],
    ['copied ciphertext, re-sealed', () => {
      const target = body.findIndex((l, i) => i > 0 && urnIdOf(l) === urnIdOf(body[0]!));
      return reseal(body.map((l, i) => (i === target ? edit(l, (b) => (b.blank = JSON.parse(body[0]!).blank)) : l)));
    }, /un de ses chiffrés figure déjà au bulletin n° \d+ \(bulletin rejoué ou recopié\)/],
    ['foreign ballot (another election), re-sealed', () => {
      const other = runCeremony('CCI-AUTRE-2026');
      const otherHeader = makeHeader({ ...MANIFEST, electionCode: 'CCI-AUTRE-2026' }, other.key, platform.publicKey);
      const [foreign] = sealUrn(otherHeader, encryptTestBallots(otherHeader.manifest, mainDecode(other.key.publicKey), otherHeader.manifestFingerprint, 'autre', 0, 1), closedAt, platform.secretKey).slice(1, -1);
      return reseal([...body, foreign!]);
    }, /rejeté : preuve/],
    ['identity ciphertext, re-sealed', () => reseal([...body.slice(1), edit(body[0]!, (b) => (b.choices[0].a = 'A'.repeat(43)))]), /élément neutre refusé/],
    ['seal signed by another key', () => sealUrn(header, ballots, closedAt, generatePlatformKey().secretKey), /Signature de la plateforme invalide/],
    ['seal missing', () => lines.slice(0, -1), /Sceau de clôture absent/],
    ['seal with an unknown field', () => [...lines.slice(0, -1), edit(lines.at(-1)!, (s) => (s.note = 1))], /Sceau de clôture illisible : champ inconnu « note »/],
  ];
  test.each(fixtures)('%s', (_name, make, reason) => {
    const problems = checkBoth(make());
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(reason);
  });

  test('a header with an unknown field or another fingerprint is unreadable, in French', () => {
    expect(checkBoth([edit(lines[0]!, (h) => (h.note = 1)), ...lines.slice(1)])).toEqual(['En-tête de l’urne invalide : champ inconnu « note ».']);
    expect(checkBoth([edit(lines[0]!, (h) => (h.manifestFingerprint = 'ab'.repeat(32))), ...lines.slice(1)])).toEqual(['Empreinte de l’élection incorrecte.']);
  });

  test('any single-byte change of the genuine urn file is rejected (property)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verifier-byte-'));
    const bytes = Buffer.from(lines.join('\n') + '\n');
    try {
      fc.assert(
        fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
          const changed = Buffer.from(bytes);
          changed[at] = changed[at]! ^ flip;
          const path = join(dir, 'urne.jsonl');
          writeFileSync(path, changed);
          const r = checkUrnFile(path);
          expect(r.ok && r.report.valid).toBe(false);
        }),
        { numRuns: 60 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ceremony tampers (§2.7)', () => {
  const text = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
  const folder: CeremonyFolder = files;
  const problemsOf = (f: CeremonyFolder) => verifyCeremony(f, header.manifestFingerprint).problems.join('\n');

  test('the genuine ceremony is verified and its key is the urn header’s', () => {
    const r = verifyCeremony(folder, header.manifestFingerprint);
    expect(r.problems).toEqual([]);
    expect(canonicalJson(r.key)).toBe(canonicalJson(header.electionKey));
  });

  test('altered commitment, proof, journal line; rogue key C_3 = x·G − C_1 − C_2', () => {
    const k = JSON.parse(files.electionKey) as Json;
    k.commitments[1][1] = k.commitments[0][1];
    expect(problemsOf({ ...folder, electionKey: text(k) })).toMatch(/election-key\.json n’est pas le fichier consigné au journal/);
    const c2 = JSON.parse(files.contributions[1]!) as Json;
    c2.proofs[1].z = c2.proofs[0].z;
    expect(problemsOf({ ...folder, contributions: [files.contributions[0]!, text(c2), files.contributions[2]!] })).toMatch(/La preuve de connaissance du détenteur 2 pour son coefficient 1 est invalide/);
    const journal = files.journal.split('\n');
    journal[3] = journal[3]!.replace('"seq":4', '"seq":5');
    expect(problemsOf({ ...folder, journal: journal.join('\n') })).toMatch(/entrée 4 du journal altérée/);
    // Rogue key: holder 3 publishes C_30 = x·G − C_10 − C_20 (it cannot prove knowledge of its logarithm).
    const c1 = JSON.parse(files.contributions[0]!) as Json;
    const c3 = JSON.parse(files.contributions[2]!) as Json;
    const cc2 = JSON.parse(files.contributions[1]!) as Json;
    const xG = mainDecode(c3.commitments[0]);
    c3.commitments[0] = Buffer.from(xG.subtract(mainDecode(c1.commitments[0])).subtract(mainDecode(cc2.commitments[0])).toBytes()).toString('base64url');
    expect(problemsOf({ ...folder, contributions: [files.contributions[0]!, files.contributions[1]!, text(c3)] })).toMatch(/La preuve de connaissance du détenteur 3 pour son coefficient 0 est invalide/);
  });
});

describe('tally tampers (§7, §8)', () => {
  const checked = mainCheck(lines);
  if (!checked.ok) throw new Error(checked.error);
  const ctx = { electionCode: MANIFEST.electionCode, manifestFingerprint: header.manifestFingerprint, merkleRoot: checked.value.check.merkleRoot };
  const partials = [1, 3].map((h) => partialDecrypt(ctx, h, shares[h - 1]!, checked.value.check.aggregates));
  const built = buildElectronicTally(checked.value.verified, checked.value.check, partials);
  if (!built.ok) throw new Error(built.error);
  const tally = built.value as Json;
  const report = () => {
    const r = checkUrnLines(lines);
    if (!r.ok) throw new Error(r.error);
    return r.report;
  };

  test('the genuine tally is verified; altered partial, altered claimed tally, one holder twice are refused', () => {
    expect(verifyTally(report(), tally)).toEqual({ ok: true, results: tally.urns });
    const forged = structuredClone(tally);
    forged.partialDecryptions[1].urns[0].shares[0].value = forged.partialDecryptions[1].urns[0].shares[1].value;
    expect(verifyTally(report(), forged)).toMatchObject({ ok: false, problems: [expect.stringMatching(/La preuve du déchiffrement partiel du détenteur 3 est invalide \(urne CCIR-COM, valeur 1\)/)] });
    const wrong = structuredClone(tally);
    wrong.urns[0].votes[0] += 1;
    expect(verifyTally(report(), wrong)).toMatchObject({ ok: false, problems: [expect.stringMatching(/Résultat annoncé pour l’urne CCIR-COM différent du résultat recalculé/)] });
    const twice = { ...tally, partialDecryptions: [tally.partialDecryptions[0], tally.partialDecryptions[0]] };
    expect(verifyTally(report(), twice)).toEqual({ ok: false, problems: ['Il faut les parts de deux détenteurs différents.'] });
    expect(verifyTally(report(), { ...tally, comment: 'x' })).toEqual({ ok: false, problems: ['Dépouillement illisible : champ inconnu « comment ».'] });
  });
});
