/**
 * Candidacies and their validation by the prefecture: tables candidate and candidates_validation (at most
 * one row: the lists are validated all at once). Service: candidates/candidates.ts.
 */
import type { Queryable } from '@scrutin/db';
import type { CalendarDate } from '@scrutin/basics/calendar.js';

/** A substitute as stored in candidate.substitute (jsonb), or null. */
export type SubstituteColumn = { lastName: string; firstNames: string; sex: 'F' | 'M'; birthDate: string } | null;

/** One candidate row. */
export type CandidateRow = {
  id: number;
  urn_id: string;
  last_name: string;
  first_names: string;
  sex: 'F' | 'M';
  birth_date: CalendarDate; // 'YYYY-MM-DD' from the database layer
  profession: string;
  titles: string;
  delegation: string;
  grouping: string;
  substitute: SubstituteColumn;
};

/** A candidacy to insert, fields as validated by candidateInputSchema. */
export type NewCandidate = {
  urnId: string;
  lastName: string;
  firstNames: string;
  sex: 'F' | 'M';
  birthDate: string;
  profession: string;
  titles: string;
  delegation: string;
  grouping: string;
  substitute: SubstituteColumn;
};

/** The prefecture's validation: the digest of the candidate list validated, and when. */
export type CandidatesValidationRow = { digest: string; validated_at: Date };

/** Every candidacy, by urn, then name, then id (the order the lists are printed and digested in). */
export async function listCandidateRows(db: Queryable): Promise<CandidateRow[]> {
  const { rows } = await db.query<CandidateRow>('SELECT * FROM candidate ORDER BY urn_id, last_name, first_names, id');
  return rows;
}

/** Whether the prefecture has validated the candidate lists (they are frozen from then on). */
export async function areCandidatesValidated(db: Queryable): Promise<boolean> {
  const v = await db.query('SELECT 1 FROM candidates_validation');
  return v.rows.length > 0;
}

/** The validation of the candidate lists, or undefined before it. */
export async function getCandidatesValidation(db: Queryable): Promise<CandidatesValidationRow | undefined> {
  const validated = await db.query<CandidatesValidationRow>('SELECT digest, validated_at FROM candidates_validation');
  return validated.rows[0];
}

/** The kind of contest ('CCIR' or 'CCIT') the urn belongs to, or undefined for an unknown urn. */
export async function contestKindOfUrn(db: Queryable, urnId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ kind: string }>('SELECT c.kind FROM urn u JOIN contest c ON c.code = u.contest_code WHERE u.id = $1', [urnId]);
  return rows[0]?.kind;
}

/** Inserts a candidacy entered by `enteredBy` (an app_user id); returns its row (candidate.id from its sequence). */
export async function insertCandidate(tx: Queryable, c: NewCandidate, enteredBy: number | null): Promise<CandidateRow> {
  const { rows } = await tx.query<CandidateRow>(
    `INSERT INTO candidate (urn_id, last_name, first_names, sex, birth_date, profession, titles, delegation, grouping, substitute, entered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
    [c.urnId, c.lastName, c.firstNames, c.sex, c.birthDate, c.profession, c.titles, c.delegation, c.grouping, c.substitute ? JSON.stringify(c.substitute) : null, enteredBy],
  );
  return rows[0]!;
}

/** Deletes the candidacy; returns its row, or undefined when there was none with this id. */
export async function deleteCandidate(tx: Queryable, id: number): Promise<CandidateRow | undefined> {
  const { rows } = await tx.query<CandidateRow>('DELETE FROM candidate WHERE id = $1 RETURNING *', [id]);
  return rows[0];
}

/** The urns without any candidate, by id. */
export async function urnsWithoutCandidate(db: Queryable): Promise<{ id: string; label: string }[]> {
  const empty = await db.query<{ id: string; label: string }>('SELECT u.id, u.label FROM urn u WHERE NOT EXISTS (SELECT 1 FROM candidate c WHERE c.urn_id = u.id) ORDER BY u.id');
  return empty.rows;
}

/**
 * Records the validation of the candidate lists, with the digest of the list validated. A second one
 * fails on candidates_validation's primary key (always 1: one row); the service checks first, in its transaction.
 */
export async function insertCandidatesValidation(tx: Queryable, digest: string, validatedBy: number | null): Promise<void> {
  await tx.query('INSERT INTO candidates_validation (digest, validated_by) VALUES ($1, $2)', [digest, validatedBy]);
}
