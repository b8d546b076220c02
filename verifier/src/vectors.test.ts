// The test vectors of docs/formats/urn.md §10 reproduced by this verifier's own primitives (libsodium,
// OpenSSL): every intermediate hash and challenge, the Merkle tree, the key, the aggregates and the
// combination; then the whole verification answers « vérifié ».
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { add, IDENTITY, invert, loadGroup, mod, multiply, multiplyBase, scalarBytes, subtract } from './group.js';
import { canonicalJson, challenge, sha256Hex, taggedHash } from './hash.js';
import { decodePoint, toBase64Url } from './formats.js';
import { checkUrnFile } from './urn-file.js';
import { merkleRoot } from './urn.js';
import { verify } from './verify.js';

const DIR = join(__dirname, '..', '..', 'docs', 'formats', 'urn-vectors');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const json = <T>(name: string) => JSON.parse(read(name)) as T;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromB64 = (s: string) => decodePoint(s)!;

type Part = { text: string } | { point: string };
type HashRec = { tag: string; data: string; input: string; output: string };
type ChallengeRec = { tag: string; parts: Part[]; input: string; sha512: string; challenge: string };
const parts = (ps: Part[]) => ps.map((p) => ('text' in p ? p.text : new Uint8Array(Buffer.from(p.point, 'hex'))));
const expectChallenge = (rec: ChallengeRec) => expect(challenge(rec.tag, parts(rec.parts)).toString()).toBe(rec.challenge);
const expectHash = (rec: HashRec, data: string | Uint8Array = rec.data) => expect(taggedHash(rec.tag, data)).toBe(rec.output);

const v = json<{
  platform: { publicKey: string; fingerprint: { input: string; output: string } };
  ceremony: { knowledgeProofs: { challenge: ChallengeRec }[]; contributionHashes: HashRec[]; publicKey: string; verificationKeys: string[]; keyFingerprint: HashRec; journal: { file: string; fileHash: HashRec; lineHash: HashRec }[] };
  manifestFingerprint: HashRec;
  ballots: { hash: HashRec; choiceProofs: { challenge: ChallengeRec }[]; blankProof: { challenge: ChallengeRec }; sumProof: { challenge: ChallengeRec } }[];
  merkle: { leaves: { input: string; output: string }[]; levels: { input: string; output: string }[][]; root: string };
  aggregates: { urnId: string; choices: { a: string; b: string }[]; blank: { a: string; b: string } }[];
  partialDecryptions: { holder: number; urns: { shares: { challenge: ChallengeRec }[] }[] }[];
  combination: { holders: number[]; lagrange: Record<string, { decimal: string; bytesLittleEndian: string }>; urns: { values: { sA: string; M: string; m: number }[] }[] };
}>('intermediates.json');

beforeAll(loadGroup);

