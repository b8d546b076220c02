// Voters' booth sessions (voter_file.session), keyed by the SHA-256 of the cookie's token.
import type { Queryable } from '@scrutin/db';

/** Opens a session until `expiresAt` (the caller's clock); primary key token_hash. */
export async function insertVoterSession(db: Queryable, tokenHash: string, voterId: number, csrfToken: string, expiresAt: Date): Promise<void> {
  await db.query('INSERT INTO voter_file.session (token_hash, voter_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [tokenHash, voterId, csrfToken, expiresAt]);
}

/** The voter and CSRF token of a session unexpired at `now`, or null. */
export async function findVoterSession(db: Queryable, tokenHash: string, now: Date): Promise<{ voter_id: number; csrf_token: string } | null> {
  const r = await db.query<{ voter_id: number; csrf_token: string }>('SELECT voter_id, csrf_token FROM voter_file.session WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now]);
  return r.rows[0] ?? null;
}

/** Ends a session by expiring it at the database's `now()` (the row stays). */
export async function expireVoterSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('UPDATE voter_file.session SET expires_at = now() WHERE token_hash = $1', [tokenHash]);
}
