import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@scrutin/db';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { hashPassword, verifyPassword } from '@scrutin/server-kit/password.js';
import { checkPasswordStrength } from '@scrutin/server-kit/password-policy.js';
import { currentPhase, type PlatformContext } from './context.js';
import { recordEvent } from './events.js';

export type StaffRole = 'admin' | 'oversight_cell';
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = { admin: 'administrateur', oversight_cell: 'cellule de contrôle' };
export type Staff = { id: number; login: string; role: StaffRole };
export type OperationError = { code: string; message: string };

/** Creates a staff account with the password its holder chose, refused if short or guessable (checkPasswordStrength). */
export async function addStaff(db: Queryable, input: { login: string; displayName: string; role: StaffRole; password: string }): Promise<Result<Staff, OperationError>> {
  const strength = await checkPasswordStrength(input.password, [input.login, input.displayName]);
  if (!strength.ok) return err({ code: 'WEAK_PASSWORD', message: strength.error });
  const hash = await hashPassword(input.password);
  const r = await db.query<{ id: number }>('INSERT INTO platform.staff (login, display_name, role, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (login) DO NOTHING RETURNING id', [input.login, input.displayName, input.role, hash]);
  if (!r.rows[0]) return err({ code: 'DUPLICATE', message: `Le compte ${input.login} existe déjà.` });
  return ok({ id: r.rows[0].id, login: input.login, role: input.role });
}

export async function checkStaff(db: Queryable, login: string, password: string): Promise<Staff | null> {
  const r = await db.query<{ id: number; login: string; role: StaffRole; password_hash: string }>('SELECT id, login, role, password_hash FROM platform.staff WHERE login = $1', [login]);
  const s = r.rows[0];
  if (!s || !(await verifyPassword(password, s.password_hash))) return null;
  return { id: s.id, login: s.login, role: s.role };
}

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createStaffSession(db: Queryable, staff: Staff): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.query("INSERT INTO platform.staff_session (token_hash, staff_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '8 hours')", [tokenHash(token), staff.id, csrfToken]);
  return { token, csrfToken };
}

export async function findStaffSession(db: Queryable, token: string): Promise<(Staff & { csrfToken: string }) | null> {
  const r = await db.query<{ id: number; login: string; role: StaffRole; csrf_token: string }>(
    'SELECT s.id, s.login, s.role, x.csrf_token FROM platform.staff_session x JOIN platform.staff s ON s.id = x.staff_id WHERE x.token_hash = $1 AND x.expires_at > now()',
    [tokenHash(token)],
  );
  const s = r.rows[0];
  return s ? { id: s.id, login: s.login, role: s.role, csrfToken: s.csrf_token } : null;
}

export async function endStaffSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM platform.staff_session WHERE token_hash = $1', [tokenHash(token)]);
}

const requireRole = (staff: Staff, roles: StaffRole[], what: string): OperationError | null =>
  roles.includes(staff.role) ? null : { code: 'FORBIDDEN', message: `${what} : action réservée ${roles.length > 1 ? 'aux rôles' : 'au rôle'} ${roles.map((r) => STAFF_ROLE_LABELS[r]).join(', ')}.` };

/** Opens the vote: allowed once every voter has credentials; votes are then accepted between the configured times. */
export async function openVote(db: Db, staff: Staff): Promise<Result<{ opensAt: string; closesAt: string }, OperationError>> {
  const refusal = requireRole(staff, ['admin'], 'Ouverture');
  if (refusal) return err(refusal);
  return db.transaction(async (tx) => {
    const e = await tx.query<{ state: string; opens_at: Date; closes_at: Date }>('SELECT state, opens_at, closes_at FROM platform.election FOR UPDATE');
    const row = e.rows[0];
    if (!row) return err({ code: 'NOT_LOADED', message: 'La plateforme n’est pas chargée.' });
    if (row.state !== 'LOADED') return err({ code: 'WRONG_STATE', message: 'Le vote est déjà ouvert ou clos.' });
    const missing = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM voter_file.voter WHERE password_hash IS NULL');
    if (missing.rows[0]!.n > 0) return err({ code: 'NO_CREDENTIALS', message: `${missing.rows[0]!.n} électeur(s) sans identifiants : éditez d’abord les courriers.` });
    await tx.query("UPDATE platform.election SET state = 'OPENED'");
    await recordEvent(tx, staff.login, 'vote.open', {});
    return ok({ opensAt: new Date(row.opens_at).toISOString(), closesAt: new Date(row.closes_at).toISOString() });
  });
}

export const DEFAULT_SUSPENSION_MESSAGE =
  'Le vote par internet est suspendu sur décision de la cellule de contrôle. Vous pouvez voter par correspondance avec le matériel de vote reçu par courrier : votre enveloppe doit parvenir avant la clôture du scrutin.';

/** Art. 10: the oversight cell suspends the vote; the booth then shows its message inviting a postal vote. */
export async function suspendVote(ctx: PlatformContext, staff: Staff, input: { reason: string; message?: string | undefined }): Promise<Result<{ suspendedAt: string }, OperationError>> {
  const refusal = requireRole(staff, ['oversight_cell'], 'Suspension');
  if (refusal) return err(refusal);
  if (input.reason.trim().length < 3) return err({ code: 'NO_REASON', message: 'Indiquez le motif de la suspension.' });
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM platform.election FOR UPDATE');
    const phase = await currentPhase(tx, ctx.now());
    if (phase.phase === 'SUSPENDED') return err({ code: 'ALREADY_SUSPENDED', message: 'Le vote est déjà suspendu.' });
    if (phase.phase === 'FROZEN' || phase.phase === 'NOT_LOADED') return err({ code: 'WRONG_STATE', message: 'Le vote est clos ou la plateforme n’est pas chargée.' });
    const at = ctx.now();
    await tx.query('INSERT INTO platform.suspension (suspended_at, suspended_by, reason, message) VALUES ($1, $2, $3, $4)', [at, staff.id, input.reason, input.message?.trim() || DEFAULT_SUSPENSION_MESSAGE]);
    await recordEvent(tx, staff.login, 'vote.suspend', { reason: input.reason, at: at.toISOString() });
    return ok({ suspendedAt: at.toISOString() });
  });
}

export type SuspensionDecision = 'BALLOTS_KEPT' | 'REFERRED_TO_COMMISSION';

/** Ends a suspension, recording the cell's decision on the ballots cast before it (kept, or referred to the commission). */
export async function resumeVote(ctx: PlatformContext, staff: Staff, input: { decision: SuspensionDecision; decisionText: string }): Promise<Result<{ resumedAt: string }, OperationError>> {
  const refusal = requireRole(staff, ['oversight_cell'], 'Reprise');
  if (refusal) return err(refusal);
  if (input.decisionText.trim().length < 3) return err({ code: 'NO_DECISION', message: 'Rédigez la décision sur les votes exprimés avant la suspension.' });
  return ctx.db.transaction(async (tx) => {
    const at = ctx.now();
    const r = await tx.query('UPDATE platform.suspension SET resumed_at = $1, resumed_by = $2, decision = $3, decision_text = $4 WHERE resumed_at IS NULL RETURNING id', [at, staff.id, input.decision, input.decisionText]);
    if (r.rows.length === 0) return err({ code: 'NOT_SUSPENDED', message: 'Le vote n’est pas suspendu.' });
    await recordEvent(tx, staff.login, 'vote.resume', { decision: input.decision, decisionText: input.decisionText, at: at.toISOString() });
    return ok({ resumedAt: at.toISOString() });
  });
}
