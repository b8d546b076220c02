/**
 * The electoral roll: tables voter, voting_right (one row per right, i.e. per voter and category), roll_import
 * (at most one row: the file imported and its conformity report) and right_withdrawal; the import's
 * staging table is roll-staging.ts. Services: roll/import.ts, roll/withdrawal.ts, roll/envelopes.ts, and the CLI's test tools
 * (emargement make, simulate) that draw rights from the roll.
 */
import type { Queryable } from '@scrutin/db';
import type { RollReport } from '@scrutin/contract/roll-types.js';

/** The roll_import row: the file imported, its conformity report (jsonb) and the prefecture's validation. */
export type RollImportRow = { id: number; file_sha256: string; report: RollReport; validated_at: Date | null };

/** Staged lines that share something they must not, with every line concerned (ascending). */
export type DuplicateRightRow = { voter_number: string; category: string; subcategory: string | null; lines: number[] };
export type DuplicateBarcodeRow = { barcode: string; lines: number[] };
export type InconsistentVoterRow = { voter_number: string; lines: number[] };

/** Whether the prefecture has validated the roll's conformity report (the roll is frozen from then on). */
export async function isRollValidated(db: Queryable): Promise<boolean> {
  const validated = await db.query('SELECT 1 FROM roll_import WHERE validated_at IS NOT NULL');
  return validated.rows.length > 0;
}

/** Records the import of the roll and its report; the previous one is deleted first (replaceRollWithStaged). */
export async function insertRollImport(tx: Queryable, report: RollReport, importedBy: number | null): Promise<void> {
  await tx.query('INSERT INTO roll_import (file_name, file_sha256, rows, report, imported_by) VALUES ($1, $2, $3, $4, $5)', [
    report.fileName,
    report.fileSha256,
    report.dataRows,
    JSON.stringify(report),
    importedBy,
  ]);
}

/**
 * Lets the sort of a million staged voters stay in memory for the rest of the transaction (SET LOCAL).
 * PostgreSQL only: PGlite's memory is the station's own.
 */
export async function raiseSortMemory(tx: Queryable): Promise<void> {
  await tx.query("SET LOCAL work_mem = '256MB'");
}

/** Marks where the load of the roll starts, so that a refused load can be undone within the transaction. */
export async function markRollLoad(tx: Queryable): Promise<void> {
  await tx.query('SAVEPOINT roll_load');
}

/** Undoes everything since markRollLoad, the transaction staying usable (the staging table included). */
export async function undoRollLoad(tx: Queryable): Promise<void> {
  await tx.query('ROLLBACK TO SAVEPOINT roll_load');
}

/**
 * Replaces the roll (voters, rights, import record) with the staged rows: one voter per voter number (its
 * first line), one right per line. Returns the number of voters and of rights inserted; throws a unique
 * violation on a duplicate right (voting_right's unique (voter, category, sub-category)) or barcode. A
 * line whose identity differs from its voter's first line is not joined: fewer rights than lines.
 */
export async function replaceRollWithStaged(tx: Queryable): Promise<{ voters: number; rights: number }> {
  await tx.query('DELETE FROM voting_right');
  await tx.query('DELETE FROM voter');
  await tx.query('DELETE FROM roll_import');
  const voters = await tx.query(
    `INSERT INTO voter (voter_number, civility, last_name, first_names, birth_date, nationality, voter_type, postal_address, business_address, siren, company_name)
       SELECT DISTINCT ON (voter_number) voter_number, civility, last_name, first_names, birth_date, nationality, voter_type, postal_address, business_address, siren, company_name
       FROM roll_staging ORDER BY voter_number, line`,
  );
  const rights = await tx.query(
    `INSERT INTO voting_right (id, voter_id, category_code, subcategory_code, barcode, line_number)
       SELECT s.right_id, v.id, s.category, s.subcategory, s.barcode, s.line
       FROM roll_staging s JOIN voter v ON v.voter_number = s.voter_number AND v.last_name = s.last_name AND v.first_names = s.first_names AND v.birth_date = s.birth_date`,
  );
  return { voters: voters.rowCount, rights: rights.rowCount };
}

