import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
// One definition of the generated format and of read normalisation, shared with the scanner drivers,
// which stay free of station code at run time (the bridge runs on its own).
import { GENERATED_BARCODE, normaliseRead } from './read-text.js';

/** Crockford base32: no I, L, O, U, so that a hand-typed code is hard to mistype. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAC_LENGTH = 8; // 40 bits: a forged or misread code passes with odds of 1 in 10^12
const RIGHT_DIGITS = 7;

const PRINTABLE = /^[\x21-\x7E]{3,64}$/;

function base32(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return out;
}

function mac(secret: Uint8Array, body: string): string {
  return base32(hmac(sha256, secret, utf8ToBytes(body)), MAC_LENGTH);
}

/** `<election code>-<right number>-<MAC>`: unguessable and checkable without a lookup (docs/design.md, « A roll »). */
export function makeBarcode(secret: Uint8Array, electionCode: string, rightId: number): string {
  const body = `${electionCode}-${String(rightId).padStart(RIGHT_DIGITS, '0')}`;
  return `${body}-${mac(secret, body)}`;
}

export type BarcodeClass =
  | { kind: 'MALFORMED'; reason: string }
  | { kind: 'OTHER_ELECTION'; electionCode: string }
  | { kind: 'RIGHT'; rightId: number; barcode: string }
  | { kind: 'PREPRINTED'; barcode: string };

export function classifyBarcode(
  raw: string,
  election: { code: string; secret: Uint8Array; acceptsPreprinted: boolean },
): BarcodeClass {
  const text = normaliseRead(raw);
  if (text.length === 0) return { kind: 'MALFORMED', reason: 'code-barres vide' };
  if (text.length > 64) return { kind: 'MALFORMED', reason: 'code-barres trop long' };
  if (!PRINTABLE.test(text)) return { kind: 'MALFORMED', reason: 'caractères illisibles dans le code-barres' };
  const m = GENERATED_BARCODE.exec(text);
  if (m) {
    const [, code, number, given] = m as unknown as [string, string, string, string];
    if (code !== election.code) return { kind: 'OTHER_ELECTION', electionCode: code };
    if (mac(election.secret, `${code}-${number}`) !== given) {
      return { kind: 'MALFORMED', reason: 'clé de contrôle invalide (lecture erronée ou code falsifié)' };
    }
    return { kind: 'RIGHT', rightId: Number(number), barcode: text };
  }
  if (election.acceptsPreprinted) return { kind: 'PREPRINTED', barcode: text };
  return { kind: 'MALFORMED', reason: 'format de code-barres non reconnu' };
}
