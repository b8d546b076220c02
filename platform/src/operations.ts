import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@scrutin/db';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { hashPassword, verifyPasswordOrDecoy } from '@scrutin/server-kit/password.js';
import { checkPasswordStrength } from '@scrutin/server-kit/password-policy.js';
import { currentPhase, type PlatformContext } from './context.js';
import { recordEvent } from './events.js';
import * as store from './store/index.js';
import type { PlatformStaffRole } from '@scrutin/domain/roles.js';
import { staffRefusal } from './staff-rights.js';

/** A staff account of the platform; its role is one of the domain's PLATFORM_STAFF_ROLES. */
export type Staff = { id: number; login: string; role: PlatformStaffRole };
export type OperationError = { code: string; message: string };

/** Creates a staff account with the password its holder chose, refused if short or guessable (checkPasswordStrength). */
export async function addStaff(db: Queryable, input: { login: string; displayName: string; role: PlatformStaffRole; password: string }): Promise<Result<Staff, OperationError>> {
  const strength = await checkPasswordStrength(input.password, [input.login, input.displayName]);
  if (!strength.ok) return err({ code: 'WEAK_PASSWORD', message: strength.error });
  const hash = await hashPassword(input.password);
  const r = await store.staff.insertStaff(db, { login: input.login, displayName: input.displayName, role: input.role, passwordHash: hash });
  if (!r) return err({ code: 'DUPLICATE', message: `Le compte ${input.login} existe déjà.` });
  return ok({ id: r.id, login: input.login, role: input.role });
}

export async function checkStaff(db: Queryable, login: string, password: string): Promise<Staff | null> {
  const s = await store.staff.findStaffByLogin(db, login);
  // An unknown login is hashed too (a decoy), so that timing does not reveal which staff logins exist.
  if (!(await verifyPasswordOrDecoy(password, s?.password_hash)) || !s) return null;
  return { id: s.id, login: s.login, role: s.role };
}

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createStaffSession(db: Queryable, staff: Staff): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await store.staff.insertStaffSession(db, tokenHash(token), staff.id, csrfToken);
  return { token, csrfToken };
}

export async function findStaffSession(db: Queryable, token: string): Promise<(Staff & { csrfToken: string }) | null> {
  const s = await store.staff.findStaffSession(db, tokenHash(token));
  return s ? { id: s.id, login: s.login, role: s.role, csrfToken: s.csrf_token } : null;
}

export async function endStaffSession(db: Queryable, token: string): Promise<void> {
  await store.staff.deleteStaffSession(db, tokenHash(token));
}

/** Opens the vote: allowed once every voter has credentials; votes are then accepted between the configured times. */
export async function openVote(db: Db, staff: Staff): Promise<Result<{ opensAt: string; closesAt: string }, OperationError>> {
  const refusal = staffRefusal(staff, 'open');
  if (refusal) return err(refusal);
  return db.transaction(async (tx) => {
    const row = await store.election.lockElectionForOpening(tx);
    if (!row) return err({ code: 'NOT_LOADED', message: 'La plateforme n’est pas chargée.' });
    if (row.state !== 'LOADED') return err({ code: 'WRONG_STATE', message: 'Le vote est déjà ouvert ou clos.' });
    const missing = await store.voters.countVotersWithoutCredentials(tx);
    if (missing > 0) return err({ code: 'NO_CREDENTIALS', message: `${missing} électeur(s) sans identifiants : éditez d’abord les courriers.` });
    await store.election.markOpened(tx);
    await recordEvent(tx, staff.login, 'vote.open', {});
    return ok({ opensAt: new Date(row.opens_at).toISOString(), closesAt: new Date(row.closes_at).toISOString() });
  });
}

export const DEFAULT_SUSPENSION_MESSAGE =
  'Le vote par internet est suspendu sur décision de la cellule de contrôle. Vous pouvez voter par correspondance avec le matériel de vote reçu par courrier : votre enveloppe doit parvenir avant la clôture du scrutin.';

/** Art. 10: the oversight cell suspends the vote; the booth then shows its message inviting a postal vote. */
export async function suspendVote(ctx: PlatformContext, staff: Staff, input: { reason: string; message?: string | undefined }): Promise<Result<{ suspendedAt: string }, OperationError>> {
  const refusal = staffRefusal(staff, 'suspend');
  if (refusal) return err(refusal);
  if (input.reason.trim().length < 3) return err({ code: 'NO_REASON', message: 'Indiquez le motif de la suspension.' });
  return ctx.db.transaction(async (tx) => {
    await store.election.lockElection(tx);
    const phase = await currentPhase(tx, ctx.now());
    if (phase.phase === 'SUSPENDED') return err({ code: 'ALREADY_SUSPENDED', message: 'Le vote est déjà suspendu.' });
    if (phase.phase === 'FROZEN' || phase.phase === 'NOT_LOADED') return err({ code: 'WRONG_STATE', message: 'Le vote est clos ou la plateforme n’est pas chargée.' });
    const at = ctx.now();
    await store.suspensions.insertSuspension(tx, { at, staffId: staff.id, reason: input.reason, message: input.message?.trim() || DEFAULT_SUSPENSION_MESSAGE });
    await recordEvent(tx, staff.login, 'vote.suspend', { reason: input.reason, at: at.toISOString() });
    return ok({ suspendedAt: at.toISOString() });
  });
}

export type SuspensionDecision = 'BALLOTS_KEPT' | 'REFERRED_TO_COMMISSION';

/** Ends a suspension, recording the cell's decision on the ballots cast before it (kept, or referred to the commission). */
export async function resumeVote(ctx: PlatformContext, staff: Staff, input: { decision: SuspensionDecision; decisionText: string }): Promise<Result<{ resumedAt: string }, OperationError>> {
  const refusal = staffRefusal(staff, 'resume');
  if (refusal) return err(refusal);
  if (input.decisionText.trim().length < 3) return err({ code: 'NO_DECISION', message: 'Rédigez la décision sur les votes exprimés avant la suspension.' });
  return ctx.db.transaction(async (tx) => {
    const at = ctx.now();
    const resumed = await store.suspensions.resumeSuspension(tx, { at, staffId: staff.id, decision: input.decision, decisionText: input.decisionText });
    if (!resumed) return err({ code: 'NOT_SUSPENDED', message: 'Le vote n’est pas suspendu.' });
    await recordEvent(tx, staff.login, 'vote.resume', { decision: input.decision, decisionText: input.decisionText, at: at.toISOString() });
    return ok({ resumedAt: at.toISOString() });
  });
}
