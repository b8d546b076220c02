// Multi-scalar multiplication for the verifier's batched checks (public scalars only: not constant time).
// Signed-digit Pippenger that skips zero digits, so the 128-bit batch weights cost half of a full scalar;
// noble's `pippenger` walks every window of every scalar, which measured 1.7x slower here (20,000 points: 114 µs against 66 µs per point).
import { Point, ORDER } from './group.js';

function windowFor(n: number): number {
  if (n < 32) return 4;
  // Cost ≈ n·(scalar bits)/c additions plus 2^c per window for the buckets; with two thirds of the scalars
  // at 128 bits, log2(n) − 3 is the minimum (e.g. c = 13 for the 73,000 points of 1,000 ballots).
  const log = Math.floor(Math.log2(n));
  return Math.min(16, Math.max(5, log - 3));
}

/** Σ scalars[i]·points[i]; scalars may be negative (|s| < ORDER) so that small weights stay small. */
export function multiScalarMultiply(points: Point[], scalars: bigint[]): Point {
  if (points.length !== scalars.length) throw new Error('MSM: longueurs différentes');
  if (points.length === 0) return Point.ZERO;
  if (points.length < 8) {
    let acc = Point.ZERO;
    for (let i = 0; i < points.length; i++) {
      const s = scalars[i]! % ORDER;
      if (s === 0n) continue;
      acc = s > 0n ? acc.add(points[i]!.multiplyUnsafe(s)) : acc.subtract(points[i]!.multiplyUnsafe(-s));
    }
    return acc;
  }
  const c = windowFor(points.length);
  const base = 1 << c;
  const half = base >> 1;
  const mask = BigInt(base - 1);
  const cBig = BigInt(c);
  const windows = Math.ceil(254 / c) + 1;
  const n = points.length;
  const digits = new Int32Array(n * windows);
  const signedPoints: Point[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let s = scalars[i]! % ORDER;
    let p = points[i]!;
    if (s < 0n) {
      s = -s;
      p = p.negate();
    }
    signedPoints[i] = p;
    let w = 0;
    while (s > 0n) {
      let d = Number(s & mask);
      s >>= cBig;
      if (d >= half) {
        d -= base;
        s += 1n;
      }
      digits[i * windows + w] = d;
      w++;
    }
  }
  const negated: (Point | undefined)[] = new Array(n);
  let result = Point.ZERO;
  const buckets: (Point | undefined)[] = new Array(half);
  for (let w = windows - 1; w >= 0; w--) {
    if (w !== windows - 1) for (let k = 0; k < c; k++) result = result.double();
    buckets.fill(undefined);
    let any = false;
    for (let i = 0; i < n; i++) {
      const d = digits[i * windows + w]!;
      if (d === 0) continue;
      any = true;
      let p: Point;
      if (d > 0) p = signedPoints[i]!;
      else p = negated[i] ?? (negated[i] = signedPoints[i]!.negate());
      const idx = (d > 0 ? d : -d) - 1;
      const cur = buckets[idx];
      buckets[idx] = cur === undefined ? p : cur.add(p);
    }
    if (!any) continue;
    let running: Point | undefined;
    let windowSum: Point | undefined;
    for (let j = half - 1; j >= 0; j--) {
      const b = buckets[j];
      if (b !== undefined) running = running === undefined ? b : running.add(b);
      if (running !== undefined) windowSum = windowSum === undefined ? running : windowSum.add(running);
    }
    if (windowSum !== undefined) result = result.add(windowSum);
  }
  return result;
}
