import fc from 'fast-check';
import { encrypt } from './elgamal.js';
import { G, randomScalar, mod, Point } from './group.js';
import { proveMembership, membershipChallengeHolds, addMembershipEquations, proveEquality, verifyEquality, proveKnowledge, verifyKnowledge, type DisjunctiveProof } from './proofs.js';
import { BatchVerifier } from './batch.js';
import { discreteLog } from './tally.js';

const secret = randomScalar();
const Y = G.multiply(secret);
const transcript = ['empreinte', 'URNE'];

function verify(ct: { a: Point; b: Point }, values: number[], proof: DisjunctiveProof, t = transcript): boolean {
  if (!membershipChallengeHolds(proof, t, proof.A.map((p) => p.toBytes()), proof.B.map((p) => p.toBytes()))) return false;
  const batch = new BatchVerifier();
  const linear = [{ slotA: batch.slot(ct.a), slotB: batch.slot(ct.b), k: 1n }];
  addMembershipEquations(batch, Y, linear, values, proof, proof.A.map((p) => batch.slot(p)), proof.B.map((p) => batch.slot(p)));
  return batch.check();
}

describe('exponential ElGamal', () => {
  test('decrypting with the secret gives back m (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), (m) => {
      const ct = encrypt(Y, m, randomScalar());
      expect(discreteLog(ct.b.subtract(ct.a.multiply(secret)), 5000)).toBe(m);
    }), { numRuns: 20 });
  });
  test('discrete logarithm refuses totals beyond the bound', () => {
    expect(discreteLog(G.multiplyUnsafe(101n), 100)).toBeNull();
    expect(discreteLog(Point.ZERO, 0)).toBe(0);
  });
});

describe('disjunctive Chaum–Pedersen', () => {
  test('accepts every honest proof for values in the set (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.nat(), (size, pick) => {
      const values = Array.from({ length: size }, (_, i) => i + 1);
      const m = values[pick % size]!;
      const r = randomScalar();
      const ct = encrypt(Y, m, r);
      expect(verify(ct, values, proveMembership(Y, ct, m, r, values, transcript))).toBe(true);
    }), { numRuns: 15 });
  });

  test('rejects a ciphertext of 2 proved as a bit', () => {
    const r = randomScalar();
    const ct = encrypt(Y, 2, r);
    // Best a cheater can do: run the prover as if m were 1.
    const forged = proveMembership(Y, ct, 1, r, [0, 1], transcript);
    expect(verify(ct, [0, 1], forged)).toBe(false);
  });

  const r = randomScalar();
  const ct = encrypt(Y, 1, r);
  const proof = proveMembership(Y, ct, 1, r, [0, 1], transcript);
  test.each([
    ['a challenge', (p: DisjunctiveProof) => ({ ...p, c: [mod(p.c[0]! + 1n), p.c[1]!] })],
    ['a response', (p: DisjunctiveProof) => ({ ...p, z: [p.z[0]!, mod(p.z[1]! + 1n)] })],
    ['a commitment', (p: DisjunctiveProof) => ({ ...p, A: [p.A[0]!.add(G), p.A[1]!] })],
    ['swapped challenges', (p: DisjunctiveProof) => ({ ...p, c: [p.c[1]!, p.c[0]!] })],
  ])('rejects a proof with %s changed', (_name, tamper) => {
    expect(verify(ct, [0, 1], proof)).toBe(true);
    expect(verify(ct, [0, 1], tamper(proof))).toBe(false);
  });
  test('rejects the proof for another ciphertext or another election', () => {
    const other = encrypt(Y, 1, randomScalar());
    expect(verify(other, [0, 1], proof)).toBe(false);
    expect(verify(ct, [0, 1], proof, ['autre empreinte', 'URNE'])).toBe(false);
  });
  test('one bad equation spoils a whole batch', () => {
    const batch = new BatchVerifier();
    for (let i = 0; i < 5; i++) {
      const ri = randomScalar();
      const c = encrypt(Y, i % 2, ri);
      const p = proveMembership(Y, c, i % 2, ri, [0, 1], transcript);
      const zs = i === 3 ? [p.z[0]!, mod(p.z[1]! + 1n)] : p.z;
      addMembershipEquations(batch, Y, [{ slotA: batch.slot(c.a), slotB: batch.slot(c.b), k: 1n }], [0, 1], { ...p, z: zs }, p.A.map((x) => batch.slot(x)), p.B.map((x) => batch.slot(x)));
    }
    expect(batch.check()).toBe(false);
  });
});

describe('Chaum–Pedersen equality and Schnorr', () => {
  test('partial decryption proof accepts the right share and rejects another', () => {
    const share = randomScalar();
    const key = G.multiply(share);
    const base = G.multiply(randomScalar());
    const value = base.multiply(share);
    const proof = proveEquality(share, base, key, value, ['t']);
    expect(verifyEquality(base, key, value, proof, ['t'])).toBe(true);
    expect(verifyEquality(base, key, value.add(G), proof, ['t'])).toBe(false);
    const wrong = randomScalar();
    expect(verifyEquality(base, key, base.multiply(wrong), proveEquality(wrong, base, key, base.multiply(wrong), ['t']), ['t'])).toBe(false);
  });
  test('proof of knowledge', () => {
    const x = randomScalar();
    const X = G.multiply(x);
    const p = proveKnowledge(x, X, ['c', '1']);
    expect(verifyKnowledge(X, p, ['c', '1'])).toBe(true);
    expect(verifyKnowledge(X, p, ['c', '2'])).toBe(false);
    expect(verifyKnowledge(X.add(G), p, ['c', '1'])).toBe(false);
  });
});
