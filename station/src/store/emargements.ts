/**
 * Emargements: postal (postal_emargement, one live row per right, cancelled by generation through
 * emargement_cancellation) and electronic (electronic_emargement, loaded once with its emargement_import).
 * The primary keys are the guard against a double emargement (invariants 1 and 2); the services
 * (scanning/scan.ts, scanning/president.ts, scanning/electronic-emargement.ts) own the transactions.
 */
import type { Queryable } from '@scrutin/db';

/**
 * Emarges a right by post at a scan's time. The primary key (right_id, generation) refuses a second live
 * acceptance and the unique scan_id a second emargement by the same read: a unique violation is thrown.
 */
export async function insertPostalEmargement(tx: Queryable, e: { rightId: number; generation: number; scanId: number; emargedAt: string }): Promise<void> {
  await tx.query('INSERT INTO postal_emargement (right_id, generation, scan_id, emarged_at) VALUES ($1, $2, $3, $4)', [e.rightId, e.generation, e.scanId, e.emargedAt]);
}

/** Emarges a right by post on a president's decision, at the database's clock (same keys as insertPostalEmargement). */
export async function insertPostalEmargementNow(tx: Queryable, e: { rightId: number; generation: number; scanId: number }): Promise<void> {
  await tx.query('INSERT INTO postal_emargement (right_id, generation, scan_id) VALUES ($1, $2, $3)', [e.rightId, e.generation, e.scanId]);
}

/** The right's live postal emargement (its generation not cancelled), locked FOR UPDATE; undefined when none. */
export async function lockLivePostalEmargement(tx: Queryable, rightId: number): Promise<{ generation: number; scan_id: number } | undefined> {
  const live = await tx.query<{ generation: number; scan_id: number }>(
    `SELECT pe.generation, pe.scan_id FROM postal_emargement pe WHERE pe.right_id = $1
       AND NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation) FOR UPDATE`,
    [rightId],
  );
  return live.rows[0];
}

/** Whether the right voted by internet (a row of electronic_emargement). */
export async function hasElectronicEmargement(tx: Queryable, rightId: number): Promise<boolean> {
  const electronic = await tx.query('SELECT 1 FROM electronic_emargement WHERE right_id = $1', [rightId]);
  return electronic.rows.length > 0;
}

/** Whether a read already served for a postal emargement, live or cancelled (postal_emargement.scan_id is unique). */
export async function isScanEmarged(tx: Queryable, scanId: number): Promise<boolean> {
  const used = await tx.query('SELECT 1 FROM postal_emargement WHERE scan_id = $1', [scanId]);
  return used.rows.length > 0;
}

/** The number of the right's cancelled postal emargements: the generation of its next acceptance. */
export async function countCancellations(tx: Queryable, rightId: number): Promise<number> {
  const cancelled = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM emargement_cancellation WHERE right_id = $1', [rightId]);
  return cancelled.rows[0]!.n;
}

/** Cancels the live postal emargement of a generation by a decision; the primary key (right_id, generation) refuses a second cancellation. */
export async function insertCancellation(tx: Queryable, c: { rightId: number; generation: number; decisionId: number }): Promise<void> {
  await tx.query('INSERT INTO emargement_cancellation (right_id, generation, decision_id) VALUES ($1, $2, $3)', [c.rightId, c.generation, c.decisionId]);
}

/** One line of the emargement list: the right, its voter, the channel, when and (postal) at which station. */
export type EmargementRow = {
  id: number;
  voter_number: string;
  last_name: string;
  first_names: string;
  category_code: string;
  subcategory_code: string | null;
  channel: 'POSTAL' | 'ELECTRONIC';
  at: Date;
  station_id: string | null;
};

/** Live postal and electronic emargements together, in right order, a page of `limit` from `offset`. */
export async function listEmargement(db: Queryable, limit: number, offset: number): Promise<EmargementRow[]> {
  const { rows } = await db.query<EmargementRow>(
    `SELECT r.id, v.voter_number, v.last_name, v.first_names, r.category_code, r.subcategory_code, x.channel, x.at, x.station_id
     FROM (
       SELECT pe.right_id, 'POSTAL' AS channel, pe.emarged_at AS at, s.station_id FROM postal_emargement pe JOIN scan s ON s.id = pe.scan_id
       WHERE NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)
       UNION ALL SELECT right_id, 'ELECTRONIC', voted_at, NULL FROM electronic_emargement) x
     JOIN voting_right r ON r.id = x.right_id JOIN voter v ON v.id = r.voter_id
     ORDER BY r.id LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  return rows;
}

/** Whether the electronic emargement was loaded (emargement_import holds at most its one row). */
export async function isElectronicEmargementImported(db: Queryable): Promise<boolean> {
  const already = await db.query('SELECT 1 FROM emargement_import');
  return already.rows.length > 0;
}

/** The election's state with its row locked FOR UPDATE (the lifecycle's lock: scans in flight hold it FOR SHARE). */
export async function lockElectionState(tx: Queryable): Promise<string | undefined> {
  const locked = await tx.query<{ state: string }>('SELECT state FROM election FOR UPDATE');
  return locked.rows[0]?.state;
}

/** Up to 20 of the given right ids that the roll does not hold. */
export async function unknownRights(tx: Queryable, ids: readonly number[]): Promise<number[]> {
  const unknown = await tx.query<{ id: number }>('SELECT x.id FROM unnest($1::bigint[]) AS x(id) LEFT JOIN voting_right r ON r.id = x.id WHERE r.id IS NULL LIMIT 20', [ids]);
  return unknown.rows.map((r) => r.id);
}

/**
 * Loads the electronic emargement: one electronic_emargement row per right (primary key right_id: a right
 * listed twice is refused), its emargement_import record, and the election moved to EMARGEMENT_LOADED.
 */
export async function insertElectronicEmargement(
  tx: Queryable,
  load: { rightIds: readonly number[]; votedAt: readonly string[]; fileSha256: string; count: number; closedAt: string; importedBy: number | null },
): Promise<void> {
  await tx.query('INSERT INTO electronic_emargement (right_id, voted_at) SELECT * FROM unnest($1::bigint[], $2::timestamptz[])', [load.rightIds, load.votedAt]);
  await tx.query('INSERT INTO emargement_import (file_sha256, count, closed_at, imported_by) VALUES ($1, $2, $3, $4)', [load.fileSha256, load.count, load.closedAt, load.importedBy]);
  await tx.query("UPDATE election SET state = 'EMARGEMENT_LOADED'");
}