/** The first `limit` voter numbers staged twice in the same category or sub-category, by first line. */
export async function stagedDuplicateRights(tx: Queryable, limit: number): Promise<DuplicateRightRow[]> {
  const rights = await tx.query<DuplicateRightRow>(
    `SELECT voter_number, category, subcategory, array_agg(line ORDER BY line) AS lines FROM roll_staging
     GROUP BY voter_number, category, subcategory HAVING count(*) > 1 ORDER BY min(line) LIMIT ${limit}`,
  );
  return rights.rows;
}

/** The first `limit` barcodes staged on two lines or more, by first line. */
export async function stagedDuplicateBarcodes(tx: Queryable, limit: number): Promise<DuplicateBarcodeRow[]> {
  const barcodes = await tx.query<DuplicateBarcodeRow>(
    `SELECT barcode, array_agg(line ORDER BY line) AS lines FROM roll_staging GROUP BY barcode HAVING count(*) > 1 ORDER BY min(line) LIMIT ${limit}`,
  );
  return barcodes.rows;
}

/** The first `limit` voter numbers staged with different names or birth dates, by first line. */
export async function stagedInconsistentVoters(tx: Queryable, limit: number): Promise<InconsistentVoterRow[]> {
  const voters = await tx.query<InconsistentVoterRow>(
    `SELECT voter_number, array_agg(line ORDER BY line) AS lines FROM roll_staging GROUP BY voter_number
     HAVING count(DISTINCT (last_name, first_names, birth_date)) > 1 ORDER BY min(line) LIMIT ${limit}`,
  );
  return voters.rows;
}

/** The roll_import row locked until the transaction ends (FOR UPDATE): validations queue on it; or undefined before any import. */
export async function lockRollImport(tx: Queryable): Promise<RollImportRow | undefined> {
  const { rows } = await tx.query<RollImportRow>('SELECT * FROM roll_import FOR UPDATE');
  return rows[0];
}

/** Records the prefecture's validation of the import `id` by `validatedBy` (an app_user id), now. */
export async function markRollValidated(tx: Queryable, id: number, validatedBy: number | null): Promise<void> {
  await tx.query('UPDATE roll_import SET validated_by = $1, validated_at = now() WHERE id = $2', [validatedBy, id]);
}

/** The conformity report of the roll imported and when it was validated (null: not yet); undefined before any import. */
export async function findRollReport(db: Queryable): Promise<{ report: RollReport; validated_at: Date | null } | undefined> {
  const { rows } = await db.query<{ report: RollReport; validated_at: Date | null }>('SELECT report, validated_at FROM roll_import');
  return rows[0];
}

/** Whether the oversight cell's approval `id` exists (table change_approval, written by scanning/seal.ts). */
export async function approvalExists(db: Queryable, id: number): Promise<boolean> {
  const approval = await db.query('SELECT 1 FROM change_approval WHERE id = $1', [id]);
  return approval.rows.length > 0;
}

/** Whether the right (voting_right.id) exists. */
export async function rightExists(db: Queryable, rightId: number): Promise<boolean> {
  const right = await db.query('SELECT 1 FROM voting_right WHERE id = $1', [rightId]);
  return right.rows.length > 0;
}

/**
 * Records a court-ordered withdrawal of the right by `recordedBy`. Returns false, writing nothing, when the
 * right is already withdrawn (ON CONFLICT on right_withdrawal's key, right_id).
 */
export async function insertWithdrawal(tx: Queryable, w: { rightId: number; decisionReference: string; reason: string }, recordedBy: number | null): Promise<boolean> {
  const done = await tx.query(
    'INSERT INTO right_withdrawal (right_id, decision_reference, reason, recorded_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING right_id',
    [w.rightId, w.decisionReference, w.reason, recordedBy],
  );
  return done.rows.length > 0;
}

