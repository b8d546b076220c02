// Exponential ElGamal: (a, b) = (rG, mG + rY). Adding ciphertexts adds the votes they hide.
import { G, Point, mod, encodePoint, decodePoint } from './group.js';

export type Ciphertext = { a: Point; b: Point };
export type EncodedCiphertext = { a: string; b: string };

export function encrypt(publicKey: Point, m: number, r: bigint): Ciphertext {
  // r and the vote m are secret: constant-time multiplications only, and no branch on m (noble refuses a
  // zero scalar, hence (m + 1)·G − G).
  const mG = G.multiply(mod(BigInt(m) + 1n)).subtract(G);
  return { a: G.multiply(r), b: mG.add(publicKey.multiply(r)) };
}

export function addCiphertexts(x: Ciphertext, y: Ciphertext): Ciphertext {
  return { a: x.a.add(y.a), b: x.b.add(y.b) };
}

export function scaleCiphertext(x: Ciphertext, k: number): Ciphertext {
  const s = mod(BigInt(k));
  if (s === 0n) return zeroCiphertext();
  return { a: x.a.multiplyUnsafe(s), b: x.b.multiplyUnsafe(s) };
}

export function zeroCiphertext(): Ciphertext {
  return { a: Point.ZERO, b: Point.ZERO };
}

export function sumCiphertexts(list: Ciphertext[]): Ciphertext {
  return list.reduce(addCiphertexts, zeroCiphertext());
}

export function encodeCiphertext(c: Ciphertext): EncodedCiphertext {
  return { a: encodePoint(c.a), b: encodePoint(c.b) };
}

export function decodeCiphertext(c: EncodedCiphertext): Ciphertext {
  return { a: decodePoint(c.a), b: decodePoint(c.b) };
}
