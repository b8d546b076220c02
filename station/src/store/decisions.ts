/**
 * The president's decisions on scans (table decision: confirmations of dual votes and reversals, never
 * edited), the set-aside envelopes they are about and the incidents recorded at the stations.
 * scanning/president.ts owns the transactions.
 */
import type { Queryable } from '@scrutin/db';

/** A set-aside scan with its right's category names, its confirmation time and whether an ACCEPT reversed it. */
export type SetAsideRow = {
  id: number;
  verdict: string;
  defect: string | null;
  barcode: string;
  right_id: number | null;
  category: string | null;
  subcategory: string | null;
  station_id: string;
  agent_login: string;
  scanned_at: Date;
  confirmed_at: Date | null;
  reversed: boolean;
  message: string;
};

/** Emargement-mode scans whose verdict is not in `notSetAside`, optionally of one verdict, by scan id. */
export async function listSetAside(db: Queryable, verdict: string | null, notSetAside: readonly string[]): Promise<SetAsideRow[]> {
  const { rows } = await db.query<SetAsideRow>(
    `SELECT s.id, s.verdict, s.defect, s.barcode, s.right_id, c.name AS category, sc.name AS subcategory,
       s.station_id, s.agent_login, s.scanned_at, s.answer->>'message' AS message,
       (SELECT d.decided_at FROM decision d WHERE d.scan_id = s.id AND d.kind = 'CONFIRM') AS confirmed_at,
       EXISTS (SELECT 1 FROM decision d WHERE d.scan_id = s.id AND d.kind = 'ACCEPT') AS reversed
     FROM scan s
       LEFT JOIN voting_right r ON r.id = s.right_id
       LEFT JOIN category c ON c.code = r.category_code
       LEFT JOIN subcategory sc ON sc.category_code = r.category_code AND sc.code = r.subcategory_code
     WHERE s.mode = 'EMARGEMENT' AND s.verdict <> ALL($2::text[]) AND ($1::text IS NULL OR s.verdict = $1)
     ORDER BY s.id`,
    [verdict, notSetAside],
  );
  return rows;
}

/** The ids of the dual votes awaiting confirmation, their scan rows locked FOR UPDATE (a second confirmation waits). */
export async function lockPendingElectronicPriority(tx: Queryable): Promise<number[]> {
  const pending = await tx.query<{ id: number }>(
    `SELECT s.id FROM scan s WHERE s.verdict = 'ELECTRONIC_PRIORITY' AND s.mode = 'EMARGEMENT'
       AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.scan_id = s.id AND d.kind = 'CONFIRM') ORDER BY s.id FOR UPDATE`,
  );
  return pending.rows.map((r) => Number(r.id));
}

/** One CONFIRM decision per scan id, with the same reason, batch (null when one by one), president and station. */
export async function insertConfirmations(tx: Queryable, c: { scanIds: readonly number[]; reason: string; batchId: number | null; decidedBy: number | null; stationId: string }): Promise<void> {
  await tx.query(
    `INSERT INTO decision (scan_id, kind, reason, batch_id, decided_by, station_id) SELECT id, 'CONFIRM', $2, $3, $4, $5 FROM unnest($1::bigint[]) AS id`,
    [c.scanIds, c.reason, c.batchId, c.decidedBy, c.stationId],
  );
}

/** The scan a reversal is about: its verdict, right and mode; undefined when unknown. */
export async function findScan(tx: Queryable, scanId: number): Promise<{ id: number; verdict: string; right_id: number | null; mode: string } | undefined> {
  const { rows } = await tx.query<{ id: number; verdict: string; right_id: number | null; mode: string }>('SELECT id, verdict, right_id, mode FROM scan WHERE id = $1', [scanId]);
  return rows[0];
}

/** Records a reversal (ACCEPT or CANCEL_ACCEPTANCE) with its written reason; the new decision's id. */
export async function insertDecision(tx: Queryable, d: { scanId: number; kind: string; reason: string; decidedBy: number | null; stationId: string }): Promise<number> {
  const decision = await tx.query<{ id: number }>('INSERT INTO decision (scan_id, kind, reason, decided_by, station_id) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
    d.scanId,
    d.kind,
    d.reason,
    d.decidedBy,
    d.stationId,
  ]);
  return Number(decision.rows[0]!.id);
}

/** Every decision with the login of the president who took it, by id. */
export async function listDecisions(db: Queryable): Promise<{ id: number; scan_id: number; kind: string; reason: string; login: string; decided_at: Date }[]> {
  const { rows } = await db.query<{ id: number; scan_id: number; kind: string; reason: string; login: string; decided_at: Date }>(
    'SELECT d.id, d.scan_id, d.kind, d.reason, u.login, d.decided_at FROM decision d JOIN app_user u ON u.id = d.decided_by ORDER BY d.id',
  );
  return rows;
}

/** Records an incident reported at a station; its id. */
export async function insertIncident(tx: Queryable, i: { description: string; reportedBy: number | null; stationId: string }): Promise<number> {
  const { rows } = await tx.query<{ id: number }>('INSERT INTO incident (description, reported_by, station_id) VALUES ($1, $2, $3) RETURNING id', [i.description, i.reportedBy, i.stationId]);
  return Number(rows[0]!.id);
}

/** Every incident with the login of its reporter, by id. */
export async function listIncidents(db: Queryable): Promise<{ id: number; description: string; login: string; station_id: string; reported_at: Date }[]> {
  const { rows } = await db.query<{ id: number; description: string; login: string; station_id: string; reported_at: Date }>(
    'SELECT i.id, i.description, u.login, i.station_id, i.reported_at FROM incident i JOIN app_user u ON u.id = i.reported_by ORDER BY i.id',
  );
  return rows;
}
