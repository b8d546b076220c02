import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/**
 * The platform key's fingerprint (docs/formats/urn.md §5.3): the bare SHA-256 of the 32 bytes of the
 * Ed25519 public key, as 64 lower-case hex characters — what the station records at sealing, what the urn
 * header carries and what a voter's receipt names. No domain tag: a bare SHA-256 can be recomputed with
 * any tool. The one definition of an Ed25519 key fingerprint: evote, the station (also for its journal
 * head-signing key) and the platform all call this one.
 */
export function platformKeyFingerprint(publicKey: Uint8Array): string {
  return bytesToHex(sha256(publicKey));
}

/** `platformKeyFingerprint` of a key written in hex (64 characters, either case), as the seal and the signature files write it. */
export const keyFingerprint = (publicKeyHex: string): string => platformKeyFingerprint(hexToBytes(publicKeyHex.toLowerCase()));

/**
 * A fingerprint as a person types it (upper case, grouped by spaces or colons) → the 64 lowercase hex
 * characters `platformKeyFingerprint` gives, or null when it cannot be one.
 */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}
