// Benchmark fixture only, never an encryptor: writes valid ballots of a known distribution quickly, by
// knowing the election secret x (the bench holds all three shares) and drawing every random scalar from an
// arithmetic progression s, s + δ, s + 2δ… so that each new point is one libsodium addition instead of a
// scalar multiplication, and by reusing the proofs' commitments (below). The randomness is correlated across ballots, which would let anyone who learns one
// r learn them all: acceptable for a file whose votes are public by construction, nowhere else. The checks
// the benchmark measures do not depend on how the randomness was drawn (every proof is verified in full).
//
// Simulation used for the branches that do not hold the vote (v ≠ m), with a = rG, b = rY + mG:
// A = αG, B = αY + βG and c = −β/(m − v), z = α + c·r satisfy z·G = A + c·a and z·Y = B + c·(b − vG).
import { G as NobleG, hashToScalar, invert, mod, encodeScalar, randomScalar, type HashPart } from '@scrutin/evote/group.js';
import { toBase64Url } from '@scrutin/evote/encoding.js';
import { BIT, range, choiceTranscript, blankTranscript, sumTranscript } from '@scrutin/evote/ballot.js';
import { ballotLine } from '@scrutin/evote/urn.js';
import { chooseTestBallot } from '@scrutin/evote/testing';
import type { GroupBackend } from '@scrutin/evote/group-backend.js';
import type { ElectionManifest, EncodedBallot, EncodedDisjunctiveProof } from '@scrutin/evote';

type Raw = { a: Uint8Array; b: Uint8Array };

/** Lines of ballots `from` .. `to − 1` under key Y = x·G (x: the election secret, bench only). */
export function fastBallotLines(group: GroupBackend, manifest: ElectionManifest, fingerprint: string, x: bigint, seed: string, from: number, to: number): string[] {
  let s = randomScalar();
  const delta = randomScalar();
  const beta = randomScalar();
  let P = group.multiplyBase(s);
  let Q = group.multiplyBase(mod(s * x));
  const stepG = group.multiplyBase(delta);
  const stepY = group.multiplyBase(mod(delta * x));
  const betaG = group.multiplyBase(beta);
  const G = group.multiplyBase(1n);
  if (toBase64Url(G) !== toBase64Url(NobleG.toBytes())) throw new Error('base point');
  /** The next scalar of the progression with its multiples of G and of Y. */
  const draw = (): { k: bigint; kG: Uint8Array; kY: Uint8Array } => {
    s = mod(s + delta);
    P = group.add(P, stepG);
    Q = group.add(Q, stepY);
    return { k: s, kG: P, kY: Q };
  };
  // The commitments of proof position `key` are drawn once and reused by every ballot: the equations hold
  // with any (α, β), the challenges still differ (they hash the ballot's own ciphertexts), and the checks
  // decode and multiply every commitment of every ballot all the same. It cuts generation fourfold.
  const commitments = new Map<string, { k: bigint; kG: Uint8Array; kY: Uint8Array; kYbeta: Uint8Array }>();
  const commitment = (key: string) => {
    let c = commitments.get(key);
    if (!c) {
      const d = draw();
      c = { ...d, kYbeta: group.add(d.kY, betaG) };
      commitments.set(key, c);
    }
    return c;
  };
  const prove = (r: bigint, m: number, values: number[], transcript: HashPart[], key: string): EncodedDisjunctiveProof => {
    const A: Uint8Array[] = [];
    const B: Uint8Array[] = [];
    const c: bigint[] = [];
    const z: bigint[] = [];
    let w = 0n;
    for (const [j, v] of values.entries()) {
      const d = commitment(`${key}/${j}`);
      A.push(d.kG);
      if (v === m) {
        w = d.k;
        B.push(d.kY);
        c.push(0n);
        z.push(0n);
      } else {
        B.push(d.kYbeta);
        const cj = mod(-beta * invert(BigInt(m - v)));
        c.push(cj);
        z.push(mod(d.k + cj * r));
      }
    }
    const real = values.indexOf(m);
    const total = hashToScalar('membership', [...transcript, ...A, ...B]);
    c[real] = mod(total - c.reduce((acc, cj, j) => (j === real ? acc : acc + cj), 0n));
    z[real] = mod(w + c[real]! * r);
    return { A: A.map(toBase64Url), B: B.map(toBase64Url), c: c.map(encodeScalar), z: z.map(encodeScalar) };
  };
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const choice = chooseTestBallot(manifest, seed, i);
    const urn = manifest.urns[choice.urnIndex]!;
    const ctx = { manifestFingerprint: fingerprint, urn };
    const values: number[] = urn.candidates.map((_, j) => (choice.marks.includes(j) ? 1 : 0));
    const blankValue = choice.marks.length === 0 ? 1 : 0;
    const encrypt = (m: number): { r: bigint; raw: Raw } => {
      const d = draw();
      return { r: d.k, raw: { a: d.kG, b: m === 1 ? group.add(d.kY, G) : d.kY } };
    };
    const choices = values.map(encrypt);
    const blank = encrypt(blankValue);
    const text = (ct: Raw) => ({ a: toBase64Url(ct.a), b: toBase64Url(ct.b) });
    const choiceProofs = choices.map((ct, j) => prove(ct.r, values[j]!, BIT, choiceTranscript(ctx, j, ct.raw), `${urn.id}/choice/${j}`));
    const blankProof = prove(blank.r, blankValue, BIT, blankTranscript(ctx, blank.raw), `${urn.id}/blank`);
    const sumR = mod(choices.reduce((acc, ct) => acc + ct.r, 0n) + BigInt(urn.seats) * blank.r);
    const sumM = values.reduce((acc, v) => acc + v, 0) + urn.seats * blankValue;
    const allBytes = [...choices.map((ct) => ct.raw), blank.raw].flatMap((ct) => [ct.a, ct.b]);
    const sumProof = prove(sumR, sumM, range(1, urn.seats), sumTranscript(ctx, allBytes), `${urn.id}/sum`);
    const ballot: EncodedBallot = { urnId: urn.id, choices: choices.map((ct) => text(ct.raw)), blank: text(blank.raw), choiceProofs, blankProof, sumProof };
    lines.push(ballotLine(ballot));
  }
  return lines;
}
