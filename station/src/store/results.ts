/**
 * What the results screen and the PV's ReportData read (station/src/results/): urns with their counts,
 * candidates, validated sheets, electronic tallies, and the facts the PV prints (imports, decisions,
 * corrections, incidents, approvals, signatories). Reads only; the PV's are run in the proclamation's
 * transaction so that the snapshot is consistent.
 */
import type { Queryable } from '@scrutin/db';
import type { CalendarDate } from '@scrutin/basics/calendar.js';
import type { CountSheet } from '@scrutin/domain/count-sheet.js';

/** An urn with its unit's registered rights, live postal acceptances and electronic emargements. */
export type UrnBaseRow = { id: string; contest_code: string; category_code: string; subcategory_code: string | null; label: string; seats: number; registered: number; postal: number; electronic: number };
/** A candidate of an urn (birth_date: the calendar day, for the tie-break by age). */
export type CandidateRow = { id: number; urn_id: string; last_name: string; first_names: string; birth_date: CalendarDate; sex: string };

/** Every urn with its counts, by contest, category and sub-category (a category without sub-category first). */
export async function urnBases(db: Queryable): Promise<UrnBaseRow[]> {
  const urns = await db.query<UrnBaseRow>(
    `WITH per_unit AS (
       SELECT r.category_code, r.subcategory_code, count(*)::int AS registered,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM postal_emargement pe WHERE pe.right_id = r.id
           AND NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)))::int AS postal,
         count(e.right_id)::int AS electronic
       FROM voting_right r LEFT JOIN electronic_emargement e ON e.right_id = r.id
       GROUP BY r.category_code, r.subcategory_code)
     SELECT u.id, u.contest_code, u.category_code, u.subcategory_code, u.label, u.seats,
       coalesce(p.registered, 0) AS registered, coalesce(p.postal, 0) AS postal, coalesce(p.electronic, 0) AS electronic
     FROM urn u LEFT JOIN per_unit p ON p.category_code = u.category_code AND p.subcategory_code IS NOT DISTINCT FROM u.subcategory_code
     ORDER BY u.contest_code, u.category_code, u.subcategory_code NULLS FIRST`,
  );
  return urns.rows;
}

/** Every candidate, by urn and in entry order (id). */
export async function candidates(db: Queryable): Promise<CandidateRow[]> {
  const { rows } = await db.query<CandidateRow>('SELECT id, urn_id, last_name, first_names, birth_date, sex FROM candidate ORDER BY urn_id, id');
  return rows;
}

/** Every validated count: the sheet, the reconciliation difference and its note. */
export async function validatedSheets(db: Queryable): Promise<{ urn_id: string; sheet: CountSheet; difference: number; envelopes_accepted: number; note: string | null }[]> {
  const { rows } = await db.query<{ urn_id: string; sheet: CountSheet; difference: number; envelopes_accepted: number; note: string | null }>(
    'SELECT urn_id, sheet, difference, envelopes_accepted, note FROM count_validation',
  );
  return rows;
}

/** The electronic tally's rows, one per urn (votes by candidate id); none before it is loaded. */
export async function electronicTallies(db: Queryable): Promise<{ urn_id: string; ballots: number; blank: number; votes: Record<string, number> }[]> {
  const { rows } = await db.query<{ urn_id: string; ballots: number; blank: number; votes: Record<string, number> }>('SELECT urn_id, ballots, blank, votes FROM electronic_tally');
  return rows;
}

/** The election's code and state, or undefined before an election is configured. */
export async function electionCodeAndState(db: Queryable): Promise<{ code: string; state: string } | undefined> {
  const { rows } = await db.query<{ code: string; state: string }>('SELECT code, state FROM election');
  return rows[0];
}

/** The contests, by code. */
export async function contests(db: Queryable): Promise<{ code: string; kind: 'CCIR' | 'CCIT'; name: string }[]> {
  const { rows } = await db.query<{ code: string; kind: 'CCIR' | 'CCIT'; name: string }>('SELECT code, kind, name FROM contest ORDER BY code');
  return rows;
}

/** The category names by code, and the sub-category names. */
export async function categoryNames(db: Queryable): Promise<{ categories: { code: string; name: string }[]; subcategories: { category_code: string; code: string; name: string }[] }> {
  const c = await db.query<{ code: string; name: string }>('SELECT code, name FROM category');
  const s = await db.query<{ category_code: string; code: string; name: string }>('SELECT category_code, code, name FROM subcategory');
  return { categories: c.rows, subcategories: s.rows };
}

/** A user's display name, or undefined for an unknown id. */
export async function displayName(db: Queryable, id: number | string): Promise<string | undefined> {
  const { rows } = await db.query<{ display_name: string }>('SELECT display_name FROM app_user WHERE id = $1', [id]);
  return rows[0]?.display_name;
}

/** The election as the PV's heading prints it (definition: its place and time zone), or undefined. */
export async function electionHeading(db: Queryable): Promise<{ code: string; name: string; chamber: string; vote_opens_at: Date; vote_closes_at: Date; definition: { place?: string; timeZone?: string } } | undefined> {
  const { rows } = await db.query<{ code: string; name: string; chamber: string; vote_opens_at: Date; vote_closes_at: Date; definition: { place?: string; timeZone?: string } }>(
    'SELECT code, name, chamber, vote_opens_at, vote_closes_at, definition FROM election',
  );
  return rows[0];
}

/** Who sealed (seal.sealed_by, a user id or null), or undefined before sealing. */
export async function sealedBy(db: Queryable): Promise<number | null | undefined> {
  const sealRow = await db.query<{ sealed_by: number | null }>('SELECT sealed_by FROM seal');
  return sealRow.rows[0]?.sealed_by;
}

