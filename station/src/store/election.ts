/**
 * The station's one election and its structure: tables election (at most one row), category, subcategory,
 * contest and urn, written once from the definition file. Service: election/election.ts.
 */
import type { Queryable } from '@scrutin/db';
import type { CalendarDate } from '@scrutin/basics/calendar.js';
import type { ElectionState } from '@scrutin/domain/lifecycle.js';
import type { ElectionDefinition } from '@scrutin/contract/election-definition.js';

/** The election row; barcode_secret (32 random bytes) keys the envelopes' barcodes and never leaves the station. */
export type ElectionRow = {
  code: string;
  name: string;
  chamber: string;
  state: ElectionState;
  vote_opens_at: Date;
  vote_closes_at: Date;
  appeal_deadline: CalendarDate; // 'YYYY-MM-DD' from the database layer
  definition: ElectionDefinition;
  definition_digest: string;
  barcode_secret: Uint8Array;
};

/** One urn: a contest's seats for a category or sub-category (@scrutin/contract/election-definition.ts, urnsOf). */
export type UrnRow = { id: string; contest_code: string; category_code: string; subcategory_code: string | null; seats: number; label: string };

/** The election row, or undefined before the election is created. */
export async function findElection(db: Queryable): Promise<ElectionRow | undefined> {
  const { rows } = await db.query<ElectionRow>('SELECT * FROM election');
  return rows[0];
}

/** The election row, locked until the transaction ends (FOR UPDATE): state changes queue on it; or undefined. */
export async function lockElection(tx: Queryable): Promise<ElectionRow | undefined> {
  const { rows } = await tx.query<ElectionRow>('SELECT * FROM election FOR UPDATE');
  return rows[0];
}

/** Whether an election exists, its row locked (FOR UPDATE) when it does, so that a second creation waits for the first. */
export async function lockExistingElection(tx: Queryable): Promise<boolean> {
  const existing = await tx.query('SELECT code FROM election FOR UPDATE');
  return existing.rows.length > 0;
}

/** Every urn, by contest, category, then sub-category (the category's own urn first). */
export async function listUrnRows(db: Queryable): Promise<UrnRow[]> {
  const { rows } = await db.query<UrnRow>('SELECT * FROM urn ORDER BY contest_code, category_code, subcategory_code NULLS FIRST');
  return rows;
}

/**
 * Inserts the election row from its validated definition (stored whole as jsonb, with its digest); the
 * state is the column's default, SETUP.
 */
export async function insertElection(tx: Queryable, d: ElectionDefinition, definitionDigest: string, barcodeSecret: Uint8Array): Promise<void> {
  await tx.query(
    `INSERT INTO election (code, name, chamber, definition, definition_digest, barcode_secret, vote_opens_at, vote_closes_at, appeal_deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [d.code, d.name, d.chamber, JSON.stringify(d), definitionDigest, barcodeSecret, d.voteOpensAt, d.voteClosesAt, d.appealDeadline],
  );
}

/** Inserts a category of voters (category.code is its key). */
export async function insertCategory(tx: Queryable, c: { code: string; name: string }): Promise<void> {
  await tx.query('INSERT INTO category (code, name) VALUES ($1, $2)', [c.code, c.name]);
}

/** Inserts a sub-category of a category (key: category_code, code). */
export async function insertSubcategory(tx: Queryable, categoryCode: string, sc: { code: string; name: string }): Promise<void> {
  await tx.query('INSERT INTO subcategory (category_code, code, name) VALUES ($1, $2, $3)', [categoryCode, sc.code, sc.name]);
}

/** Inserts a contest (kind 'CCIR' or 'CCIT'; contest.code is its key). */
export async function insertContest(tx: Queryable, c: { code: string; kind: string; name: string }): Promise<void> {
  await tx.query('INSERT INTO contest (code, kind, name) VALUES ($1, $2, $3)', [c.code, c.kind, c.name]);
}

/** Inserts an urn (urn.id is its key). */
export async function insertUrn(tx: Queryable, u: { id: string; contestCode: string; categoryCode: string; subcategoryCode: string | null; seats: number; label: string }): Promise<void> {
  await tx.query('INSERT INTO urn (id, contest_code, category_code, subcategory_code, seats, label) VALUES ($1, $2, $3, $4, $5, $6)', [
    u.id,
    u.contestCode,
    u.categoryCode,
    u.subcategoryCode,
    u.seats,
    u.label,
  ]);
}

/** Sets the election's state; the caller holds the row's lock (lockElection) and checked the transition. */
export async function setElectionState(tx: Queryable, state: ElectionState): Promise<void> {
  await tx.query('UPDATE election SET state = $1', [state]);
}
