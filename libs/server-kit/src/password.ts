import { createHash, randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// scrypt N=2^15, r=8: 32 MiB per attempt — memory-hard, ~80 ms here.
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * A secret Scrutin generated itself (a voter's password: `generatePassword(5)`, about 99 bits) is hashed
 * with salted SHA-256, not scrypt: a memory-hard hash slows the guessing of human-chosen passwords, but
 * 2^98 guesses on average are out of reach however fast each one is (docs/platform.md « Mots de passe des
 * électeurs »), and scrypt made the letters of 50,000 voters take hours. Never use it for a password a
 * person chose (staff accounts keep `hashPassword`).
 */
export function hashGeneratedSecret(secret: string): string {
  const salt = randomBytes(16);
  return `sha256$${salt.toString('base64')}$${saltedSha256(salt, secret).toString('base64')}`;
}

const saltedSha256 = (salt: Buffer, secret: string): Buffer => createHash('sha256').update(salt).update(secret, 'utf8').digest();

/** Checks a password against a stored `hashPassword` (scrypt) or `hashGeneratedSecret` (sha256) hash; false for anything else. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, ...fields] = stored.split('$');
  if (scheme === 'sha256') {
    const [salt, digest] = fields;
    if (!salt || !digest) return false;
    const expected = Buffer.from(digest, 'base64');
    const actual = saltedSha256(Buffer.from(salt, 'base64'), password);
    return expected.length === actual.length && timingSafeEqual(actual, expected);
  }
  const [n, r, p, salt, key] = fields;
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A password a person can read aloud: `groups` groups of 4 letters and digits from a 31-sign alphabet
 * without look-alikes (no i, l, o, 0, 1), drawn uniformly (randomInt rejects the biased draws): 19.8 bits
 * per group, so 4 groups (staff one-time passwords) ≈ 79 bits and 5 groups (voters) ≈ 99 bits.
 */
export function generatePassword(groups = 4): string {
  return Array.from({ length: groups }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');
}
