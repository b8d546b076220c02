// Zero-knowledge proofs, in commitment form so that the verifier can batch them (see batch.ts):
// - disjunctive Chaum–Pedersen: a ciphertext hides one value of a public list (0/1 marks, 1..seats sums);
// - Chaum–Pedersen equality: a partial decryption used the holder's share;
// - Schnorr: a key-ceremony contributor knows the secret behind its constant-term commitment.
import { G, Point, mod, randomScalar, hashToScalar, type HashPart } from './group.js';
import type { Ciphertext } from './elgamal.js';
import type { BatchVerifier } from './batch.js';

export type DisjunctiveProof = { A: Point[]; B: Point[]; c: bigint[]; z: bigint[] };
/** The prover's output keeps the commitments' encodings, already computed for the challenge. */
export type ProvedMembership = DisjunctiveProof & { bytesA: Uint8Array[]; bytesB: Uint8Array[] };

/** A ciphertext as the verifier sees it: a combination Σ k·(a_slot, b_slot) of registered ciphertexts. */
export type LinearCiphertext = { slotA: number; slotB: number; k: bigint }[];

function select(bit: bigint, ifOne: bigint, ifZero: bigint): bigint {
  // Arithmetic selection keeps the same operations whichever branch holds the real vote.
  return mod(bit * ifOne + (1n - bit) * ifZero);
}

/**
 * Proves that `ct = (rG, mG + rY)` hides one of `values`. Every branch performs the same multiplications
 * (two on G, one on Y, all constant time) so that timing does not reveal which branch is real.
 */
export function proveMembership(
  publicKey: Point,
  ct: Ciphertext,
  m: number,
  r: bigint,
  values: number[],
  transcript: HashPart[],
  random: () => bigint = () => randomScalar(),
): ProvedMembership {
  const k = values.length;
  const w = random();
  const c: bigint[] = [];
  const z: bigint[] = [];
  const A: Point[] = [];
  const B: Point[] = [];
  for (let j = 0; j < k; j++) {
    const bit = values[j] === m ? 1n : 0n;
    const cj = random();
    const zj = random();
    c.push(cj);
    z.push(zj);
    const u = select(bit, w, zj - cj * r);
    const e = select(bit, 0n, cj * BigInt(m - values[j]!));
    A.push(G.multiply(u));
    // e + 1 is never zero (noble refuses a zero scalar); the extra G is removed by the addition.
    B.push(publicKey.multiply(u).subtract(G.multiply(mod(e + 1n))).add(G));
  }
  const realIndex = values.indexOf(m);
  if (realIndex < 0) throw new Error('valeur hors de l’ensemble prouvé');
  const bytesA = A.map((p) => p.toBytes());
  const bytesB = B.map((p) => p.toBytes());
  const total = hashToScalar('membership', [...transcript, ...bytesA, ...bytesB]);
  let others = 0n;
  for (let j = 0; j < k; j++) if (j !== realIndex) others += c[j]!;
  c[realIndex] = mod(total - others);
  z[realIndex] = mod(w + c[realIndex]! * r);
  return { A, B, c, z, bytesA, bytesB };
}

/** Challenge half of the check; the group equations go to the batch. */
export function membershipChallengeHolds(proof: DisjunctiveProof, transcript: HashPart[], commitmentsA: Uint8Array[], commitmentsB: Uint8Array[]): boolean {
  const total = hashToScalar('membership', [...transcript, ...commitmentsA, ...commitmentsB]);
  let sum = 0n;
  for (const cj of proof.c) sum += cj;
  return mod(sum) === total;
}

/**
 * Adds, for each branch j with value v_j, the equations z_j·G = A_j + c_j·a and z_j·Y = B_j + c_j·(b − v_j·G),
 * each with an independent random weight. `commitmentSlots` are the slots of A_j and B_j, in order.
 */
export function addMembershipEquations(
  batch: BatchVerifier,
  publicKey: Point,
  ct: LinearCiphertext,
  values: number[],
  proof: DisjunctiveProof,
  slotsA: number[],
  slotsB: number[],
): void {
  for (let j = 0; j < values.length; j++) {
    const cj = proof.c[j]!;
    const zj = proof.z[j]!;
    const r1 = batch.weight();
    const r2 = batch.weight();
    batch.addG(r1 * zj);
    batch.add(slotsA[j]!, -r1);
    batch.addFixed(publicKey, r2 * zj);
    batch.add(slotsB[j]!, -r2);
    batch.addG(r2 * cj * BigInt(values[j]!));
    const ka = mod(r1 * cj);
    const kb = mod(r2 * cj);
    for (const term of ct) {
      batch.add(term.slotA, -ka * term.k);
      batch.add(term.slotB, -kb * term.k);
    }
  }
}

export type EqualityProof = { t1: Point; t2: Point; z: bigint };

/** Proves log_G(verificationKey) = log_base(result) without revealing the share. */
export function proveEquality(share: bigint, base: Point, verificationKey: Point, result: Point, transcript: HashPart[]): EqualityProof {
  const w = randomScalar();
  const t1 = G.multiply(w);
  const t2 = base.multiply(w);
  const c = hashToScalar('partial-decryption', [...transcript, verificationKey, base, result, t1, t2]);
  return { t1, t2, z: mod(w + c * share) };
}

export function verifyEquality(base: Point, verificationKey: Point, result: Point, proof: EqualityProof, transcript: HashPart[]): boolean {
  const c = hashToScalar('partial-decryption', [...transcript, verificationKey, base, result, proof.t1, proof.t2]);
  const left1 = proof.z === 0n ? Point.ZERO : G.multiplyUnsafe(proof.z);
  const left2 = proof.z === 0n ? Point.ZERO : base.multiplyUnsafe(proof.z);
  const right1 = proof.t1.add(c === 0n ? Point.ZERO : verificationKey.multiplyUnsafe(c));
  const right2 = proof.t2.add(c === 0n ? Point.ZERO : result.multiplyUnsafe(c));
  return left1.equals(right1) && left2.equals(right2);
}

export type SchnorrProof = { t: Point; z: bigint };

export function proveKnowledge(secret: bigint, publicPoint: Point, transcript: HashPart[]): SchnorrProof {
  const w = randomScalar();
  const t = G.multiply(w);
  const c = hashToScalar('knowledge', [...transcript, publicPoint, t]);
  return { t, z: mod(w + c * secret) };
}

export function verifyKnowledge(publicPoint: Point, proof: SchnorrProof, transcript: HashPart[]): boolean {
  const c = hashToScalar('knowledge', [...transcript, publicPoint, proof.t]);
  const left = proof.z === 0n ? Point.ZERO : G.multiplyUnsafe(proof.z);
  return left.equals(proof.t.add(c === 0n ? Point.ZERO : publicPoint.multiplyUnsafe(c)));
}

