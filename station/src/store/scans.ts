/**
 * The scan log (table scan) and what one scan reads and writes around it: the right's state, the
 * election row's shared lock, the envelope reception. Called inside the scan service's transaction
 * (station/src/scanning/scan.ts), which owns the order of the statements and the retries.
 */
import type { Queryable } from '@scrutin/db';
import type { UrnRef } from '@scrutin/domain/verdict.js';
import type { ElectionState } from '@scrutin/domain/lifecycle.js';
import type { ElectionDefinition } from '@scrutin/contract/election-definition.js';
import type { ScanAnswer } from '../scanning/scan.js';

/** One right as a verdict needs it; `generation` counts its cancelled acceptances, `first_*` name its live acceptance. */
export type RightRow = {
  id: number;
  withdrawal: string | null;
  received_at: Date | null;
  voted_at: Date | null;
  generation: number;
  first_scan_id: number | null;
  first_station: string | null;
  first_agent: string | null;
  first_at: Date | null;
  urns: UrnRef[];
};

/** The columns of a stored scan that make its answer. */
export type ScanRow = { id: number; answer: Omit<ScanAnswer, 'scanId' | 'barcode' | 'rightId'>; barcode: string; right_id: number | null };

/**
 * Everything a verdict needs about one right, in one statement: withdrawal, reception,
 * electronic vote, live postal acceptance (with its first scan) and the right's urns.
 * bench/scan's baseline runs the same statement (the scan service's readRightForScan). Parameter $1: the
 * right's id or its pre-printed barcode.
 */
const loadRightStatement = (where: 'id' | 'barcode'): string =>
  `SELECT r.id,
     w.decision_reference AS withdrawal,
     rc.received_at,
     e.voted_at,
     (SELECT count(*)::int FROM emargement_cancellation c WHERE c.right_id = r.id) AS generation,
     live.scan_id AS first_scan_id, s.station_id AS first_station, s.agent_login AS first_agent, s.scanned_at AS first_at,
     (SELECT coalesce(json_agg(json_build_object('id', u.id, 'label', u.label) ORDER BY u.contest_code), '[]'::json)
        FROM urn u WHERE u.category_code = r.category_code AND u.subcategory_code IS NOT DISTINCT FROM r.subcategory_code) AS urns
   FROM voting_right r
   LEFT JOIN right_withdrawal w ON w.right_id = r.id
   LEFT JOIN envelope_reception rc ON rc.right_id = r.id
   LEFT JOIN electronic_emargement e ON e.right_id = r.id
   LEFT JOIN postal_emargement live ON live.right_id = r.id
     AND NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = live.right_id AND c.generation = live.generation)
   LEFT JOIN scan s ON s.id = live.scan_id
   WHERE r.${where === 'id' ? 'id' : 'barcode'} = $1`;

/** The right named by its id or pre-printed barcode (loadRightStatement), or null when the roll has none. */
export async function loadRight(db: Queryable, where: 'id' | 'barcode', key: number | string): Promise<RightRow | null> {
  const { rows } = await db.query<RightRow>(loadRightStatement(where), [key]);
  return rows[0] ?? null;
}

/**
 * The election's state under a shared lock (FOR SHARE) on its one row: a lifecycle step (FOR UPDATE)
 * waits for the scans in flight, and a scan that waited sees the new state. Undefined without an election.
 */
export async function lockElectionStateForScan(tx: Queryable): Promise<ElectionState | undefined> {
  const locked = await tx.query<{ state: ElectionState }>('SELECT state FROM election FOR SHARE');
  return locked.rows[0]?.state;
}

/** A scan to record; `answer` is the JSON of the answer without its scanId, `requestSha256` the request's digest. */
export type NewScan = {
  requestId: string;
  stationId: string;
  agentId: number | null;
  agentLogin: string;
  mode: string;
  barcode: string;
  rightId: number | null;
  verdict: string;
  defect: string | null;
  answer: string;
  scannedAt: string;
  requestSha256: string;
};

/**
 * Inserts a scan row; its id, or null when the same request_id was committed meanwhile (ON CONFLICT
 * (request_id) DO NOTHING: the unique request_id makes the scan idempotent, the caller replays it).
 */
export async function insertScan(tx: Queryable, scan: NewScan): Promise<number | null> {
  const inserted = await tx.query<{ id: number }>(
    `INSERT INTO scan (request_id, station_id, agent_id, agent_login, mode, barcode, right_id, verdict, defect, answer, scanned_at, request_sha256)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (request_id) DO NOTHING RETURNING id`,
    [scan.requestId, scan.stationId, scan.agentId, scan.agentLogin, scan.mode, scan.barcode, scan.rightId, scan.verdict, scan.defect, scan.answer, scan.scannedAt, scan.requestSha256],
  );
  return inserted.rows[0] ? Number(inserted.rows[0].id) : null;
}

/** Records an envelope received (reception mode); a right already received keeps its first reception (ON CONFLICT (right_id) DO NOTHING). */
export async function insertReception(tx: Queryable, rightId: number, scanId: number, at: string): Promise<void> {
  await tx.query('INSERT INTO envelope_reception (right_id, scan_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (right_id) DO NOTHING', [rightId, scanId, at]);
}

/** The station's latest ACCEPTED scan from scan `from` on (the right's acceptance), or null: a range of a few ids. */
export async function lastAcceptedAtStation(tx: Queryable, stationId: string, from: number): Promise<number | null> {
  const { rows } = await tx.query<{ id: number | null }>("SELECT max(id) AS id FROM scan WHERE id >= $1 AND station_id = $2 AND verdict = 'ACCEPTED'", [from, stationId]);
  return rows[0]?.id == null ? null : Number(rows[0].id);
}

/** The election row with any scan already recorded under the requestId (`replay_*`, null when none). */
export type ScanContextRow = {
  code: string;
  state: ElectionState;
  vote_closes_at: Date;
  definition: ElectionDefinition;
  barcode_secret: Uint8Array;
  replay_id: number | null;
  replay_answer: ScanRow['answer'] | null;
  replay_barcode: string | null;
  replay_right_id: number | null;
  replay_sha256: string | null;
};

/** The election and any earlier scan under this requestId, in one round trip (the scan path's hot spot); undefined without an election. */
export async function loadScanContext(db: Queryable, requestId: string): Promise<ScanContextRow | undefined> {
  const { rows } = await db.query<ScanContextRow>(
    `SELECT e.code, e.state, e.vote_closes_at, e.definition, e.barcode_secret,
       s.id AS replay_id, s.answer AS replay_answer, s.barcode AS replay_barcode, s.right_id AS replay_right_id, s.request_sha256 AS replay_sha256
     FROM election e LEFT JOIN scan s ON s.request_id = $1`,
    [requestId],
  );
  return rows[0];
}

/** Whether a validated roll import reported pre-printed barcodes (roll_import.report->preprintedBarcodes > 0). */
export async function hasPreprintedBarcodes(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM roll_import WHERE (report->>'preprintedBarcodes')::int > 0`);
  return rows[0]!.n > 0;
}

/** How many dual votes are set aside and not yet confirmed by the president: ELECTRONIC_PRIORITY emargement scans without a CONFIRM decision. */
export async function countPendingElectronicPriority(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM scan s WHERE s.verdict = 'ELECTRONIC_PRIORITY' AND s.mode = 'EMARGEMENT' AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.scan_id = s.id AND d.kind = 'CONFIRM')`,
  );
  return rows[0]?.n ?? 0;
}
