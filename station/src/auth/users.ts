import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@scrutin/db';
import { isUniqueViolation } from '@scrutin/db';
import { z } from 'zod';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { appendJournal } from '../journal/journal.js';
import { ROLES, type Actor, type Role } from '@scrutin/domain/roles.js';
import { generatePassword, hashPassword, verifyPassword } from '@scrutin/server-kit/password.js';
import { checkPasswordStrength } from '@scrutin/server-kit/password-policy.js';

export type User = { id: number; login: string; displayName: string; roles: Role[]; mustChangePassword: boolean; active: boolean };

export const newUserSchema = z.object({
  login: z.string().regex(/^[a-z0-9._-]{2,40}$/, 'identifiant : 2 à 40 caractères a-z, 0-9, point, tiret'),
  displayName: z.string().trim().min(2, 'nom affiché trop court').max(80),
  roles: z.array(z.enum(ROLES)).min(1, 'au moins un rôle'),
});

type UserRow = { id: number; login: string; display_name: string; roles: Role[]; must_change_password: boolean; active: boolean; password_hash: string };

const toUser = (r: UserRow): User => ({
  id: Number(r.id),
  login: r.login,
  displayName: r.display_name,
  roles: r.roles,
  mustChangePassword: r.must_change_password,
  active: r.active,
});

export type UserError = { code: 'LOGIN_TAKEN' | 'NOT_FOUND' | 'FORBIDDEN' | 'ALREADY_DONE'; message: string };

/** Creates an account with a one-time password, shown once and never stored in clear. */
export async function createUser(db: Db, actor: Actor, input: z.infer<typeof newUserSchema>): Promise<Result<{ user: User; oneTimePassword: string }, UserError>> {
  const oneTimePassword = generatePassword();
  const hash = await hashPassword(oneTimePassword);
  try {
    return await db.transaction(async (tx) => {
      const { rows } = await tx.query<UserRow>(
        `INSERT INTO app_user (login, display_name, roles, password_hash) VALUES ($1, $2, $3, $4) RETURNING *`,
        [input.login, input.displayName, input.roles, hash],
      );
      const user = toUser(rows[0]!);
      await appendJournal(tx, actor, 'user.create', { userId: user.id, login: user.login, roles: user.roles });
      return ok({ user, oneTimePassword });
    });
  } catch (e) {
    if (isUniqueViolation(e)) return err({ code: 'LOGIN_TAKEN', message: `L'identifiant « ${input.login} » existe déjà.` });
    throw e;
  }
}

export async function listUsers(db: Queryable): Promise<User[]> {
  const { rows } = await db.query<UserRow>('SELECT * FROM app_user ORDER BY login');
  return rows.map(toUser);
}

export async function countUsers(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
  return rows[0]!.n;
}

export async function checkCredentials(db: Queryable, login: string, password: string): Promise<User | null> {
  const { rows } = await db.query<UserRow>('SELECT * FROM app_user WHERE login = $1 AND active', [login]);
  const row = rows[0];
  // Hash even for an unknown login, so that timing does not reveal which logins exist.
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  return row && ok ? toUser(row) : null;
}
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export type PasswordError = { code: 'WRONG_PASSWORD' | 'WEAK_PASSWORD' | 'NOT_FOUND'; message: string };

/**
 * The account's holder replaces its password: the current one is checked first (a session left open
 * does not let someone else take the account over), the new one must differ from it and pass
 * checkPasswordStrength. Every other session of the account ends; `keepSession` (the token of the
 * session asking, if any) stays open. Journaled as user.password with the number of sessions ended.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  input: { userId: number; currentPassword: string; newPassword: string; keepSession?: string },
): Promise<Result<{ sessionsEnded: number }, PasswordError>> {
  const { rows } = await db.query<UserRow>('SELECT * FROM app_user WHERE id = $1 AND active', [input.userId]);
  const row = rows[0];
  if (!row) return err({ code: 'NOT_FOUND', message: 'Compte inconnu ou désactivé.' });
  if (!(await verifyPassword(input.currentPassword, row.password_hash))) return err({ code: 'WRONG_PASSWORD', message: 'Mot de passe actuel incorrect.' });
  if (input.newPassword === input.currentPassword) return err({ code: 'WEAK_PASSWORD', message: 'Le nouveau mot de passe doit différer de l’actuel.' });
  const strength = await checkPasswordStrength(input.newPassword, [row.login, row.display_name]);
  if (!strength.ok) return err({ code: 'WEAK_PASSWORD', message: strength.error });
  const hash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.query('UPDATE app_user SET password_hash = $1, must_change_password = false WHERE id = $2', [hash, input.userId]);
    const sessionsEnded = await endSessions(tx, input.userId, input.keepSession);
    await appendJournal(tx, actor, 'user.password', { userId: input.userId, sessionsEnded });
    return ok({ sessionsEnded });
  });
}

/**
 * An administrator gives the account a new one-time password (shown once, to be changed at the next
 * sign-in) and ends all its sessions. Journaled as user.password_reset.
 */