/** Up to `count` right ids drawn at random from the roll, in no order (test tool: emargement make --sample). */
export async function sampleRightIds(db: Queryable, count: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM voting_right ORDER BY random() LIMIT $1', [count]);
  return rows.map((r) => Number(r.id));
}

/**
 * Up to `count` rights never seen by the station (no scan, no electronic vote, no withdrawal, no envelope
 * received), in an order fixed by `seed` (md5 of id and seed): the same seed draws the same rights.
 * Simulation only (cli/simulate.ts).
 */
export async function drawUntouchedRights(db: Queryable, count: number, seed: string): Promise<{ id: number; barcode: string }[]> {
  const fresh = await db.query<{ id: number; barcode: string }>(
    `SELECT r.id, r.barcode FROM voting_right r
     WHERE NOT EXISTS (SELECT 1 FROM scan s WHERE s.right_id = r.id)
       AND NOT EXISTS (SELECT 1 FROM electronic_emargement e WHERE e.right_id = r.id)
       AND NOT EXISTS (SELECT 1 FROM right_withdrawal w WHERE w.right_id = r.id)
       AND NOT EXISTS (SELECT 1 FROM envelope_reception rc WHERE rc.right_id = r.id)
     ORDER BY md5(r.id::text || $2) LIMIT $1`,
    [count, seed],
  );
  return fresh.rows;
}

/**
 * Barcodes of up to `count` rights that voted electronically, are not withdrawn and have no envelope
 * received, in an order fixed by `seed` as drawUntouchedRights. Simulation only (cli/simulate.ts).
 */
export async function drawElectronicVoterBarcodes(db: Queryable, count: number, seed: string): Promise<string[]> {
  const electronic = await db.query<{ barcode: string }>(
    `SELECT r.barcode FROM electronic_emargement e JOIN voting_right r ON r.id = e.right_id
     WHERE NOT EXISTS (SELECT 1 FROM right_withdrawal w WHERE w.right_id = r.id) AND NOT EXISTS (SELECT 1 FROM envelope_reception rc WHERE rc.right_id = r.id)
     ORDER BY md5(r.id::text || $2) LIMIT $1`,
    [count, seed],
  );
  return electronic.rows.map((r) => r.barcode);
}

/** The highest right id of the roll, 0 for an empty roll. */
export async function maxRightId(db: Queryable): Promise<number> {
  const maxId = await db.query<{ m: number }>('SELECT coalesce(max(id), 0)::bigint AS m FROM voting_right');
  return Number(maxId.rows[0]!.m);
}

/** One right's line of the printer's file (roll/envelopes.ts): the voter as the roll names them, the right's barcode. */
export type EnvelopeRow = {
  right_id: string;
  voter_number: string;
  civility: string | null;
  last_name: string;
  first_names: string;
  company_name: string | null;
  postal_address: string | null;
  category_code: string;
  subcategory_code: string | null;
  barcode: string;
};

/**
 * Up to `limit` rights after `afterId`, in id order, without the rights withdrawn by a court decision (they
 * get no voting material). Keyset paging: a roll of a million rights is never held in memory at once.
 */
export async function envelopePage(db: Queryable, afterId: number, limit: number): Promise<EnvelopeRow[]> {
  const { rows } = await db.query<EnvelopeRow>(
    `SELECT r.id::text AS right_id, v.voter_number, v.civility, v.last_name, v.first_names, v.company_name, v.postal_address,
            r.category_code, r.subcategory_code, r.barcode
     FROM voting_right r JOIN voter v ON v.id = r.voter_id
     WHERE r.id > $1 AND NOT EXISTS (SELECT 1 FROM right_withdrawal w WHERE w.right_id = r.id)
     ORDER BY r.id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}

/** How many rights a court decision withdrew (right_withdrawal). */
export async function countWithdrawals(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM right_withdrawal');
  return Number(rows[0]!.n);
}
