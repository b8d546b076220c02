// The test vectors of docs/formats/urn.md (issue 13, item 4). Three checks: the committed files are exactly
// what the seeded generator gives; every hash and challenge they state is recomputed here from the spec's
// words with plain @noble calls (nothing of evote's but the generator is imported), and tied to the
// files' own fields, so that the spec, the vectors and the code cannot drift apart; and the real
// verifier answers « vérifié » on them.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { generateUrnVectors } from './vectors/urn-vectors.js';

const DIR = join(__dirname, '..', '..', 'docs', 'formats', 'urn-vectors');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const json = <T = Record<string, unknown>>(name: string) => JSON.parse(read(name)) as T;

// ---- The spec's primitives, written from docs/formats/urn.md §1 (not from evote's code) ----
const P = ristretto255.Point;
type Pt = InstanceType<typeof P>;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const te = new TextEncoder();
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const b64ToHex = (s: string) => hexOf(unb64(s));
const be32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const cat = (...xs: Uint8Array[]) => new Uint8Array(Buffer.concat(xs));
/** A length-prefixed field: 4-byte big-endian byte length, then the bytes. */
const field = (b: Uint8Array) => cat(be32(b.length), b);
const tagged = (tag: string) => field(te.encode(`scrutin/evote/v1/${tag}`));
/** H(tag, data) = SHA-256(field(domain ‖ tag) ‖ data): the data itself has no length prefix. */
const H = (tag: string, data: Uint8Array) => ({ input: cat(tagged(tag), data), output: hexOf(sha256(cat(tagged(tag), data))) });
const leInt = (b: Uint8Array) => b.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n);
const mod = (x: bigint) => ((x % L) + L) % L;
type Part = { text: string } | { point: string };
/** challenge(tag, parts) = SHA-512(field(domain ‖ tag) ‖ field(part)…) read little-endian, mod ℓ. */
function challenge(tag: string, parts: Part[]) {
  const input = cat(tagged(tag), ...parts.map((p) => field('text' in p ? te.encode(p.text) : unhex(p.point))));
  const digest = sha512(input);
  return { input: hexOf(input), sha512: hexOf(digest), challenge: mod(leInt(digest)).toString() };
}
/** Canonical JSON: keys sorted by code unit at every level, no whitespace. */
const canon = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canon).join(',')}]`
    : v !== null && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v);
const ptB64 = (s: string) => P.fromBytes(unb64(s));
const mul = (p: Pt, k: bigint) => (mod(k) === 0n || p.is0() ? P.ZERO : p.multiply(mod(k)));
const G = P.BASE;
const scalarB64 = (s: string) => leInt(unb64(s));
const text = (t: string): Part => ({ text: t });
const point = (b64: string): Part => ({ point: b64ToHex(b64) });

type HashRec = { tag: string; data: string; input: string; output: string };
type ChallengeRec = { tag: string; parts: Part[]; input: string; sha512: string; challenge: string };
/** The record's input is the spec's framing of the data the file gives, and its output the hash of it. */
function checkHash(rec: HashRec, tag: string, data: string | Uint8Array, expected?: string) {
  const h = H(tag, typeof data === 'string' ? te.encode(data) : data);
  expect(rec.tag).toBe(tag);
  expect(rec.input).toBe(hexOf(h.input));
  expect(rec.output).toBe(h.output);
  if (expected !== undefined) expect(h.output).toBe(expected);
}
function checkChallenge(rec: ChallengeRec, tag: string, parts: Part[]): bigint {
  expect(rec.tag).toBe(tag);
  expect(rec.parts).toEqual(parts);
  expect({ input: rec.input, sha512: rec.sha512, challenge: rec.challenge }).toEqual(challenge(tag, parts));
  return BigInt(rec.challenge);
}

type Ciphertext = { a: string; b: string };
type Disjunctive = { A: string[]; B: string[]; c: string[]; z: string[] };
type Ballot = { kind: 'ballot'; urnId: string; choices: Ciphertext[]; blank: Ciphertext; choiceProofs: Disjunctive[]; blankProof: Disjunctive; sumProof: Disjunctive };
type UrnDef = { id: string; seats: number; candidates: string[] };
type Key = { ceremonyId: string; electionCode: string; publicKey: string; verificationKeys: string[]; commitments: string[][]; keyFingerprint: string };
type Partial = { holder: number; manifestFingerprint: string; merkleRoot: string; urns: { urnId: string; shares: { value: string; proof: { t1: string; t2: string; z: string } }[] }[] };

const v = json<{
  platform: { publicKey: string; fingerprint: { input: string; output: string } };
  ceremony: {
    knowledgeProofs: { holder: number; coefficient: number; challenge: ChallengeRec }[];
    contributionHashes: HashRec[]; publicKey: string; verificationKeys: string[]; keyFingerprint: HashRec;
    journal: { seq: number; file: string; fileHash: HashRec; lineHash: HashRec }[];
  };
  manifestFingerprint: HashRec;
  ballots: { hash: HashRec; choiceProofs: { challenge: ChallengeRec }[]; blankProof: { challenge: ChallengeRec }; sumProof: { challenge: ChallengeRec; values: number[] } }[];
  merkle: { leaves: { input: string; output: string }[]; levels: { input: string; output: string }[][]; root: string };
  seal: { payload: string; signature: string };
  aggregates: { urnId: string; ballots: number; choices: { a: string; b: string }[]; blank: { a: string; b: string } }[];
  partialDecryptions: { holder: number; urns: { urnId: string; shares: { index: number; A: string; D: string; challenge: ChallengeRec }[] }[] }[];
  combination: { holders: number[]; lagrange: Record<string, { decimal: string; bytesLittleEndian: string }>; urns: { urnId: string; values: { sA: string; M: string; m: number }[] }[] };
  votes: { urnId: string; marks: number[]; randomness: string[] }[];
}>('intermediates.json');
const key = json<Key>('ceremony/election-key.json');
const manifest = json<{ electionCode: string; urns: UrnDef[] }>('manifest.json');
const urnLines = read('urn.jsonl').split('\n').filter((l) => l !== '');
const header = JSON.parse(urnLines[0]!) as { manifestFingerprint: string; platformPublicKey: string; electionKey: Key; manifest: unknown };
const ballotLines = urnLines.slice(1, -1);
const seal = JSON.parse(urnLines[urnLines.length - 1]!) as Record<string, unknown> & { signature: string; merkleRoot: string };
const Y = ptB64(key.publicKey);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [relative(DIR, join(dir, e.name))]));
}

describe('urn test vectors (docs/formats/urn-vectors)', () => {
  test('the committed files are byte for byte what the seeded generator writes', () => {
    const generated = generateUrnVectors();
    expect(listFiles(DIR).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, content] of Object.entries(generated)) expect({ name, content: read(name) }).toEqual({ name, content });
  });

  test('ceremony: proofs of knowledge of every coefficient, contribution hashes, key, fingerprint, journal', () => {
    expect(v.ceremony.knowledgeProofs).toHaveLength(6);
    for (const rec of v.ceremony.knowledgeProofs) {
      const c = json<{ commitments: string[]; proofs: { t: string; z: string }[] }>(`ceremony/contribution-${rec.holder}.json`);
      const k = rec.coefficient;
      const e = checkChallenge(rec.challenge, 'knowledge', [text(key.ceremonyId), text(String(rec.holder)), text('coefficient'), text(String(k)), point(c.commitments[k]!), point(c.proofs[k]!.t)]);
      expect(mul(G, scalarB64(c.proofs[k]!.z)).equals(ptB64(c.proofs[k]!.t).add(mul(ptB64(c.commitments[k]!), e)))).toBe(true);
    }
    for (const h of [1, 2, 3]) {
      const finalization = json<{ contributionHashes: string[]; verificationKey: string; publicKey: string }>(`ceremony/finalization-${h}.json`);
      [1, 2, 3].forEach((i) => checkHash(v.ceremony.contributionHashes[i - 1]!, 'contribution', canon(json(`ceremony/contribution-${i}.json`)), finalization.contributionHashes[i - 1]));
      expect(finalization.publicKey).toBe(key.publicKey);
      // Y_j = Σ_i (C_i0 + j·C_i1)
      const Yj = key.commitments.reduce((acc, [c0, c1]) => acc.add(ptB64(c0!)).add(mul(ptB64(c1!), BigInt(h))), P.ZERO);
      expect([b64ToHex(finalization.verificationKey), b64ToHex(key.verificationKeys[h - 1]!), v.ceremony.verificationKeys[h - 1]]).toEqual(Array(3).fill(hexOf(Yj.toBytes())));
    }
    const Ysum = key.commitments.reduce((acc, [c0]) => acc.add(ptB64(c0!)), P.ZERO);
    expect([b64ToHex(key.publicKey), v.ceremony.publicKey]).toEqual([hexOf(Ysum.toBytes()), hexOf(Ysum.toBytes())]);
    checkHash(v.ceremony.keyFingerprint, 'election-key', canon({ ceremonyId: key.ceremonyId, electionCode: key.electionCode, publicKey: key.publicKey, commitments: key.commitments }), key.keyFingerprint);

    // The worked example of urn.md §1.3 is this first challenge, one length-prefixed field a line.
    const spec = readFileSync(join(DIR, '..', 'urn.md'), 'utf8');
    const first = v.ceremony.knowledgeProofs[0]!.challenge;
    const fields: string[] = [];
    for (let rest = first.input; rest !== ''; rest = rest.slice(8 + 2 * parseInt(rest.slice(0, 8), 16))) fields.push(`${rest.slice(0, 8)} ${rest.slice(8, 8 + 2 * parseInt(rest.slice(0, 8), 16))}`);
    expect(spec).toContain('```\n' + fields.join('\n') + '\n```');
    expect(spec).toContain('`' + first.challenge + '`');

    const journal = read('ceremony/journal.jsonl').split('\n').filter((l) => l !== '');
    expect(journal).toHaveLength(v.ceremony.journal.length);
    let previous = 'genesis';
    journal.forEach((line, i) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const { hash, ...body } = entry;
      const rec = v.ceremony.journal[i]!;
      expect([line, body.seq, body.previous]).toEqual([canon(entry), i + 1, previous]);
      checkHash(rec.lineHash, 'ceremony-journal', canon(body), hash as string);
      checkHash(rec.fileHash, 'file', readFileSync(join(DIR, rec.file)), body.file as string);
      previous = hash as string;
    });
  });

  test('urn: manifest fingerprint, every ballot hash and challenge, order, Merkle tree, seal, platform key', () => {
    checkHash(v.manifestFingerprint, 'manifest', canon({ manifest, publicKey: key.publicKey, keyFingerprint: key.keyFingerprint }), header.manifestFingerprint);
    expect(canon(header.electionKey)).toBe(canon(key));
    const fp = header.manifestFingerprint;
    const hashes: string[] = [];
    ballotLines.forEach((line, n) => {
      const b = JSON.parse(line) as Ballot;
      expect(canon(b)).toBe(line);
      const urn = manifest.urns.find((u) => u.id === b.urnId)!;
      const rec = v.ballots[n]!;
      checkHash(rec.hash, 'ballot', line);
      hashes.push(rec.hash.output);
      // Branch j of a proof is the j-th value: 0 then 1 for a mark; 1, 2, …, seats for the sum.
      const holds = (proof: Disjunctive, values: number[], head: Part[], rec: ChallengeRec, a: Pt, bb: Pt) => {
        const e = checkChallenge(rec, 'membership', [...head, ...proof.A.map(point), ...proof.B.map(point)]);
        expect(mod(proof.c.reduce((s, c) => s + scalarB64(c), 0n))).toBe(e);
        values.forEach((value, j) => {
          const c = scalarB64(proof.c[j]!);
          const z = scalarB64(proof.z[j]!);
          expect(mul(G, z).equals(ptB64(proof.A[j]!).add(mul(a, c)))).toBe(true);
          expect(mul(Y, z).equals(ptB64(proof.B[j]!).add(mul(bb.subtract(mul(G, BigInt(value))), c)))).toBe(true);
        });
      };
      const cts = [...b.choices, b.blank];
      b.choices.forEach((ct, i) => holds(b.choiceProofs[i]!, [0, 1], [text(fp), text(b.urnId), text('choice'), text(String(i)), point(ct.a), point(ct.b)], rec.choiceProofs[i]!.challenge, ptB64(ct.a), ptB64(ct.b)));
      holds(b.blankProof, [0, 1], [text(fp), text(b.urnId), text('blank'), point(b.blank.a), point(b.blank.b)], rec.blankProof.challenge, ptB64(b.blank.a), ptB64(b.blank.b));
      const sum = (which: 'a' | 'b') => cts.reduce((acc, ct, i) => acc.add(mul(ptB64(ct[which]), i === cts.length - 1 ? BigInt(urn.seats) : 1n)), P.ZERO);
      const seats = Array.from({ length: urn.seats }, (_, i) => i + 1);
      expect(rec.sumProof.values).toEqual(seats);
      holds(b.sumProof, seats, [text(fp), text(b.urnId), text('sum'), ...cts.flatMap((ct) => [point(ct.a), point(ct.b)])], rec.sumProof.challenge, sum('a'), sum('b'));
    });
    expect([...hashes].sort()).toEqual(hashes);

    // Merkle: leaf = SHA-256(0x00 ‖ hash), node = SHA-256(0x01 ‖ left ‖ right), odd last node promoted.
    let level = hashes.map((h, i) => {
      expect(v.merkle.leaves[i]!.input).toBe('00' + h);
      return hexOf(sha256(unhex('00' + h)));
    });
    expect(v.merkle.leaves.map((l) => l.output)).toEqual(level);
    for (const stated of v.merkle.levels) {
      const next: string[] = [];
      const nodes: { input: string; output: string }[] = [];
      for (let i = 0; i < level.length; i += 2) {
        if (i + 1 === level.length) next.push(level[i]!);
        else {
          const input = '01' + level[i]! + level[i + 1]!;
          nodes.push({ input, output: hexOf(sha256(unhex(input))) });
          next.push(nodes[nodes.length - 1]!.output);
        }
      }
      expect(stated).toEqual(nodes);
      level = next;
    }
    expect([level[0], v.merkle.root]).toEqual([seal.merkleRoot, seal.merkleRoot]);

    const { kind: _kind, signature, ...sealed } = seal;
    const payload = canon({ format: 'scrutin-urn/1', electionCode: manifest.electionCode, manifestFingerprint: fp, platformPublicKey: header.platformPublicKey, ...sealed });
    expect(v.seal).toEqual({ payload, signature: b64ToHex(signature) });
    const platformKey = unb64(header.platformPublicKey);
    expect(ed25519.verify(unb64(signature), te.encode(payload), platformKey)).toBe(true);
    expect(v.platform.fingerprint).toEqual({ input: hexOf(platformKey), output: hexOf(sha256(platformKey)) });
    expect(sealed.perUrn).toEqual({ 'CCIR-COM': 3, 'CCIT-IND': 2, 'CCIT-SER': 0 });
  });

  test('tally: aggregates, partial-decryption challenges, Lagrange coefficients, combination, announced results', () => {
    const ballots = ballotLines.map((l) => JSON.parse(l) as Ballot);
    const tally = json<{ holders: number[]; merkleRoot: string; urns: { urnId: string; ballots: number; blank: number; votes: number[] }[] }>('tally.json');
    const aggregates = manifest.urns.map((u) => {
      const mine = ballots.filter((b) => b.urnId === u.id);
      const add = (pick: (b: Ballot) => Ciphertext) => ({
        a: mine.reduce((acc, b) => acc.add(ptB64(pick(b).a)), P.ZERO),
        b: mine.reduce((acc, b) => acc.add(ptB64(pick(b).b)), P.ZERO),
      });
      return { urnId: u.id, ballots: mine.length, targets: [...u.candidates.map((_, i) => add((b) => b.choices[i]!)), add((b) => b.blank)] };
    });
    const hexCt = (c: { a: Pt; b: Pt }) => ({ a: hexOf(c.a.toBytes()), b: hexOf(c.b.toBytes()) });
    expect(v.aggregates).toEqual(aggregates.map((a) => ({ urnId: a.urnId, ballots: a.ballots, choices: a.targets.slice(0, -1).map(hexCt), blank: hexCt(a.targets[a.targets.length - 1]!) })));
    // An empty urn aggregates to the identity, encoded as 32 zero bytes.
    expect(v.aggregates[2]!.blank.a).toBe('00'.repeat(32));

    const partials = tally.holders.map((h) => json<Partial>(`partial-decryption-${h}.json`));
    expect(tally.holders).toEqual([1, 3]);
    partials.forEach((p, k) => {
      const Yh = ptB64(key.verificationKeys[p.holder - 1]!);
      p.urns.forEach((u, ui) => u.shares.forEach((s, index) => {
        const A = aggregates[ui]!.targets[index]!.a;
        const rec = v.partialDecryptions[k]!.urns[ui]!.shares[index]!;
        expect([rec.A, rec.D]).toEqual([hexOf(A.toBytes()), b64ToHex(s.value)]);
        const e = checkChallenge(rec.challenge, 'partial-decryption', [
          text(header.manifestFingerprint), text(tally.merkleRoot), text(String(p.holder)), text(u.urnId), text(String(index)),
          point(key.verificationKeys[p.holder - 1]!), { point: hexOf(A.toBytes()) }, point(s.value), point(s.proof.t1), point(s.proof.t2),
        ]);
        const z = scalarB64(s.proof.z);
        expect(mul(G, z).equals(ptB64(s.proof.t1).add(mul(Yh, e)))).toBe(true);
        expect(mul(A, z).equals(ptB64(s.proof.t2).add(mul(ptB64(s.value), e)))).toBe(true);
      }));
    });

    // λ_i = j / (j − i) mod ℓ for the pair {i, j}; inverse by Fermat.
    const pow = (b: bigint, e: bigint): bigint => (e === 0n ? 1n : e % 2n === 1n ? mod(b * pow(b, e - 1n)) : pow(mod(b * b), e / 2n));
    const [i, j] = tally.holders as [number, number];
    const lambda = { [i]: mod(BigInt(j) * pow(mod(BigInt(j - i)), L - 2n)), [j]: mod(BigInt(i) * pow(mod(BigInt(i - j)), L - 2n)) };
    for (const h of [i, j]) {
      expect(v.combination.lagrange[h]!.decimal).toBe(lambda[h]!.toString());
      expect(v.combination.lagrange[h]!.bytesLittleEndian).toBe(hexOf(Uint8Array.from({ length: 32 }, (_, n) => Number((lambda[h]! >> BigInt(8 * n)) & 255n))));
    }
    aggregates.forEach((agg, u) => {
      const totals = agg.targets.map((ct, index) => {
        const sA = mul(ptB64(partials[0]!.urns[u]!.shares[index]!.value), lambda[i]!).add(mul(ptB64(partials[1]!.urns[u]!.shares[index]!.value), lambda[j]!));
        const M = ct.b.subtract(sA);
        let m = 0;
        while (!mul(G, BigInt(m)).equals(M)) expect(++m).toBeLessThanOrEqual(agg.ballots);
        expect(v.combination.urns[u]!.values[index]).toEqual({ index, sA: hexOf(sA.toBytes()), M: hexOf(M.toBytes()), m });
        return m;
      });
      expect(tally.urns[u]).toEqual({ urnId: agg.urnId, ballots: agg.ballots, blank: totals[totals.length - 1], votes: totals.slice(0, -1) });
    });
    // And the totals are the votes cast: encryption (a, b) = (r·G, m·G + r·Y) with the stated randomness.
    const expected = manifest.urns.map((u) => ({ urnId: u.id, ballots: 0, blank: 0, votes: u.candidates.map(() => 0) }));
    for (const vote of v.votes) {
      const t = expected.find((e) => e.urnId === vote.urnId)!;
      t.ballots++;
      if (vote.marks.length === 0) t.blank++;
      for (const m of vote.marks) t.votes[m]!++;
    }
    expect(tally.urns).toEqual(expected);
    const byA = new Map(ballots.flatMap((b) => [...b.choices, b.blank]).map((ct) => [b64ToHex(ct.a), b64ToHex(ct.b)]));
    for (const vote of v.votes) {
      const n = manifest.urns.find((u) => u.id === vote.urnId)!.candidates.length;
      vote.randomness.forEach((r, k) => {
        const m = k < n ? Number(vote.marks.includes(k)) : Number(vote.marks.length === 0);
        expect(byA.get(hexOf(mul(G, BigInt(r)).toBytes()))).toBe(hexOf(mul(G, BigInt(m)).add(mul(Y, BigInt(r))).toBytes()));
      });
    }
  });

  test('the independent verifier answers « vérifié » on the vectors (ceremony, urn, tally, platform key)', async () => {
    const bin = join(__dirname, '..', '..', 'verifier', 'bin', 'scrutin-verify-urn.js');
    const r = await promisify(execFile)(bin, [
      '--urn', join(DIR, 'urn.jsonl'), '--tally', join(DIR, 'tally.json'), '--election-key', join(DIR, 'ceremony', 'election-key.json'),
      '--platform-key-fingerprint', v.platform.fingerprint.output, '--workers', '0',
    ], { env: { ...process.env, NODE_OPTIONS: '' } });
    expect(r.stdout).toMatch(/URNE INTÈGRE/);
    expect(r.stdout).toMatch(/CÉRÉMONIE DES CLÉS VÉRIFIÉE/);
    expect(r.stdout).toMatch(/DÉPOUILLEMENT VÉRIFIÉ/);
  });
});
