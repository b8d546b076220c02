import fc from 'fast-check';
import { multiScalarMultiply } from './msm.js';
import { G, ORDER, Point, mod } from './group.js';

const naive = (points: Point[], scalars: bigint[]) =>
  points.reduce((acc, p, i) => {
    const s = mod(scalars[i]!);
    return s === 0n ? acc : acc.add(p.multiplyUnsafe(s));
  }, Point.ZERO);

test('MSM equals the sum of the single multiplications, signed and unsigned, small and large', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 1n << 40n }), fc.bigInt({ min: -(ORDER - 1n), max: ORDER - 1n })), { minLength: 0, maxLength: 40 }),
      (pairs) => {
        const points = pairs.map(([k]) => G.multiplyUnsafe(k));
        const scalars = pairs.map(([, s]) => s);
        expect(multiScalarMultiply(points, scalars).equals(naive(points, scalars))).toBe(true);
      },
    ),
    { numRuns: 25 },
  );
});
