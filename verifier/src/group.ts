// ristretto255 on libsodium (WebAssembly), the second implementation beside evote's @noble path (issue 13):
// the two cross-check each other on every test urn. docs/formats/urn.md §1.1.
import sodium from 'libsodium-wrappers-sumo';

/** A ristretto255 element in its canonical 32-byte encoding (RFC 9496). */
export type Point = Uint8Array;

/** ℓ, the order of ristretto255 (urn.md, notation). */
export const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
/** The identity, encoded as 32 zero bytes. */
export const IDENTITY: Point = new Uint8Array(32);

let ready = false;

/** Loads libsodium's WebAssembly once; every other function of this module needs it. */
export async function loadGroup(): Promise<void> {
  await sodium.ready;
  ready = true;
}

function lib(): typeof sodium {
  if (!ready) throw new Error('libsodium non chargé : appeler loadGroup() d’abord');
  return sodium;
}

/** x mod ℓ in [0, ℓ). */
export function mod(x: bigint): bigint {
  const r = x % ORDER;
  return r < 0n ? r + ORDER : r;
}

/** 32 bytes little-endian of a scalar already in [0, ℓ). */
export function scalarBytes(k: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let x = k;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(x & 255n);
    x >>= 8n;
  }
  return out;
}

/** The little-endian integer of `bytes` (any length). */
export function littleEndian(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
  return x;
}

/** True when `bytes` is the canonical encoding of an element (the identity included), RFC 9496 decoding. */
export function isPoint(bytes: Uint8Array): boolean {
  return bytes.length === 32 && lib().crypto_core_ristretto255_is_valid_point(bytes);
}

export function isIdentity(p: Point): boolean {
  return p.every((b) => b === 0);
}

export function equal(p: Point, q: Point): boolean {
  return p.length === q.length && p.every((b, i) => b === q[i]);
}

export function add(p: Point, q: Point): Point {
  return lib().crypto_core_ristretto255_add(p, q);
}

export function subtract(p: Point, q: Point): Point {
  return lib().crypto_core_ristretto255_sub(p, q);
}

/**
 * k·P for any integer k (reduced mod ℓ). libsodium refuses a zero scalar and an identity result (its
 * callers usually want that); here both simply mean the identity, which public data may hold (§5.4).
 */
export function multiply(p: Point, k: bigint): Point {
  const s = mod(k);
  if (s === 0n || isIdentity(p)) return IDENTITY;
  try {
    return lib().crypto_scalarmult_ristretto255(scalarBytes(s), p);
  } catch {
    return IDENTITY; // only when the product is the identity, impossible in a prime-order group for p ≠ 0, s ≠ 0
  }
}

/** k·G, G the standard generator. */
export function multiplyBase(k: bigint): Point {
  const s = mod(k);
  if (s === 0n) return IDENTITY;
  return lib().crypto_scalarmult_ristretto255_base(scalarBytes(s));
}

/** x⁻¹ mod ℓ (x ≠ 0 mod ℓ), by Fermat. */
export function invert(x: bigint): bigint {
  let result = 1n;
  let base = mod(x);
  for (let e = ORDER - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % ORDER;
    base = (base * base) % ORDER;
  }
  return result;
}

/**
 * Ed25519 signature check (seal §5.1, receipts §9) with libsodium's crypto_sign_verify_detached: it refuses
 * S ≥ ℓ, a non-canonical or small-order public key and a small-order R, then checks the cofactorless
 * equation. The spec's reference is RFC 8032 strict with the cofactored equation; the two agree on every
 * signature made by RFC 8032 signing, and differ only on signatures crafted with torsion components.
 */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return lib().crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}
