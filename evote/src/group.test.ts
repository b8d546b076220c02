import fc from 'fast-check';
import { G, Point, mod, randomScalar, randomSmallScalar, withTable } from './group.js';

describe('withTable: a kept window table for an element multiplied many times', () => {
  const key = G.multiply(randomScalar());

  test('products by the tabled element equal noble’s products without a table, constant-time and variable-time (property)', () => {
    const tabled = withTable(key);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }), (k) => {
        const s = mod(k) || 1n;
        expect(tabled.multiply(s).equals(key.multiply(s))).toBe(true);
        expect(tabled.multiplyUnsafe(s).equals(key.multiplyUnsafe(s))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  test('one table per element: a decoded copy finds it; other elements get their own; the fifth evicts the oldest', () => {
    const first = withTable(key);
    expect(withTable(Point.fromBytes(key.toBytes()))).toBe(first);
    const others = Array.from({ length: 4 }, () => G.multiply(randomScalar()));
    const tabled = others.map(withTable);
    tabled.forEach((t, i) => expect(t.equals(others[i]!)).toBe(true));
    // key was the oldest of five: a new table, which still gives the same products.
    const again = withTable(key);
    expect(again).not.toBe(first);
    expect(again.multiply(7n).equals(key.multiply(7n))).toBe(true);
  });
});

describe('randomSmallScalar: the batch weights, drawn from a pool of random bytes', () => {
  test('odd, below 2^bits, never repeated across several refills of the pool', () => {
    // 128-bit weights: 512 per 8 KiB pool, so 2,000 draws cross three refills.
    const weights = Array.from({ length: 2_000 }, () => randomSmallScalar(128));
    for (const w of weights) {
      expect(w & 1n).toBe(1n);
      expect(w > 0n && w < 1n << 128n).toBe(true);
    }
    expect(new Set(weights).size).toBe(weights.length);
    // Each of the 128 bit positions is set in some weights and clear in others: no byte is stuck.
    for (let bit = 1n; bit < 128n; bit++) {
      const set = weights.filter((w) => (w >> bit) & 1n).length;
      expect(set).toBeGreaterThan(800);
      expect(set).toBeLessThan(1_200);
    }
  });

  test('other sizes share the pool without overlap', () => {
    const mixed = Array.from({ length: 600 }, (_, i) => randomSmallScalar(i % 2 ? 64 : 128));
    mixed.forEach((w, i) => expect(w < 1n << (i % 2 ? 64n : 128n)).toBe(true));
    expect(new Set(mixed).size).toBe(mixed.length);
  });
});
