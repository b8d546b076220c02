import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@scrutin/db';
import { isUniqueViolation } from '@scrutin/db';
import { z } from 'zod';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { appendJournal } from '../journal/journal.js';
import { ROLES, type Actor, type Role } from '@scrutin/domain/roles.js';
import { generatePassword, hashPassword, verifyPassword, verifyPasswordOrDecoy } from '@scrutin/server-kit/password.js';
import { checkPasswordStrength } from '@scrutin/server-kit/password-policy.js';
import * as store from '../store/index.js';
import type { UserRow } from '../store/users.js';

export type User = { id: number; login: string; displayName: string; roles: Role[]; mustChangePassword: boolean; active: boolean };

export const newUserSchema = z.object({
  login: z.string().regex(/^[a-z0-9._-]{2,40}$/, 'identifiant : 2 à 40 caractères a-z, 0-9, point, tiret'),
  displayName: z.string().trim().min(2, 'nom affiché trop court').max(80),
  roles: z.array(z.enum(ROLES)).min(1, 'au moins un rôle'),
});

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
      const user = toUser(await store.users.insertUser(tx, { login: input.login, displayName: input.displayName, roles: input.roles, passwordHash: hash }));
      await appendJournal(tx, actor, 'user.create', { userId: user.id, login: user.login, roles: user.roles });
      return ok({ user, oneTimePassword });
    });
  } catch (e) {
    if (isUniqueViolation(e)) return err({ code: 'LOGIN_TAKEN', message: `L'identifiant « ${input.login} » existe déjà.` });
    throw e;
  }
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return (await store.users.listUserRows(db)).map(toUser);
}

export async function countUsers(db: Queryable): Promise<number> {
  return store.users.countUserRows(db);
}

export async function checkCredentials(db: Queryable, login: string, password: string): Promise<User | null> {
  const row = await store.users.findActiveUserByLogin(db, login);
  // Hashes even for an unknown login, so that timing does not reveal which logins exist.
  const ok = await verifyPasswordOrDecoy(password, row?.password_hash);
  return row && ok ? toUser(row) : null;
}

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
  const row = await store.users.findActiveUserById(db, input.userId);
  if (!row) return err({ code: 'NOT_FOUND', message: 'Compte inconnu ou désactivé.' });
  if (!(await verifyPassword(input.currentPassword, row.password_hash))) return err({ code: 'WRONG_PASSWORD', message: 'Mot de passe actuel incorrect.' });
  if (input.newPassword === input.currentPassword) return err({ code: 'WEAK_PASSWORD', message: 'Le nouveau mot de passe doit différer de l’actuel.' });
  const strength = await checkPasswordStrength(input.newPassword, [row.login, row.display_name]);
  if (!strength.ok) return err({ code: 'WEAK_PASSWORD', message: strength.error });
  const hash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await store.users.setChosenPassword(tx, input.userId, hash);
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
    const userId = await store.users.setOneTimePassword(tx, login, hash);
    if (userId === undefined) return err({ code: 'NOT_FOUND' as const, message: `Aucun compte « ${login} ».` });
    const sessionsEnded = await endSessions(tx, userId);
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
    const row = await store.users.lockUserByLogin(tx, login);
    if (!row) return err({ code: 'NOT_FOUND' as const, message: `Aucun compte « ${login} ».` });
    if (!row.active) return err({ code: 'ALREADY_DONE' as const, message: `Le compte « ${login} » est déjà désactivé.` });
    const id = Number(row.id);
    await store.users.deactivateUserRow(tx, id);
    const sessionsEnded = await endSessions(tx, id);
    const stationTokensRevoked = await store.users.revokeAgentStationTokens(tx, id);
    await appendJournal(tx, actor, 'user.deactivate', { login, sessionsEnded, stationTokensRevoked });
    return ok({ sessionsEnded, stationTokensRevoked });
  });
}

/** Ends the account's open sessions but `keep` (a session token); returns how many. */
function endSessions(tx: Queryable, userId: number, keep?: string): Promise<number> {
  return store.users.endUserSessions(tx, userId, keep === undefined ? null : tokenHash(keep));
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
    await store.users.insertSession(tx, { tokenHash: tokenHash(token), userId: user.id, csrfToken, stationId, expiresAt });
    await appendJournal(tx, { userId: user.id, login: user.login, role: user.roles[0]!, stationId }, 'session.open', { stationId });
  });
  return { token, session: { user, csrfToken, stationId, expiresAt } };
}

export async function findSession(db: Queryable, token: string): Promise<Session | null> {
  const r = await store.users.findSessionByTokenHash(db, tokenHash(token));
  return r ? { user: toUser(r), csrfToken: r.csrf_token, stationId: r.station_id, expiresAt: new Date(r.expires_at) } : null;
}

export async function closeSession(db: Db, token: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await store.users.endSession(tx, tokenHash(token));
    await appendJournal(tx, actor, 'session.close', {});
  });
}