export async function resetPassword(db: Db, actor: Actor, login: string): Promise<Result<{ oneTimePassword: string; sessionsEnded: number }, UserError>> {
  const oneTimePassword = generatePassword();
  const hash = await hashPassword(oneTimePassword);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: number }>('UPDATE app_user SET password_hash = $1, must_change_password = true WHERE login = $2 RETURNING id', [hash, login]);
    if (!rows[0]) return err({ code: 'NOT_FOUND' as const, message: `Aucun compte « ${login} ».` });
    const sessionsEnded = await endSessions(tx, Number(rows[0].id));
    await appendJournal(tx, actor, 'user.password_reset', { login, sessionsEnded });
    return ok({ oneTimePassword, sessionsEnded });
  });
}

/**
 * An administrator deactivates an account: it can no longer sign in, its sessions end and the tokens of
 * the scanning stations it is the agent of are revoked, in the same transaction, so that nothing it
 * holds works a moment longer. Refused for one's own account, so that the administrator acting always
 * remains: there is then always an active administrator to manage the accounts. Journaled as user.deactivate.
 */
export async function deactivateUser(db: Db, actor: Actor, login: string): Promise<Result<{ sessionsEnded: number; stationTokensRevoked: number }, UserError>> {
  if (login === actor.login) return err({ code: 'FORBIDDEN', message: 'Vous ne pouvez pas désactiver votre propre compte.' });
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<UserRow>('SELECT * FROM app_user WHERE login = $1 FOR UPDATE', [login]);
    const row = rows[0];
    if (!row) return err({ code: 'NOT_FOUND' as const, message: `Aucun compte « ${login} ».` });
    if (!row.active) return err({ code: 'ALREADY_DONE' as const, message: `Le compte « ${login} » est déjà désactivé.` });
    const id = Number(row.id);
    await tx.query('UPDATE app_user SET active = false WHERE id = $1', [id]);
    const sessionsEnded = await endSessions(tx, id);
    const revoked = await tx.query('UPDATE station SET token_hash = NULL WHERE agent_id = $1 AND token_hash IS NOT NULL', [id]);
    await appendJournal(tx, actor, 'user.deactivate', { login, sessionsEnded, stationTokensRevoked: revoked.rowCount });
    return ok({ sessionsEnded, stationTokensRevoked: revoked.rowCount });
  });
}

/** Ends the account's open sessions but `keep` (a session token); returns how many. */
async function endSessions(tx: Queryable, userId: number, keep?: string): Promise<number> {
  const { rowCount } = await tx.query('UPDATE session SET ended_at = now() WHERE user_id = $1 AND ended_at IS NULL AND token_hash IS DISTINCT FROM $2', [
    userId,
    keep === undefined ? null : tokenHash(keep),
  ]);
  return rowCount;
}

// ---- sessions -------------------------------------------------------------

export const SESSION_MINUTES = 8 * 60;
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export type Session = { user: User; csrfToken: string; stationId: string; expiresAt: Date };

export async function openSession(db: Db, user: User, stationId: string): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO session (token_hash, user_id, csrf_token, station_id, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      tokenHash(token),
      user.id,
      csrfToken,
      stationId,
      expiresAt,
    ]);
    await appendJournal(tx, { userId: user.id, login: user.login, role: user.roles[0]!, stationId }, 'session.open', { stationId });
  });
  return { token, session: { user, csrfToken, stationId, expiresAt } };
}

export async function findSession(db: Queryable, token: string): Promise<Session | null> {
  const { rows } = await db.query<UserRow & { csrf_token: string; station_id: string; expires_at: Date }>(
    `SELECT u.*, s.csrf_token, s.station_id, s.expires_at FROM session s JOIN app_user u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND u.active`,
    [tokenHash(token)],
  );
  const r = rows[0];
  return r ? { user: toUser(r), csrfToken: r.csrf_token, stationId: r.station_id, expiresAt: new Date(r.expires_at) } : null;
}

export async function closeSession(db: Db, token: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE session SET ended_at = now() WHERE token_hash = $1', [tokenHash(token)]);
    await appendJournal(tx, actor, 'session.close', {});
  });
}
