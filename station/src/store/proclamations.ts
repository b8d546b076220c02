/** The proclamation (table proclamation, one row): the ReportData snapshot that the PV, the export and the bundle all sign. */
import type { Queryable } from '@scrutin/db';

/** Stores the snapshot (canonical JSON text) and its SHA-256, proclaimed by a user; the table holds one row. */
export async function insertProclamation(tx: Queryable, reportData: string, resultsDigest: string, proclaimedBy: number | null): Promise<void> {
  await tx.query('INSERT INTO proclamation (report_data, results_digest, proclaimed_by) VALUES ($1, $2, $3)', [reportData, resultsDigest, proclaimedBy]);
}

/** The proclamation, or undefined before it. */
export async function getProclamation(db: Queryable): Promise<{ report_data: string; results_digest: string; proclaimed_at: Date } | undefined> {
  const { rows } = await db.query<{ report_data: string; results_digest: string; proclaimed_at: Date }>('SELECT report_data, results_digest, proclaimed_at FROM proclamation');
  return rows[0];
}
