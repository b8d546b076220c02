// The loaded election: platform.election (one row, id = 1), its urns (platform.urn_unit) and candidates
// (platform.candidate), as `scrutin-platform load` wrote them. The state column moves LOADED → OPENED → FROZEN.
import type { Queryable } from '@scrutin/db';
import type { ElectionManifest, UrnHeader } from '@scrutin/evote';

/** platform.election as the voting desk reads it (context.ts): times as Date, manifest and header as stored JSON. */
export type ElectionRow = { code: string; name: string; chamber: string; opens_at: Date; closes_at: Date; time_zone: string; manifest: ElectionManifest; urn_header: UrnHeader };
/** platform.urn_unit: one urn (contest × category × sub-category), `position` its place in the load file. */
export type UrnUnitRow = { urn_id: string; contest_code: string; contest_name: string; category_code: string; subcategory_code: string | null; label: string; seats: number; position: number };
/** platform.candidate: `position` is the candidate's index in the urn's vote arrays. */
export type CandidateRow = { urn_id: string; position: number; last_name: string; first_names: string; profession: string; substitute: string | null };
export type ElectionState = 'LOADED' | 'OPENED' | 'FROZEN';
/** The election's state and hours with the open suspension's message (null when none is open). */
export type PhaseRow = { state: ElectionState; opens_at: Date; closes_at: Date; message: string | null };

/** The loaded election, or null before `load`. */
export async function findElection(db: Queryable): Promise<ElectionRow | null> {
  const e = await db.query<ElectionRow>('SELECT code, name, chamber, opens_at, closes_at, time_zone, manifest, urn_header FROM platform.election');
  return e.rows[0] ?? null;
}

/** Every urn of the election, in load-file order. */
export async function listUrnUnits(db: Queryable): Promise<UrnUnitRow[]> {
  return (await db.query<UrnUnitRow>('SELECT * FROM platform.urn_unit ORDER BY position')).rows;
}

/** Every candidate, urn by urn, in ballot order. */
export async function listCandidates(db: Queryable): Promise<CandidateRow[]> {
  return (await db.query<CandidateRow>('SELECT urn_id, position, last_name, first_names, profession, substitute FROM platform.candidate ORDER BY urn_id, position')).rows;
}

/** The election's state, or null before `load`; no lock. */
export async function findElectionState(db: Queryable): Promise<{ state: string } | null> {
  return (await db.query<{ state: string }>('SELECT state FROM platform.election')).rows[0] ?? null;
}

/** Whether an election is loaded (the one-row table refuses a second one; `load` checks first to answer in French). */
export async function isElectionLoaded(tx: Queryable): Promise<boolean> {
  const already = await tx.query('SELECT 1 FROM platform.election');
  return already.rows.length > 0;
}

/** The state and hours, the election row locked FOR UPDATE until the transaction ends (opening). */
export async function lockElectionForOpening(tx: Queryable): Promise<{ state: string; opens_at: Date; closes_at: Date } | null> {
  const e = await tx.query<{ state: string; opens_at: Date; closes_at: Date }>('SELECT state, opens_at, closes_at FROM platform.election FOR UPDATE');
  return e.rows[0] ?? null;
}

/** Locks the election row FOR UPDATE, reading nothing: serialises suspensions with the close and one another. */
export async function lockElection(tx: Queryable): Promise<void> {
  await tx.query('SELECT 1 FROM platform.election FOR UPDATE');
}

/**
 * The state, closing time and zone, the election row locked FOR UPDATE: the anonymity batches hold it
 * FOR SHARE (lockPhaseShared), so none commits once the close holds it.
 */
export async function lockElectionForClosing(tx: Queryable): Promise<{ state: string; closes_at: Date; time_zone: string } | null> {
  const e = await tx.query<{ state: string; closes_at: Date; time_zone: string }>('SELECT state, closes_at, time_zone FROM platform.election FOR UPDATE');
  return e.rows[0] ?? null;
}

/** LOADED → OPENED (the caller holds the row FOR UPDATE and checked the state). */
export async function markOpened(tx: Queryable): Promise<void> {
  await tx.query("UPDATE platform.election SET state = 'OPENED'");
}

/** OPENED → FROZEN: no vote commits after this (the caller holds the row FOR UPDATE). */
export async function markFrozen(tx: Queryable): Promise<void> {
  await tx.query("UPDATE platform.election SET state = 'FROZEN'");
}

/** The digest of the load file (digestOf), part of the closing seal's state digest; undefined before `load`. */
export async function findLoadDigest(tx: Queryable): Promise<string | undefined> {
  const loaded = await tx.query<{ load_digest: string }>('SELECT load_digest FROM platform.election');
  return loaded.rows[0]?.load_digest;
}

/** The phase's inputs, without lock (election-reads.ts: currentPhase). */
export async function findPhase(db: Queryable): Promise<PhaseRow | null> {
  const r = await db.query<PhaseRow>(`SELECT e.state, e.opens_at, e.closes_at, s.message FROM platform.election e LEFT JOIN platform.suspension s ON s.resumed_at IS NULL`);
  return r.rows[0] ?? null;
}

/** The phase's inputs, the election row held FOR SHARE (an anonymity batch): the close's FOR UPDATE waits for it, and it for the close. */
export async function lockPhaseShared(tx: Queryable): Promise<PhaseRow | null> {
  const e = await tx.query<PhaseRow>('SELECT e.state, e.opens_at, e.closes_at, s.message FROM platform.election e LEFT JOIN platform.suspension s ON s.resumed_at IS NULL FOR SHARE OF e');
  return e.rows[0] ?? null;
}

/** What `load` writes in platform.election; JSON columns are given already serialised. */
export type NewElection = { code: string; name: string; chamber: string; opensAt: string; closesAt: string; timeZone: string; manifestJson: string; electionKeyJson: string; urnHeaderJson: string; loadDigest: string };

/** Inserts the election row (state LOADED by default); its primary key (id = 1) refuses a second one. */
export async function insertElection(tx: Queryable, e: NewElection): Promise<void> {
  await tx.query(
    `INSERT INTO platform.election (code, name, chamber, opens_at, closes_at, time_zone, manifest, election_key, urn_header, load_digest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [e.code, e.name, e.chamber, e.opensAt, e.closesAt, e.timeZone, e.manifestJson, e.electionKeyJson, e.urnHeaderJson, e.loadDigest],
  );
}

/** One urn, at `position` in load-file order (primary key urn_id). */
export async function insertUrnUnit(tx: Queryable, u: { id: string; contestCode: string; contestName: string; categoryCode: string; subcategoryCode: string | null; label: string; seats: number }, position: number): Promise<void> {
  await tx.query('INSERT INTO platform.urn_unit VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [u.id, u.contestCode, u.contestName, u.categoryCode, u.subcategoryCode, u.label, u.seats, position]);
}

/** One candidate of urn `urnId` at ballot index `position` (primary key (urn_id, position)). */
export async function insertCandidate(tx: Queryable, urnId: string, position: number, c: { id: string; lastName: string; firstNames: string; profession: string; substitute: string | null }): Promise<void> {
  await tx.query('INSERT INTO platform.candidate VALUES ($1, $2, $3, $4, $5, $6, $7)', [urnId, position, c.id, c.lastName, c.firstNames, c.profession, c.substitute]);
}
