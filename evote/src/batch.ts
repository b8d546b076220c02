// Random linear combination of many verification equations, checked with one MSM. A false equation
// survives with probability 2^-127 per batch (Bellare–Garay–Rabin small-exponent test, 128-bit weights).
import { G, Point, mod, randomSmallScalar } from './group.js';
import { multiScalarMultiply } from './msm.js';

export const WEIGHT_BITS = 128;

export class BatchVerifier {
  private gCoef = 0n;
  private readonly yCoefs = new Map<Point, bigint>();
  private readonly points: Point[] = [];
  private readonly coefs: bigint[] = [];

  /** Registers a point once; the slot lets several equations share it (a ciphertext used by two proofs). */
  slot(point: Point): number {
    this.points.push(point);
    this.coefs.push(0n);
    return this.points.length - 1;
  }

  add(slot: number, coef: bigint): void {
    this.coefs[slot] = this.coefs[slot]! + coef;
  }

  addG(coef: bigint): void {
    this.gCoef += coef;
  }

  /** Fixed public bases (the election key) are summed apart and multiplied once. */
  addFixed(base: Point, coef: bigint): void {
    this.yCoefs.set(base, (this.yCoefs.get(base) ?? 0n) + coef);
  }

  weight(): bigint {
    return randomSmallScalar(WEIGHT_BITS);
  }

  get size(): number {
    return this.points.length;
  }

  check(): boolean {
    let acc = multiScalarMultiply(this.points, this.coefs.map((c) => c % Point.Fn.ORDER));
    const g = mod(this.gCoef);
    if (g !== 0n) acc = acc.add(G.multiplyUnsafe(g));
    for (const [base, coef] of this.yCoefs) {
      const y = mod(coef);
      if (y !== 0n) acc = acc.add(base.multiplyUnsafe(y));
    }
    return acc.is0();
  }
}
