// Suspensions of the vote by the oversight cell (art. 10; platform.suspension). The unique index
// one_open_suspension admits one open suspension (resumed_at IS NULL) at a time.
import type { Queryable } from '@scrutin/db';

/** Opens a suspension; a second open one violates one_open_suspension (the caller checks the phase first). */
export async function insertSuspension(tx: Queryable, s: { at: Date; staffId: number; reason: string; message: string }): Promise<void> {
  await tx.query('INSERT INTO platform.suspension (suspended_at, suspended_by, reason, message) VALUES ($1, $2, $3, $4)', [s.at, s.staffId, s.reason, s.message]);
}

/** Closes the open suspension with the cell's decision; false when none was open. */
export async function resumeSuspension(tx: Queryable, r: { at: Date; staffId: number; decision: string; decisionText: string }): Promise<boolean> {
  const updated = await tx.query('UPDATE platform.suspension SET resumed_at = $1, resumed_by = $2, decision = $3, decision_text = $4 WHERE resumed_at IS NULL RETURNING id', [r.at, r.staffId, r.decision, r.decisionText]);
  return updated.rows.length > 0;
}

/** Whether a suspension is open. */
export async function hasOpenSuspension(tx: Queryable): Promise<boolean> {
  const pending = await tx.query('SELECT 1 FROM platform.suspension WHERE resumed_at IS NULL');
  return pending.rows.length > 0;
}

/** Every suspension in order, rows exactly as the driver returns them: the closing seal digests them as they are. */
export async function listSuspensions(tx: Queryable): Promise<Record<string, unknown>[]> {
  return (await tx.query('SELECT id, suspended_at, reason, message, resumed_at, decision, decision_text FROM platform.suspension ORDER BY id')).rows;
}
