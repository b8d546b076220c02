// Hashes of docs/formats/urn.md §1.2–1.4 on node:crypto (OpenSSL), not on the main path's @noble/hashes.
import { createHash } from 'node:crypto';
import { littleEndian, mod } from './group.js';

const DOMAIN = 'scrutin/evote/v1/';
const utf8 = new TextEncoder();

function be32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

/** BE32(len(x)) ‖ x. */
function lengthPrefixed(bytes: Uint8Array): Uint8Array[] {
  return [be32(bytes.length), bytes];
}

/** SHA-256 of the concatenation, lowercase hex. */
export function sha256Hex(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** SHA-256 of the concatenation, 32 raw bytes. */
export function sha256Bytes(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** `H(tag, data)` of §1.2: SHA-256(BE32(len T) ‖ T ‖ data), T = "scrutin/evote/v1/" ‖ tag; lowercase hex. */
export function taggedHash(tag: string, data: Uint8Array | string): string {
  return sha256Hex(...lengthPrefixed(utf8.encode(DOMAIN + tag)), typeof data === 'string' ? utf8.encode(data) : data);
}

/** A Fiat–Shamir part (§1.3): text (ids, labels, hex fingerprints, decimal integers) as UTF-8; points raw. */
export type Part = string | Uint8Array;

/** `challenge(tag, parts)` of §1.3: SHA-512 of the tag and every part, each length-prefixed, read little-endian mod ℓ. */
export function challenge(tag: string, parts: Part[]): bigint {
  const h = createHash('sha512');
  const feed = (b: Uint8Array) => {
    for (const x of lengthPrefixed(b)) h.update(x);
  };
  feed(utf8.encode(DOMAIN + tag));
  for (const p of parts) feed(typeof p === 'string' ? utf8.encode(p) : p);
  return mod(littleEndian(new Uint8Array(h.digest())));
}

/** Canonical JSON (§1.4): keys sorted by UTF-16 code unit at every level, no whitespace, strings as JSON.stringify. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
