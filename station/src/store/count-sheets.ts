/**
 * The manual count sheets (art. 13): count_slot (one teller per entry number of an urn, two different
 * tellers), count_entry (every typing, corrections as new rows, never edited) and count_validation (the
 * president's validation, once per urn). counting/count-sheets.ts owns the transactions.
 */
import type { Queryable } from '@scrutin/db';

/** An entry as typed, with the number of corrections of its slot (entries of the slot before this one). */
export type EntryRow = {
  id: number;
  urn_id: string;
  entry_number: number;
  teller_login: string;
  entered_at: Date;
  envelopes_found: number;
  ballots_valid: number;
  ballots_blank: number;
  ballots_null: number;
  votes: Record<string, number>;
  reason: string | null;
  corrections: number;
};

/** A validation with the validating president's login. */
export type ValidationRow = { urn_id: string; login: string; display_name: string; validated_at: Date; difference: number; note: string | null; sheet_digest: string };

/** The current (latest) entry of each slot, of one urn or of all, by urn and entry number. */
export async function currentEntries(db: Queryable, urnId?: string): Promise<EntryRow[]> {
  const { rows } = await db.query<EntryRow>(
    `SELECT DISTINCT ON (urn_id, entry_number) e.*,
       (SELECT count(*)::int - 1 FROM count_entry p WHERE p.urn_id = e.urn_id AND p.entry_number = e.entry_number) AS corrections
     FROM count_entry e WHERE ($1::text IS NULL OR urn_id = $1)
     ORDER BY urn_id, entry_number, id DESC`,
    [urnId ?? null],
  );
  return rows;
}

/** Every urn's validation. */
export async function listValidations(db: Queryable): Promise<ValidationRow[]> {
  const { rows } = await db.query<ValidationRow>(
    'SELECT v.urn_id, u.login, u.display_name, v.validated_at, v.difference, v.note, v.sheet_digest FROM count_validation v JOIN app_user u ON u.id = v.validated_by',
  );
  return rows;
}

/** Whether the urn's count is validated (count_validation's primary key urn_id: once). */
export async function isValidated(tx: Queryable, urnId: string): Promise<boolean> {
  const done = await tx.query('SELECT 1 FROM count_validation WHERE urn_id = $1', [urnId]);
  return done.rows.length > 0;
}

/** Locks the urn's row FOR UPDATE: serialises the two tellers and the president on one urn. */
export async function lockUrn(tx: Queryable, urnId: string): Promise<void> {
  await tx.query('SELECT 1 FROM urn WHERE id = $1 FOR UPDATE', [urnId]);
}

/** The urn's slots taken so far (entry number and teller), at most two. */
export async function listSlots(tx: Queryable, urnId: string): Promise<{ entry_number: number; teller_id: string | number }[]> {
  const slots = await tx.query<{ entry_number: number; teller_id: string | number }>('SELECT entry_number, teller_id FROM count_slot WHERE urn_id = $1', [urnId]);
  return slots.rows;
}

/** Gives a slot to a teller; count_slot's unique (urn_id, teller_id) refuses the same teller on both entries. */
export async function insertSlot(tx: Queryable, urnId: string, entryNumber: number, tellerId: number): Promise<void> {
  await tx.query('INSERT INTO count_slot (urn_id, entry_number, teller_id) VALUES ($1, $2, $3)', [urnId, entryNumber, tellerId]);
}

/** A typed sheet: `votes` is the JSON of the votes by candidate id, `reason` set for a correction. */
export type NewEntry = {
  urnId: string;
  entryNumber: number;
  tellerId: number;
  tellerLogin: string;
  stationId: string;
  envelopesFound: number;
  ballotsValid: number;
  ballotsBlank: number;
  ballotsNull: number;
  votes: string;
  sheetDigest: string;
  reason: string | null;
};

/** Records a typed sheet; its id. */
export async function insertEntry(tx: Queryable, e: NewEntry): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO count_entry (urn_id, entry_number, teller_id, teller_login, station_id, envelopes_found, ballots_valid, ballots_blank, ballots_null, votes, sheet_digest, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [e.urnId, e.entryNumber, e.tellerId, e.tellerLogin, e.stationId, e.envelopesFound, e.ballotsValid, e.ballotsBlank, e.ballotsNull, e.votes, e.sheetDigest, e.reason],
  );
  return Number(rows[0]!.id);
}

/** A president's validation: the two entries, the sheet (JSON) and its digest, the reconciliation and its note. */
export type NewValidation = {
  urnId: string;
  firstEntryId: number;
  secondEntryId: number;
  sheet: string;
  sheetDigest: string;
  envelopesAccepted: number;
  envelopesFound: number;
  difference: number;
  note: string | null;
  validatedBy: number | null;
  stationId: string;
};

/** Records the validation of an urn's count (primary key urn_id: a second one is a unique violation). */
export async function insertValidation(tx: Queryable, v: NewValidation): Promise<void> {
  await tx.query(
    `INSERT INTO count_validation (urn_id, first_entry_id, second_entry_id, sheet, sheet_digest, envelopes_accepted, envelopes_found, difference, note, validated_by, station_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [v.urnId, v.firstEntryId, v.secondEntryId, v.sheet, v.sheetDigest, v.envelopesAccepted, v.envelopesFound, v.difference, v.note, v.validatedBy, v.stationId],
  );
}

/** The urns whose count is not validated yet, by id. */
export async function unvalidatedUrns(tx: Queryable): Promise<string[]> {
  const pending = await tx.query<{ id: string }>('SELECT id FROM urn u WHERE NOT EXISTS (SELECT 1 FROM count_validation v WHERE v.urn_id = u.id) ORDER BY id');
  return pending.rows.map((r) => r.id);
}
