/** The oversight cell's approvals of changes after sealing (table change_approval, printed on the report). */
import type { Queryable } from '@scrutin/db';

/** Records an approval by a user; its id. */
export async function insertApproval(tx: Queryable, description: string, approvedBy: number | null): Promise<number> {
  const { rows } = await tx.query<{ id: number }>('INSERT INTO change_approval (description, approved_by) VALUES ($1, $2) RETURNING id', [description, approvedBy]);
  return Number(rows[0]!.id);
}

/** Every approval with the login of the approver, by id. */
export async function listApprovals(db: Queryable): Promise<{ id: number; description: string; login: string; approved_at: Date }[]> {
  const { rows } = await db.query<{ id: number; description: string; login: string; approved_at: Date }>(
    'SELECT a.id, a.description, u.login, a.approved_at FROM change_approval a JOIN app_user u ON u.id = a.approved_by ORDER BY a.id',
  );
  return rows;
}
