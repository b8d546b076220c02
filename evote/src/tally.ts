// Aggregation, partial decryption with proof, Lagrange combination of two partials, discrete logarithm.
import { type Ciphertext, addCiphertexts, zeroCiphertext, encodeCiphertext, decodeCiphertext, type EncodedCiphertext } from './elgamal.js';
import { G, Point, mod, invert, encodePoint, decodePoint, encodeScalar, decodeScalar, type HashPart } from './group.js';
import { proveEquality, verifyEquality, type RandomBytes } from './proofs.js';
import type { ElectionManifest, PartialDecryption, UrnTally } from './schemas.js';
import { type Result, ok, err } from '@scrutin/basics/result.js';

export type UrnAggregate = { urnId: string; ballots: number; choices: Ciphertext[]; blank: Ciphertext };
export type EncodedUrnAggregate = { urnId: string; ballots: number; choices: EncodedCiphertext[]; blank: EncodedCiphertext };

export function emptyAggregates(manifest: ElectionManifest): UrnAggregate[] {
  return manifest.urns.map((u) => ({ urnId: u.id, ballots: 0, choices: u.candidates.map(zeroCiphertext), blank: zeroCiphertext() }));
}

export function addToAggregate(agg: UrnAggregate, ballot: { choices: Ciphertext[]; blank: Ciphertext }): void {
  agg.ballots++;
  for (let i = 0; i < agg.choices.length; i++) agg.choices[i] = addCiphertexts(agg.choices[i]!, ballot.choices[i]!);
  agg.blank = addCiphertexts(agg.blank, ballot.blank);
}

export function mergeAggregates(x: UrnAggregate[], y: UrnAggregate[]): UrnAggregate[] {
  return x.map((a, i) => {
    const b = y[i]!;
    return { urnId: a.urnId, ballots: a.ballots + b.ballots, choices: a.choices.map((c, j) => addCiphertexts(c, b.choices[j]!)), blank: addCiphertexts(a.blank, b.blank) };
  });
}

export function encodeAggregates(list: UrnAggregate[]): EncodedUrnAggregate[] {
  return list.map((a) => ({ urnId: a.urnId, ballots: a.ballots, choices: a.choices.map(encodeCiphertext), blank: encodeCiphertext(a.blank) }));
}

export function decodeAggregates(list: EncodedUrnAggregate[]): UrnAggregate[] {
  return list.map((a) => ({ urnId: a.urnId, ballots: a.ballots, choices: a.choices.map(decodeCiphertext), blank: decodeCiphertext(a.blank) }));
}

/** The ciphertexts to decrypt for one urn: each candidate in manifest order, then the blank counter. */
function targets(agg: UrnAggregate): Ciphertext[] {
  return [...agg.choices, agg.blank];
}

export type DecryptionContext = { electionCode: string; manifestFingerprint: string; merkleRoot: string };

function transcript(ctx: DecryptionContext, holder: number, urnId: string, index: number): HashPart[] {
  return [ctx.manifestFingerprint, ctx.merkleRoot, String(holder), urnId, String(index)];
}

/** Holder `holder` computes s·A for each aggregate, with a Chaum–Pedersen proof against its verification key. */
export function partialDecrypt(ctx: DecryptionContext, holder: number, share: bigint, aggregates: UrnAggregate[], random?: RandomBytes): PartialDecryption {
  const verificationKey = G.multiply(share);
  return {
    format: 'scrutin-partial-decryption/1',
    holder,
    electionCode: ctx.electionCode,
    manifestFingerprint: ctx.manifestFingerprint,
    merkleRoot: ctx.merkleRoot,
    urns: aggregates.map((agg) => ({
      urnId: agg.urnId,
      shares: targets(agg).map((ct, index) => {
        // An empty urn has A = identity; s·0 = 0 and the proof still holds, so no special case leaks anything.
        const value = ct.a.is0() ? Point.ZERO : ct.a.multiply(share);
        const proof = proveEquality(share, ct.a, verificationKey, value, transcript(ctx, holder, agg.urnId, index), random);
        return { value: encodePoint(value), proof: { t1: encodePoint(proof.t1), t2: encodePoint(proof.t2), z: encodeScalar(proof.z) } };
      }),
    })),
  };
}

/**
 * Why `partialDecryptWithShare` made no partial: `UNREADABLE`, the share is no scalar in base64url
 * (docs/formats/urn.md §1.1); `NOT_HOLDER_KEY`, its s·G is not the holder's published verification key Y_h (§2.5).
 */
export type ShareRefusal = 'UNREADABLE' | 'NOT_HOLDER_KEY';

/**
 * Holder `holder`'s partial decryption of `aggregates` (docs/formats/urn.md §7), from its share as a share vault
 * holds it (`share`, a scalar in base64url: §1.1, §2.8; `openShare`). The share is checked first against the
 * holder's verification key Y_h = s_h·G (§2.5; `verificationKeys` in holder order, as `parseHeader` gives them),
 * so that a wrong share (altered, re-sealed, of another ceremony) never produces a partial (§7).
 */
