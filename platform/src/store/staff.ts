// The platform's staff accounts (platform.staff: administrator, oversight cell) and their sessions
// (platform.staff_session, keyed by the SHA-256 of the cookie's token, never the token itself).
import type { Queryable } from '@scrutin/db';
import type { PlatformStaffRole } from '@scrutin/domain/roles.js';

/** platform.staff's role column holds one of the domain's PLATFORM_STAFF_ROLES (its CHECK constraint, 001_platform.sql). */
export type StaffRow = { id: number; login: string; role: PlatformStaffRole; password_hash: string };

/** Inserts an account; null when the login is taken (ON CONFLICT (login) DO NOTHING on its UNIQUE constraint). */
export async function insertStaff(db: Queryable, s: { login: string; displayName: string; role: PlatformStaffRole; passwordHash: string }): Promise<{ id: number } | null> {
  const r = await db.query<{ id: number }>('INSERT INTO platform.staff (login, display_name, role, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (login) DO NOTHING RETURNING id', [s.login, s.displayName, s.role, s.passwordHash]);
  return r.rows[0] ?? null;
}

/** The account of `login` with its password hash, or null. */
export async function findStaffByLogin(db: Queryable, login: string): Promise<StaffRow | null> {
  const r = await db.query<StaffRow>('SELECT id, login, role, password_hash FROM platform.staff WHERE login = $1', [login]);
  return r.rows[0] ?? null;
}

/** A session of 8 hours from the database's clock (`now()`), keyed by the token's hash (primary key). */
export async function insertStaffSession(db: Queryable, tokenHash: string, staffId: number, csrfToken: string): Promise<void> {
  await db.query("INSERT INTO platform.staff_session (token_hash, staff_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '8 hours')", [tokenHash, staffId, csrfToken]);
}

/** The account behind an unexpired session, with the session's CSRF token; null when unknown or expired. */
export async function findStaffSession(db: Queryable, tokenHash: string): Promise<{ id: number; login: string; role: PlatformStaffRole; csrf_token: string } | null> {
  const r = await db.query<{ id: number; login: string; role: PlatformStaffRole; csrf_token: string }>(
    'SELECT s.id, s.login, s.role, x.csrf_token FROM platform.staff_session x JOIN platform.staff s ON s.id = x.staff_id WHERE x.token_hash = $1 AND x.expires_at > now()',
    [tokenHash],
  );
  return r.rows[0] ?? null;
}

/** Deletes a session (logout); nothing when it does not exist. */
export async function deleteStaffSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM platform.staff_session WHERE token_hash = $1', [tokenHash]);
}
