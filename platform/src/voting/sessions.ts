import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@scrutin/db';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { hashGeneratedSecret, verifyPassword } from '@scrutin/server-kit/password.js';
import { normaliseIdentifier } from '../domain/identifier.js';
import * as store from '../store/index.js';

export const VOTER_COOKIE = 'scrutin_isoloir';
const SESSION_MINUTES = 30;

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

// Unknown identifiers are still checked against a hash of the voters' kind (salted SHA-256), so that timing
// does not tell which identifiers exist.
const DECOY = hashGeneratedSecret(randomBytes(12).toString('hex'));

export type VoterSession = { voterId: number; csrfToken: string };

export const LOGIN_REFUSED = 'Identifiant, mot de passe ou date de naissance incorrect.';

/** Art. 7: the identifier and the password from the letter, and a personal datum: the birth date. */
export async function loginVoter(db: Queryable, input: { identifier: string; password: string; birthDate: string }, now: Date): Promise<Result<{ token: string; csrfToken: string; expiresAt: Date }, string>> {
  const identifier = normaliseIdentifier(input.identifier);
  const row = identifier ? await store.voters.findVoterByIdentifier(db, identifier) : null;
  const passwordOk = await verifyPassword(input.password.trim().toLowerCase(), row?.password_hash ?? DECOY);
  if (!row || !row.password_hash || !passwordOk || row.birth_date !== input.birthDate) return err(LOGIN_REFUSED);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_MINUTES * 60_000);
  await store.voterSessions.insertVoterSession(db, tokenHash(token), row.id, csrfToken, expiresAt);
  return ok({ token, csrfToken, expiresAt });
}

export async function findVoterSession(db: Queryable, token: string, now: Date): Promise<VoterSession | null> {
  const s = await store.voterSessions.findVoterSession(db, tokenHash(token), now);
  return s ? { voterId: s.voter_id, csrfToken: s.csrf_token } : null;
}

export async function endVoterSession(db: Queryable, token: string): Promise<void> {
  await store.voterSessions.expireVoterSession(db, tokenHash(token));
}
