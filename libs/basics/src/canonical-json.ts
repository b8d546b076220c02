import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Canonical JSON, the one of the repository (docs/formats/urn.md §1.4): object keys sorted by UTF-16 code
 * units at every level, no whitespace, strings and numbers as JSON.stringify writes them (RFC 8785 agrees on
 * every value we produce: integers and strings), a field whose value is `undefined` left out. The same value
 * always gives the same bytes, so two programs that parse the same file get the same digest: the urn files,
 * the journal chain, the PV's results and the station's seal all hash these bytes.
 *
 * A Date is written as its ISO 8601 text (what JSON.stringify would write). Throws (a bug of the caller, not
 * an expected failure) on a non-finite number, which JSON cannot carry (JSON.stringify would silently write
 * `null`), and on a value JSON has no text for (`undefined` outside an object, a function, a bigint, a symbol).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonicalJson : nombre non fini ${value}`);
    return JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonicalJson : type non pris en charge ${typeof value}`);
}

/** The UTF-8 bytes of `canonicalJson(value)`: what a digest or a signature covers. */
export const canonicalBytes = (value: unknown): Uint8Array => utf8ToBytes(canonicalJson(value));

/** SHA-256 as 64 lower-case hex characters; a string is hashed as its UTF-8 bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
}

/** SHA-256 (hex) of a value's canonical JSON: the digest of the seal, the journal and the election files. */
export const digestOf = (value: unknown): string => sha256Hex(canonicalJson(value));
