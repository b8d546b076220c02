import fc from 'fast-check';
import { G, Point, mod, randomScalar, withTable } from './group.js';

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
