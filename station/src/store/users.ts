/**
 * Accounts and their sessions: tables app_user and session (db/src/migrations), and the revocation of the
 * tokens of the scanning stations an account is the agent of (table station). Services: auth/users.ts.
 */
import type { Queryable } from '@scrutin/db';
import type { Role } from '@scrutin/domain/roles.js';

/** One app_user row; password_hash is scrypt's self-describing string (@scrutin/server-kit/password.ts). */
export type UserRow = { id: number; login: string; display_name: string; roles: Role[]; must_change_password: boolean; active: boolean; password_hash: string };

/** A session joined to its account (findSessionByTokenHash). */
export type SessionRow = UserRow & { csrf_token: string; station_id: string; expires_at: Date };

/**
 * Inserts an account that must change its password at first sign-in (the column's default); returns
 * the row. Throws a unique violation when the login is taken (app_user.login is unique).
 */
export async function insertUser(db: Queryable, user: { login: string; displayName: string; roles: readonly Role[]; passwordHash: string }): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(`INSERT INTO app_user (login, display_name, roles, password_hash) VALUES ($1, $2, $3, $4) RETURNING *`, [
    user.login,
    user.displayName,
    user.roles,
    user.passwordHash,
  ]);
  return rows[0]!;
}

/** Every account, active or not, by login. */
export async function listUserRows(db: Queryable): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>('SELECT * FROM app_user ORDER BY login');
  return rows;
}

/** How many accounts exist, deactivated ones included. */
export async function countUserRows(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
  return rows[0]!.n;
}

/** The active account with this login, or undefined. */
export async function findActiveUserByLogin(db: Queryable, login: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('SELECT * FROM app_user WHERE login = $1 AND active', [login]);
  return rows[0];
}

/** The active account with this id, or undefined. */
export async function findActiveUserById(db: Queryable, userId: number): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('SELECT * FROM app_user WHERE id = $1 AND active', [userId]);
  return rows[0];
}

/** The account with this login, active or not, row-locked until the transaction ends (FOR UPDATE); or undefined. */
export async function lockUserByLogin(tx: Queryable, login: string): Promise<UserRow | undefined> {
  const { rows } = await tx.query<UserRow>('SELECT * FROM app_user WHERE login = $1 FOR UPDATE', [login]);
  return rows[0];
}

/** Sets the password its holder chose: the one-time flag is cleared. */
export async function setChosenPassword(tx: Queryable, userId: number, passwordHash: string): Promise<void> {
  await tx.query('UPDATE app_user SET password_hash = $1, must_change_password = false WHERE id = $2', [passwordHash, userId]);
}

/** Sets a one-time password (to be changed at the next sign-in); returns the account's id, or undefined for an unknown login. */
export async function setOneTimePassword(tx: Queryable, login: string, passwordHash: string): Promise<number | undefined> {
  const { rows } = await tx.query<{ id: number }>('UPDATE app_user SET password_hash = $1, must_change_password = true WHERE login = $2 RETURNING id', [passwordHash, login]);
  return rows[0] ? Number(rows[0].id) : undefined;
}

/** Marks the account inactive: it no longer signs in (findActiveUser…) and its sessions stop being found. */
export async function deactivateUserRow(tx: Queryable, userId: number): Promise<void> {
  await tx.query('UPDATE app_user SET active = false WHERE id = $1', [userId]);
}

/** Clears the token of every scanning station the account is the agent of; returns how many had one. */
export async function revokeAgentStationTokens(tx: Queryable, userId: number): Promise<number> {
  const revoked = await tx.query('UPDATE station SET token_hash = NULL WHERE agent_id = $1 AND token_hash IS NOT NULL', [userId]);
  return revoked.rowCount;
}

/** Ends the account's open sessions but the one whose token hash is `keepTokenHash` (null: none kept); returns how many. */
export async function endUserSessions(tx: Queryable, userId: number, keepTokenHash: string | null): Promise<number> {
  const { rowCount } = await tx.query('UPDATE session SET ended_at = now() WHERE user_id = $1 AND ended_at IS NULL AND token_hash IS DISTINCT FROM $2', [userId, keepTokenHash]);
  return rowCount;
}

/** Inserts an open session (session.token_hash is its key: the SHA-256 of the cookie's token, never the token). */
export async function insertSession(tx: Queryable, session: { tokenHash: string; userId: number; csrfToken: string; stationId: string; expiresAt: Date }): Promise<void> {
  await tx.query('INSERT INTO session (token_hash, user_id, csrf_token, station_id, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    session.tokenHash,
    session.userId,
    session.csrfToken,
    session.stationId,
    session.expiresAt,
  ]);
}

/** The open, unexpired session with this token hash, of an active account, with the account's row; or undefined. */
export async function findSessionByTokenHash(db: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `SELECT u.*, s.csrf_token, s.station_id, s.expires_at FROM session s JOIN app_user u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND u.active`,
    [tokenHash],
  );
  return rows[0];
}

/** Ends the session with this token hash (already ended: its end time moves, nothing else). */
export async function endSession(tx: Queryable, tokenHash: string): Promise<void> {
  await tx.query('UPDATE session SET ended_at = now() WHERE token_hash = $1', [tokenHash]);
}