export function partialDecryptWithShare(ctx: DecryptionContext, holder: number, share: string, verificationKeys: readonly Point[], aggregates: UrnAggregate[]): Result<PartialDecryption, ShareRefusal> {
  let s: bigint;
  try {
    s = decodeScalar(share);
  } catch {
    return err('UNREADABLE');
  }
  const key = verificationKeys[holder - 1];
  // Zero is no share (G·0 would throw) and no verification key is the identity (§1.1).
  if (!key || s === 0n || !G.multiply(s).equals(key)) return err('NOT_HOLDER_KEY');
  return ok(partialDecrypt(ctx, holder, s, aggregates));
}

export function verifyPartialDecryption(ctx: DecryptionContext, verificationKeys: Point[], aggregates: UrnAggregate[], partial: PartialDecryption): Result<Point[][], string> {
  const who = `déchiffrement partiel du détenteur ${partial.holder}`;
  if (partial.manifestFingerprint !== ctx.manifestFingerprint || partial.merkleRoot !== ctx.merkleRoot || partial.electionCode !== ctx.electionCode)
    return err(`Le ${who} porte sur une autre urne ou une autre élection.`);
  const key = verificationKeys[partial.holder - 1];
  if (!key) return err(`Détenteur ${partial.holder} inconnu.`);
  if (partial.urns.length !== aggregates.length) return err(`Le ${who} n’a pas le bon nombre d’urnes.`);
  const values: Point[][] = [];
  try {
    for (let u = 0; u < aggregates.length; u++) {
      const agg = aggregates[u]!;
      const p = partial.urns[u]!;
      const cts = targets(agg);
      if (p.urnId !== agg.urnId || p.shares.length !== cts.length) return err(`Le ${who} ne correspond pas à l’urne ${agg.urnId}.`);
      const urnValues: Point[] = [];
      for (let i = 0; i < cts.length; i++) {
        const s = p.shares[i]!;
        const value = decodePoint(s.value);
        const proof = { t1: decodePoint(s.proof.t1), t2: decodePoint(s.proof.t2), z: decodeScalar(s.proof.z) };
        // D = s_h·A and t2 = w·A with s_h, w non-zero: each is the identity exactly when A is (an empty urn).
        const emptyA = cts[i]!.a.is0();
        if (value.is0() !== emptyA || proof.t2.is0() !== emptyA)
          return err(`La preuve du ${who} est invalide (urne ${agg.urnId}, valeur ${i + 1}) : élément neutre inattendu (ou manquant).`);
        if (!verifyEquality(cts[i]!.a, key, value, proof, transcript(ctx, partial.holder, agg.urnId, i)))
          return err(`La preuve du ${who} est invalide (urne ${agg.urnId}, valeur ${i + 1}) : part erronée ou falsifiée.`);
        urnValues.push(value);
      }
      values.push(urnValues);
    }
  } catch {
    return err(`Le ${who} est mal formé.`);
  }
  return ok(values);
}

/** λ_i for interpolation at 0 over the two holders present. Public values, so the fast path is fine. */
export function lagrangeAtZero(i: number, j: number): bigint {
  return mod(BigInt(j) * invert(BigInt(j - i)));
}

/** Smallest m in [0, max] with m·G = target, by baby-step giant-step; null when out of range. */
export function discreteLog(target: Point, max: number): number | null {
  if (target.is0()) return 0;
  const step = Math.max(1, Math.ceil(Math.sqrt(max + 1)));
  const baby = new Map<string, number>();
  let p = Point.ZERO;
  for (let j = 0; j < step; j++) {
    baby.set(encodePoint(p), j);
    p = p.add(G);
  }
  const giant = p.negate();
  let current = target;
  for (let i = 0; i * step <= max; i++) {
    const j = baby.get(encodePoint(current));
    if (j !== undefined && i * step + j <= max) return i * step + j;
    current = current.add(giant);
  }
  return null;
}

/** Two verified partials → the totals of each urn. Fails if the holders are not two distinct ones. */
export function combinePartials(aggregates: UrnAggregate[], partials: [{ holder: number; values: Point[][] }, { holder: number; values: Point[][] }]): Result<UrnTally[], string> {
  const [p, q] = partials;
  if (p.holder === q.holder) return err('Il faut les parts de deux détenteurs différents.');
  const lp = lagrangeAtZero(p.holder, q.holder);
  const lq = lagrangeAtZero(q.holder, p.holder);
  const tallies: UrnTally[] = [];
  for (let u = 0; u < aggregates.length; u++) {
    const agg = aggregates[u]!;
    const cts = targets(agg);
    const totals: number[] = [];
    for (let i = 0; i < cts.length; i++) {
      const dp = p.values[u]![i]!;
      const dq = q.values[u]![i]!;
      const sA = (dp.is0() ? Point.ZERO : dp.multiplyUnsafe(lp)).add(dq.is0() ? Point.ZERO : dq.multiplyUnsafe(lq));
      const m = discreteLog(cts[i]!.b.subtract(sA), agg.ballots);
      if (m === null) return err(`Total hors bornes dans l’urne ${agg.urnId} : parts incohérentes.`);
      totals.push(m);
    }
    const blank = totals.pop()!;
    tallies.push({ urnId: agg.urnId, ballots: agg.ballots, blank, votes: totals });
  }
  return ok(tallies);
}
