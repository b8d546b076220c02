import { createHash, randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/**
 * scrypt's cost for the passwords people choose (staff accounts), as log2 N with r = 8, p = 1: 15 by default
 * (32 MiB and about 80 ms per attempt: memory-hard). The range is what `setPasswordCost` accepts and what a
 * stored hash may name: below 10 the hash no longer slows guessing, from 17 on an attempt takes 128 MiB or more.
 * Production keeps the default: the cost is per hash, so a station whose cost changed answers an unknown
 * login (a decoy at the new cost) faster or slower than the accounts hashed at the old one, until their
 * passwords are set again (docs/operations.md).
 */
export const PASSWORD_COST = { default: 15, min: 10, max: 16 } as const;
const R = 8;
const P = 1;

let logN: number = PASSWORD_COST.default;

/**
 * Sets the cost of the hashes made from now on (log2 N, an integer within PASSWORD_COST; RangeError
 * otherwise). Called once per process by the station's and the platform's terminal entry (cli/entry.ts) with
 * SCRUTIN_PASSWORD_LOG_N, which tests lower; a stored hash names its own cost, so hashes made at another cost keep verifying.
 */
export function setPasswordCost(log2N: number): void {
  if (!Number.isInteger(log2N) || log2N < PASSWORD_COST.min || log2N > PASSWORD_COST.max) throw new RangeError(`coût scrypt hors bornes : ${log2N}`);
  logN = log2N;
}
// The test harness lowers the cost through a jest global (jest.config.cjs), as it does for worker threads
// (workers.ts): the stations that tests start in their own process read no configuration. A switch of the
// harness, never set in production; the processes that tests start get SCRUTIN_PASSWORD_LOG_N instead.
const harness = (globalThis as { SCRUTIN_TEST_PASSWORD_LOG_N?: unknown }).SCRUTIN_TEST_PASSWORD_LOG_N;
if (harness !== undefined) setPasswordCost(Number(harness));

/** N as a hash spells it (« 32768 ») for every cost within bounds. */
const COSTS_WRITTEN = new Map(Array.from({ length: PASSWORD_COST.max - PASSWORD_COST.min + 1 }, (_, i) => [String(2 ** (PASSWORD_COST.min + i)), 2 ** (PASSWORD_COST.min + i)]));

// Twice what scrypt needs (128·N·r bytes), as Node asks for some room above it.
const options = (N: number) => ({ N, r: R, p: P, maxmem: 256 * N * R });

/** « scrypt$N$r$p$salt$key » (base64) of a password a person chose, at the current cost (about 80 ms by default). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** logN;
  const key = await scrypt(password, salt, 32, options(N));
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A well-formed hash at the current cost (zero salt, zero key) that no password is expected to match. */
export const decoyHash = (): string => `scrypt$${2 ** logN}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

/**
 * Checks `password` against `stored`, or, when there is no stored hash (an unknown login), runs the same
 * scrypt against `decoyHash()` and answers false: the answer takes as long either way, so that timing does
 * not tell which logins exist.
 */
export async function verifyPasswordOrDecoy(password: string, stored: string | null | undefined): Promise<boolean> {
  if (stored) return verifyPassword(password, stored);
  await verifyPassword(password, decoyHash());
  return false;
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
  // Only the parameters Scrutin writes, spelt as it writes them: a hash altered in the database can neither
  // ask for gigabytes nor make scrypt throw (a fractional N such as « 1024.0000000000002 »).
  const N = COSTS_WRITTEN.get(n ?? '');
  if (N === undefined || r !== String(R) || p !== String(P)) return false;
  const expected = Buffer.from(key, 'base64');
  if (expected.length === 0) return false;
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, options(N));
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
