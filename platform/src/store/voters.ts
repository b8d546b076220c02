// The voter file (schema voter_file: voter, voting_right), kept apart from the urn (arrêté art. 7–8):
// loaded once from the station's validated roll, then given credentials by the letters.
import type { Queryable } from '@scrutin/db';

/** What a credentials letter prints of a voter; `id` as text (bigint). */
export type LetterVoterRow = { id: string; voter_number: string; civility: string | null; last_name: string; first_names: string; company_name: string; postal_address: string };
/** A right with whether it has voted (an emargement row exists). */
export type RightRow = { id: number; category_code: string; subcategory_code: string | null; label: string; withdrawn: boolean; voted: boolean };
/** A voter as `load` writes it; the birth date is a calendar date 'YYYY-MM-DD'. */
export type NewVoter = { id: number; voterNumber: string; civility: string | null; lastName: string; firstNames: string; birthDate: string; postalAddress: string | null; companyName: string | null };
export type NewRight = { id: number; voterId: number; categoryCode: string; subcategoryCode: string | null; label: string; withdrawn: boolean };

/** Voter numbers to give letters to, in order: `wanted` only (null: all), and without `reissue` only those with no password yet. */
export async function listVoterNumbersForLetters(db: Queryable, wanted: string[] | null, reissue: boolean): Promise<string[]> {
  const pending = await db.query<{ voter_number: string }>(
    `SELECT voter_number FROM voter_file.voter WHERE ($1::text[] IS NULL OR voter_number = ANY($1)) AND ($2 OR password_hash IS NULL) ORDER BY voter_number`,
    [wanted, reissue],
  );
  return pending.rows.map((v) => v.voter_number);
}

/** The letters' fields of the given voters, in voter number order. */
export async function listLetterVoters(db: Queryable, voterNumbers: string[]): Promise<LetterVoterRow[]> {
  const voters = await db.query<LetterVoterRow>(
    `SELECT id::text AS id, voter_number, civility, last_name, first_names, company_name, postal_address FROM voter_file.voter WHERE voter_number = ANY($1) ORDER BY voter_number`,
    [voterNumbers],
  );
  return voters.rows;
}

/** Which of `candidates` some voter already holds as identifier (UNIQUE voter_file.voter.identifier). */
export async function listTakenIdentifiers(db: Queryable, candidates: string[]): Promise<string[]> {
  const taken = await db.query<{ identifier: string }>('SELECT identifier FROM voter_file.voter WHERE identifier = ANY($1)', [candidates]);
  return taken.rows.map((r) => r.identifier);
}

/**
 * Sets identifier and password hash of voters `ids[i]` (same index in the three arrays), stamped `now()`;
 * without `reissue` only voters with no password yet are updated. Returns how many rows changed, so that
 * the caller sees a concurrent run that gave some of them credentials meanwhile.
 */
export async function setCredentials(tx: Queryable, ids: string[], identifiers: string[], hashes: string[], reissue: boolean): Promise<number> {
  const updated = await tx.query(
    `UPDATE voter_file.voter v SET identifier = u.identifier, password_hash = u.hash, credentials_issued_at = now()
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, identifier, hash) WHERE v.id = u.id AND ($4 OR v.password_hash IS NULL)`,
    [ids, identifiers, hashes, reissue],
  );
  return updated.rowCount;
}

/** How many voters have no password yet (the vote does not open before every voter has one). */
export async function countVotersWithoutCredentials(tx: Queryable): Promise<number> {
  const missing = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM voter_file.voter WHERE password_hash IS NULL');
  return missing.rows[0]!.n;
}

/** The voter holding `identifier` (UNIQUE), with what the login checks; birth date as 'YYYY-MM-DD'. */
export async function findVoterByIdentifier(db: Queryable, identifier: string): Promise<{ id: number; password_hash: string | null; birth_date: string } | null> {
  return (await db.query<{ id: number; password_hash: string | null; birth_date: string }>('SELECT id, password_hash, birth_date FROM voter_file.voter WHERE identifier = $1', [identifier])).rows[0] ?? null;
}

/** The name the booth greets a voter with, or null for an unknown id. */
export async function findVoterName(db: Queryable, voterId: number): Promise<{ civility: string | null; last_name: string; first_names: string } | null> {
  const person = await db.query<{ civility: string | null; last_name: string; first_names: string }>('SELECT civility, last_name, first_names FROM voter_file.voter WHERE id = $1', [voterId]);
  return person.rows[0] ?? null;
}

/** A voter's rights in id order, each with whether it has voted (LEFT JOIN on voter_file.emargement). */
export async function listRightsOfVoter(db: Queryable, voterId: number): Promise<RightRow[]> {
  const r = await db.query<RightRow>(
    `SELECT r.id, r.category_code, r.subcategory_code, r.label, r.withdrawn, (e.right_id IS NOT NULL) AS voted
     FROM voter_file.voting_right r LEFT JOIN voter_file.emargement e ON e.right_id = r.id WHERE r.voter_id = $1 ORDER BY r.id`,
    [voterId],
  );
  return r.rows;
}

/** Inserts every voter in one statement (unnest of one array per column); primary key id, UNIQUE voter_number. */
export async function insertVoters(tx: Queryable, v: NewVoter[]): Promise<void> {
  await tx.query(
    `INSERT INTO voter_file.voter (id, voter_number, civility, last_name, first_names, birth_date, postal_address, company_name)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[])`,
    [v.map((x) => x.id), v.map((x) => x.voterNumber), v.map((x) => x.civility), v.map((x) => x.lastName), v.map((x) => x.firstNames), v.map((x) => x.birthDate), v.map((x) => x.postalAddress), v.map((x) => x.companyName)],
  );
}

/** Inserts every right in one statement (unnest); primary key id, foreign key to its voter. */
export async function insertRights(tx: Queryable, rights: NewRight[]): Promise<void> {
  await tx.query(
    `INSERT INTO voter_file.voting_right (id, voter_id, category_code, subcategory_code, label, withdrawn)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::boolean[])`,
    [rights.map((r) => r.id), rights.map((r) => r.voterId), rights.map((r) => r.categoryCode), rights.map((r) => r.subcategoryCode), rights.map((r) => r.label), rights.map((r) => r.withdrawn)],
  );
}

/** How many voters are loaded and how many rights have voted (`scrutin-platform status`). */
export async function countVotersAndEmargements(db: Queryable): Promise<{ voters: number; emarged: number }> {
  const counts = await db.query<{ voters: number; emarged: number }>('SELECT (SELECT count(*)::int FROM voter_file.voter) AS voters, (SELECT count(*)::int FROM voter_file.emargement) AS emarged');
  return counts.rows[0]!;
}
