// Two independent implementations of ristretto255 (RFC 9496) behind one small interface on encoded elements,
// so that the urn check and the independent verifier can run on different libraries and cross-check each
// other on every test urn (issue 13): @noble/curves (pure JS, bigint field) and libsodium (C compiled to
// WebAssembly, libsodium-wrappers-sumo, in group-backend-sodium.ts). Every caller names the backend it uses.
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { mod } from './group.js';

export type BackendName = 'noble' | 'libsodium';

/**
 * ristretto255 on 32-byte canonical encodings. Scalars are bigints, reduced modulo the group order ℓ by the
 * backend. All functions throw on an invalid or non-canonical encoding (callers check `isValid` first at
 * a boundary) and return the identity (32 zero bytes) where the group law gives it.
 * Variable time: for public values only (verification); never pass a secret scalar.
 */
export interface GroupBackend {
  readonly name: BackendName;
  /** True iff `bytes` is the canonical encoding of an element (the identity included). */
  isValid(bytes: Uint8Array): boolean;
  add(p: Uint8Array, q: Uint8Array): Uint8Array;
  subtract(p: Uint8Array, q: Uint8Array): Uint8Array;
  /** s·P for any integer s (taken modulo ℓ). */
  multiply(s: bigint, p: Uint8Array): Uint8Array;
  /** s·G, G the standard base point. */
  multiplyBase(s: bigint): Uint8Array;
  /** The RFC 9496 §4.3.4 element derivation from 64 uniform bytes (libsodium's `from_hash`). */
  fromUniformBytes(bytes: Uint8Array): Uint8Array;
  /** 64 bytes read little-endian, reduced modulo ℓ (libsodium's `scalar_reduce`). */
  reduceWide(bytes: Uint8Array): bigint;
}

export const IDENTITY_BYTES: Uint8Array = new Uint8Array(32);

export function bytesEqual(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

export function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

const NoblePoint = ristretto255.Point;

export const nobleBackend: GroupBackend = {
  name: 'noble',
  isValid(bytes) {
    if (bytes.length !== 32) return false;
    try {
      NoblePoint.fromBytes(bytes);
      return true;
    } catch {
      return false;
    }
  },
  add: (p, q) => NoblePoint.fromBytes(p).add(NoblePoint.fromBytes(q)).toBytes(),
  subtract: (p, q) => NoblePoint.fromBytes(p).subtract(NoblePoint.fromBytes(q)).toBytes(),
  multiply(s, p) {
    const point = NoblePoint.fromBytes(p);
    const k = mod(s);
    return k === 0n ? IDENTITY_BYTES.slice() : point.multiplyUnsafe(k).toBytes();
  },
  multiplyBase(s) {
    const k = mod(s);
    return k === 0n ? IDENTITY_BYTES.slice() : NoblePoint.BASE.multiplyUnsafe(k).toBytes();
  },
  fromUniformBytes: (bytes) => ristretto255_hasher.deriveToCurve!(bytes).toBytes(),
  reduceWide: (bytes) => mod(littleEndian(bytes)),
};

/**
 * The library of the urn check (station unsealing, `scrutin-urn check`): the faster one in bench/urn
 * (bench/RESULTS.md, 2026-11-30: on the same 2,000-ballot urn, noble's batched MSM 270 s wall against 326 s
 * for libsodium's direct checks, whose 8× faster single operations do not make up for the lack of an MSM).
 * The independent verifier (`scrutin-verify-urn`, workspace verifier/) is a separate implementation on
 * libsodium and OpenSSL, so that every urn checked by both has been checked by two implementations.
 */
export const URN_CHECK_GROUP: BackendName = 'noble';