describe('urn vectors, recomputed on libsodium and OpenSSL', () => {
  test('ceremony: knowledge challenges, contribution hashes, Y, Y_j, key fingerprint, journal hashes', () => {
    for (const rec of v.ceremony.knowledgeProofs) expectChallenge(rec.challenge);
    v.ceremony.contributionHashes.forEach((rec, i) => expectHash(rec, canonicalJson(JSON.parse(read(`ceremony/contribution-${i + 1}.json`)))));
    const key = json<{ commitments: string[][]; publicKey: string; verificationKeys: string[] }>('ceremony/election-key.json');
    const C = key.commitments.map((pair) => pair.map(fromB64));
    expect(hex(C.reduce((acc, [c0]) => add(acc, c0!), IDENTITY))).toBe(v.ceremony.publicKey);
    [1, 2, 3].forEach((j) => expect(hex(C.reduce((acc, [c0, c1]) => add(acc, add(c0!, multiply(c1!, BigInt(j)))), IDENTITY))).toBe(v.ceremony.verificationKeys[j - 1]));
    expectHash(v.ceremony.keyFingerprint);
    for (const rec of v.ceremony.journal) {
      expectHash(rec.fileHash, readFileSync(join(DIR, rec.file)));
      expectHash(rec.lineHash);
    }
  });

  test('urn: manifest fingerprint, ballot hashes, membership challenges, Merkle tree, platform-key fingerprint', () => {
    expectHash(v.manifestFingerprint);
    const lines = read('urn.jsonl').split('\n').slice(1, -2);
    v.ballots.forEach((rec, n) => {
      expectHash(rec.hash, lines[n]!);
      for (const p of [...rec.choiceProofs, rec.blankProof, rec.sumProof]) expectChallenge(p.challenge);
    });
    expect(v.merkle.leaves.map((l) => sha256Hex(Buffer.from(l.input, 'hex')))).toEqual(v.merkle.leaves.map((l) => l.output));
    for (const level of v.merkle.levels) for (const node of level) expect(sha256Hex(Buffer.from(node.input, 'hex'))).toBe(node.output);
    expect(merkleRoot(v.ballots.map((b) => b.hash.output))).toBe(v.merkle.root);
    expect(sha256Hex(Buffer.from(v.platform.fingerprint.input, 'hex'))).toBe(v.platform.fingerprint.output);
  });

  test('tally: aggregates, partial-decryption challenges, Lagrange coefficients, s·A, B − s·A, m', async () => {
    const checked = checkUrnFile(join(DIR, 'urn.jsonl'));
    if (!checked.ok) throw new Error(checked.error);
    expect(checked.report.aggregates.map((a) => ({ urnId: a.urnId, choices: a.targets.slice(0, -1).map((t) => ({ a: hex(t.a), b: hex(t.b) })), blank: { a: hex(a.targets.at(-1)!.a), b: hex(a.targets.at(-1)!.b) } })))
      .toEqual(v.aggregates.map(({ urnId, choices, blank }) => ({ urnId, choices, blank })));
    for (const p of v.partialDecryptions) for (const u of p.urns) for (const s of u.shares) expectChallenge(s.challenge);
    const [i, j] = v.combination.holders as [number, number];
    const lambda = { [i]: mod(BigInt(j) * invert(BigInt(j - i))), [j]: mod(BigInt(i) * invert(BigInt(i - j))) };
    for (const h of [i, j]) expect({ decimal: lambda[h]!.toString(), bytesLittleEndian: hex(scalarBytes(lambda[h]!)) }).toEqual(v.combination.lagrange[h]);
    const partials = [i, j].map((h) => json<{ urns: { shares: { value: string }[] }[] }>(`partial-decryption-${h}.json`));
    checked.report.aggregates.forEach((aggregate, u) => aggregate.targets.forEach((target, index) => {
      const sA = add(multiply(fromB64(partials[0]!.urns[u]!.shares[index]!.value), lambda[i]!), multiply(fromB64(partials[1]!.urns[u]!.shares[index]!.value), lambda[j]!));
      const M = subtract(target.b, sA);
      const stated = v.combination.urns[u]!.values[index]!;
      expect([hex(sA), hex(M), hex(multiplyBase(BigInt(stated.m)))]).toEqual([stated.sA, stated.M, stated.M]);
    }));
  });

  test('the whole public verification answers « vérifié » (ceremony, urn, tally, platform key)', async () => {
    const verdict = await verify({
      urn: join(DIR, 'urn.jsonl'), electionKey: join(DIR, 'ceremony', 'election-key.json'), tally: join(DIR, 'tally.json'), platformKeyFingerprint: v.platform.fingerprint.output,
    });
    expect(verdict).toMatchObject({ kind: 'checked', problems: [], ceremonyVerified: true });
    if (verdict.kind === 'checked') expect(verdict.tally).toEqual(json<{ urns: unknown[] }>('tally.json').urns);
    expect(toBase64Url(IDENTITY)).toBe('A'.repeat(43));
  });
});
