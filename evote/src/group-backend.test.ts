// The two ristretto255 backends must agree on every operation the urn checks use, and refuse the same
// encodings: the urn check and the independent verifier run on different ones (issue 13).
import fc from 'fast-check';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { IDENTITY_BYTES, nobleBackend, type GroupBackend } from './group-backend.js';
import { loadSodiumBackend } from './group-backend-sodium.js';
import { ORDER } from './group.js';

let sodium: GroupBackend;
beforeAll(async () => {
  sodium = await loadSodiumBackend();
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const scalar = fc.bigInt({ min: 0n, max: ORDER * 2n });
// Valid elements: s·G for random s, plus the identity.
const element = fc.oneof(
  { weight: 9, arbitrary: fc.bigInt({ min: 1n, max: ORDER - 1n }).map((s) => nobleBackend.multiplyBase(s)) },
  { weight: 1, arbitrary: fc.constant(IDENTITY_BYTES.slice()) },
);
const runs = { numRuns: 60 };

test('both backends give the same answers for add, subtract, multiply, multiplyBase', () => {
  fc.assert(
    fc.property(element, element, scalar, (p, q, s) => {
      expect(hex(sodium.add(p, q))).toBe(hex(nobleBackend.add(p, q)));
      expect(hex(sodium.subtract(p, q))).toBe(hex(nobleBackend.subtract(p, q)));
      expect(hex(sodium.multiply(s, p))).toBe(hex(nobleBackend.multiply(s, p)));
      expect(hex(sodium.multiplyBase(s))).toBe(hex(nobleBackend.multiplyBase(s)));
    }),
    runs,
  );
});

test('identity results: P − P, 0·P, ℓ·P and 0·G are the identity in both', () => {
  const p = nobleBackend.multiplyBase(12345n);
  for (const b of [nobleBackend, sodium]) {
    expect(hex(b.subtract(p, p))).toBe(hex(IDENTITY_BYTES));
    expect(hex(b.multiply(0n, p))).toBe(hex(IDENTITY_BYTES));
    expect(hex(b.multiply(ORDER, p))).toBe(hex(IDENTITY_BYTES));
    expect(hex(b.multiplyBase(0n))).toBe(hex(IDENTITY_BYTES));
    expect(hex(b.multiply(5n, IDENTITY_BYTES))).toBe(hex(IDENTITY_BYTES));
    expect(b.isValid(IDENTITY_BYTES)).toBe(true);
  }
});

test('decoding: the same random 32-byte strings are accepted and refused by both, and operations on refused ones throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
      const valid = nobleBackend.isValid(bytes);
      expect(sodium.isValid(bytes)).toBe(valid);
      if (!valid) {
        const g = nobleBackend.multiplyBase(1n);
        for (const b of [nobleBackend, sodium]) {
          expect(() => b.add(bytes, g)).toThrow();
          expect(() => b.multiply(3n, bytes)).toThrow();
        }
      }
    }),
    { numRuns: 500 },
  );
});

test('non-canonical encodings are refused by both: p + field modulus, negative (odd) s, wrong length', () => {
  // Canonical encodings are field elements s < p with s even; s + p is the same field value, non-canonical.
  const P = 2n ** 255n - 19n;
  const le = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: ORDER - 1n }), (s) => {
      const enc = nobleBackend.multiplyBase(s);
      let n = 0n;
      for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(enc[i]!);
      const variants = [le(P - n), ...(n + P < 2n ** 256n ? [le(n + P)] : [])];
      for (const v of variants) {
        expect(nobleBackend.isValid(v)).toBe(false);
        expect(sodium.isValid(v)).toBe(false);
      }
    }),
    runs,
  );
  for (const b of [nobleBackend, sodium]) {
    expect(b.isValid(new Uint8Array(31))).toBe(false);
    expect(b.isValid(new Uint8Array(33))).toBe(false);
  }
});

test('hash to the group and wide reduction agree; the noble side matches noble’s own point type', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => {
      const e = sodium.fromUniformBytes(bytes);
      expect(hex(e)).toBe(hex(nobleBackend.fromUniformBytes(bytes)));
      expect(() => ristretto255.Point.fromBytes(e)).not.toThrow();
      expect(sodium.reduceWide(bytes)).toBe(nobleBackend.reduceWide(bytes));
    }),
    runs,
  );
});