/** When the count started: the first journaled transition to COUNTING, or undefined. */
export async function countingStartedAt(db: Queryable): Promise<Date | undefined> {
  const counting = await db.query<{ at: Date }>(`SELECT at FROM journal WHERE action = 'election.transition' AND payload->>'to' = 'COUNTING' ORDER BY at LIMIT 1`);
  return counting.rows[0]?.at;
}

/** The SHA-256 of the imported files: the electronic emargement's and the electronic tally's (each at most one). */
export async function importedFiles(db: Queryable): Promise<{ emargement: { file_sha256: string }[]; tally: { file_sha256: string }[] }> {
  const emargementImport = await db.query<{ file_sha256: string }>('SELECT file_sha256 FROM emargement_import');
  const tallyImport = await db.query<{ file_sha256: string }>('SELECT file_sha256 FROM electronic_tally_import');
  return { emargement: emargementImport.rows, tally: tallyImport.rows };
}

/** Registered rights, live postal emargements and electronic emargements of the whole roll. */
export async function participation(db: Queryable): Promise<{ registered: number; postal: number; electronic: number }> {
  const { rows } = await db.query<{ registered: number; postal: number; electronic: number }>(
    `SELECT (SELECT count(*)::int FROM voting_right) AS registered,
       (SELECT count(*)::int FROM postal_emargement pe WHERE NOT EXISTS
          (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)) AS postal,
       (SELECT count(*)::int FROM electronic_emargement) AS electronic`,
  );
  return rows[0]!;
}

/** The confirmed dual votes: the envelope's read, the electronic vote's time, the scan and the confirming president, by scan. */
export async function confirmedDualVotes(db: Queryable): Promise<{ barcode: string; voted_at: Date; scanned_at: Date; station_id: string; decided_by: number }[]> {
  const { rows } = await db.query<{ barcode: string; voted_at: Date; scanned_at: Date; station_id: string; decided_by: number }>(
    `SELECT s.barcode, e.voted_at, s.scanned_at, s.station_id, d.decided_by
     FROM scan s JOIN electronic_emargement e ON e.right_id = s.right_id JOIN decision d ON d.scan_id = s.id AND d.kind = 'CONFIRM'
     WHERE s.verdict = 'ELECTRONIC_PRIORITY' AND s.mode = 'EMARGEMENT' ORDER BY s.id`,
  );
  return rows;
}

/** The reversals (every decision but CONFIRM) with their scan's read and verdict, by id. */
export async function reversals(db: Queryable): Promise<{ decided_at: Date; decided_by: number; station_id: string; scan_id: number; barcode: string; verdict: string; kind: string; reason: string }[]> {
  const { rows } = await db.query<{ decided_at: Date; decided_by: number; station_id: string; scan_id: number; barcode: string; verdict: string; kind: string; reason: string }>(
    `SELECT d.decided_at, d.decided_by, d.station_id, d.scan_id, s.barcode, s.verdict, d.kind, d.reason
     FROM decision d JOIN scan s ON s.id = d.scan_id WHERE d.kind <> 'CONFIRM' ORDER BY d.id`,
  );
  return rows;
}

/** Every count entry that corrects an earlier one of its slot, with the digest of the sheet it replaced, by id. */
export async function sheetCorrections(
  db: Queryable,
): Promise<{ entered_at: Date; teller_id: number; station_id: string; urn_id: string; entry_number: number; reason: string | null; sheet_digest: string; previous: string }[]> {
  const { rows } = await db.query<{ entered_at: Date; teller_id: number; station_id: string; urn_id: string; entry_number: number; reason: string | null; sheet_digest: string; previous: string }>(
    `SELECT e.entered_at, e.teller_id, e.station_id, e.urn_id, e.entry_number, e.reason, e.sheet_digest,
       (SELECT p.sheet_digest FROM count_entry p WHERE p.urn_id = e.urn_id AND p.entry_number = e.entry_number AND p.id < e.id ORDER BY p.id DESC LIMIT 1) AS previous
     FROM count_entry e
     WHERE EXISTS (SELECT 1 FROM count_entry p WHERE p.urn_id = e.urn_id AND p.entry_number = e.entry_number AND p.id < e.id)
     ORDER BY e.id`,
  );
  return rows;
}

/** Every incident (reporter's user id), by id. */
export async function incidents(db: Queryable): Promise<{ reported_at: Date; reported_by: number; station_id: string; description: string }[]> {
  const { rows } = await db.query<{ reported_at: Date; reported_by: number; station_id: string; description: string }>('SELECT reported_at, reported_by, station_id, description FROM incident ORDER BY id');
  return rows;
}

/** Every approval (approver's user id), by id. */
export async function approvals(db: Queryable): Promise<{ approved_at: Date; approved_by: number; description: string }[]> {
  const { rows } = await db.query<{ approved_at: Date; approved_by: number; description: string }>('SELECT approved_at, approved_by, description FROM change_approval ORDER BY id');
  return rows;
}

/** The active accounts holding one of the given roles (the PV's signatories), by id. */
export async function signatories(db: Queryable, roles: readonly string[]): Promise<{ login: string; display_name: string; roles: string[] }[]> {
  const { rows } = await db.query<{ login: string; display_name: string; roles: string[] }>(`SELECT login, display_name, roles FROM app_user WHERE active AND roles && $1::text[] ORDER BY id`, [
    [...roles],
  ]);
  return rows;
}
