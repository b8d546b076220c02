import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@scrutin/db';
import { isUniqueViolation } from '@scrutin/db';
import { z } from 'zod';
import { err, ok, type Result } from '../basics/result.js';
import { appendJournal } from '../journal/journal.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { ROLES, type Actor, type Role } from './roles.js';

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

export type UserError = { code: 'LOGIN_TAKEN' | 'NOT_FOUND'; message: string };

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

export async function changePassword(db: Db, actor: Actor, userId: number, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE app_user SET password_hash = $1, must_change_password = false WHERE id = $2', [hash, userId]);
    await appendJournal(tx, actor, 'user.password', { userId });
  });
}

export async function resetPassword(db: Db, actor: Actor, login: string): Promise<Result<string, UserError>> {
  const oneTimePassword = generatePassword();
  const hash = await hashPassword(oneTimePassword);
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query('UPDATE app_user SET password_hash = $1, must_change_password = true WHERE login = $2', [hash, login]);
    if (rowCount === 0) return err({ code: 'NOT_FOUND' as const, message: `Aucun compte « ${login} ».` });
    await appendJournal(tx, actor, 'user.password_reset', { login });
    return ok(oneTimePassword);
  });
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
