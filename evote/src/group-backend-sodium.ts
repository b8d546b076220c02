// The libsodium implementation of GroupBackend (group-backend.ts). A module of its own because libsodium is
// loaded asynchronously (its WebAssembly must be instantiated) and the browser bundle does not carry it.
import type SodiumModule from 'libsodium-wrappers-sumo';
import { mod, scalarToBytes } from './group.js';
import { IDENTITY_BYTES, bytesEqual, littleEndian, nobleBackend, type BackendName, type GroupBackend } from './group-backend.js';

type Sodium = typeof SodiumModule;

function sodiumBackend(sodium: Sodium): GroupBackend {
  const valid = (p: Uint8Array) => p.length === 32 && sodium.crypto_core_ristretto255_is_valid_point(p);
  const invalid = () => new Error('élément de groupe invalide');
  return {
    name: 'libsodium',
    isValid: valid,
    // add/sub decode their inputs (throwing on invalid ones) and return an identity result as is.
    add: (p, q) => sodium.crypto_core_ristretto255_add(p, q),
    subtract: (p, q) => sodium.crypto_core_ristretto255_sub(p, q),
    multiply(s, p) {
      const k = mod(s);
      if (k === 0n || bytesEqual(p, IDENTITY_BYTES)) {
        if (!valid(p)) throw invalid();
        return IDENTITY_BYTES.slice();
      }
      // libsodium throws when the product is the identity; with a non-zero scalar and a non-identity element
      // of this prime-order group that cannot happen, so a throw means an invalid encoding. Checking it only
      // then keeps the validity test off the hot path.
      try {
        return sodium.crypto_scalarmult_ristretto255(scalarToBytes(k), p);
      } catch {
        throw invalid();
      }
    },
    multiplyBase(s) {
      const k = mod(s);
      return k === 0n ? IDENTITY_BYTES.slice() : sodium.crypto_scalarmult_ristretto255_base(scalarToBytes(k));
    },
    fromUniformBytes: (bytes) => sodium.crypto_core_ristretto255_from_hash(bytes),
    reduceWide: (bytes) => littleEndian(sodium.crypto_core_ristretto255_scalar_reduce(bytes)),
  };
}

let sodiumLoading: Promise<GroupBackend> | null = null;

/** The libsodium backend, once its WebAssembly module is ready (instantiated once per thread, then shared). */
export function loadSodiumBackend(): Promise<GroupBackend> {
  sodiumLoading ??= import('libsodium-wrappers-sumo').then(async (m) => {
    const sodium = (m as unknown as { default?: Sodium }).default ?? (m as unknown as Sodium);
    await sodium.ready;
    return sodiumBackend(sodium);
  });
  return sodiumLoading;
}

/** The named backend, ready to use. */
export function loadBackend(name: BackendName): Promise<GroupBackend> {
  return name === 'noble' ? Promise.resolve(nobleBackend) : loadSodiumBackend();
}
