// The electronic urn (schema urn): ballots, the anonymity batches' chain heads (issue 13, item 5; issue 14)
// and the first component of every ciphertext stored (a copied ciphertext is refused). Every function
// here runs as scrutin_urn (roles.actAsUrn), except lockBatches, taken before the role changes.
import type { Queryable } from '@scrutin/db';

/** A ballot as the close exports it: its line, fingerprint (primary key) and the batch it came in. */
export type BallotRow = { urn_id: string; line: string; fingerprint: string; batch: number };
/** A ballot as the public board shows it: `day` is the calendar day it was cast on, 'YYYY-MM-DD'. */
export type BoardRow = { fingerprint: string; urn_id: string; day: string };
/** A batch's number (1, 2, … with no gap) and its chain head. */
export type BatchRow = { number: number; head: string };

/** Takes urn.batch in EXCLUSIVE mode until the transaction ends: batch writers never interleave (the chain and the uniqueness checks rely on it). */
export async function lockBatches(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE urn.batch IN EXCLUSIVE MODE');
}

/** Which of `fingerprints` are already in the urn. */
export async function listUsedFingerprints(tx: Queryable, fingerprints: string[]): Promise<string[]> {
  return (await tx.query<{ fingerprint: string }>('SELECT fingerprint FROM urn.ballot WHERE fingerprint = ANY($1::text[])', [fingerprints])).rows.map((r) => r.fingerprint);
}

/** Which of the ciphertext components `components` are already in the urn. */
export async function listUsedComponents(tx: Queryable, components: string[]): Promise<string[]> {
  return (await tx.query<{ a: string }>('SELECT a FROM urn.ciphertext_component WHERE a = ANY($1::text[])', [components])).rows.map((r) => r.a);
}

/** The latest batch, or undefined before the first (the caller holds lockBatches). */
export async function findLastBatch(tx: Queryable): Promise<BatchRow | undefined> {
  return (await tx.query<BatchRow>('SELECT number, head FROM urn.batch ORDER BY number DESC LIMIT 1')).rows[0];
}

/** Records batch `number` with its chain head (primary key number). */
export async function insertBatch(tx: Queryable, b: { number: number; head: string; recordedAt: Date; ballotCount: number }): Promise<void> {
  await tx.query('INSERT INTO urn.batch (number, head, recorded_at, ballot_count) VALUES ($1, $2, $3, $4)', [b.number, b.head, b.recordedAt, b.ballotCount]);
}

/** Inserts the batch's ballots in the order given (the caller shuffles it), all cast on `day`; primary key fingerprint. */
export async function insertBallots(tx: Queryable, ballots: { fingerprint: string; urnId: string; line: string }[], day: string, batch: number): Promise<void> {
  await tx.query('INSERT INTO urn.ballot (fingerprint, urn_id, line, cast_on, batch) SELECT f, u, l, $4::date, $5 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(f, u, l)', [
    ballots.map((b) => b.fingerprint),
    ballots.map((b) => b.urnId),
    ballots.map((b) => b.line),
    day,
    batch,
  ]);
}

/** Inserts ciphertext components in the order given (the caller shuffles it); primary key a refuses a copy. */
export async function insertComponents(tx: Queryable, components: string[]): Promise<void> {
  await tx.query('INSERT INTO urn.ciphertext_component (a) SELECT unnest($1::text[])', [components]);
}

/** Every ballot by fingerprint: an order that says nothing of who voted when. */
export async function listBallots(tx: Queryable): Promise<BallotRow[]> {
  return (await tx.query<BallotRow>('SELECT urn_id, line, fingerprint, batch FROM urn.ballot ORDER BY fingerprint')).rows;
}

/** Every batch in order. */
export async function listBatches(tx: Queryable): Promise<BatchRow[]> {
  return (await tx.query<BatchRow>('SELECT number, head FROM urn.batch ORDER BY number')).rows;
}

/** The board's entry of a fingerprint, or null. */
export async function findBoardEntry(tx: Queryable, fingerprint: string): Promise<BoardRow | null> {
  const r = await tx.query<BoardRow>("SELECT fingerprint, urn_id, to_char(cast_on, 'YYYY-MM-DD') AS day FROM urn.ballot WHERE fingerprint = $1", [fingerprint]);
  return r.rows[0] ?? null;
}

/** At most `limit` board entries with a fingerprint after `after`, by fingerprint. */
export async function listBoardAfter(tx: Queryable, after: string, limit: number): Promise<BoardRow[]> {
  const r = await tx.query<BoardRow>("SELECT fingerprint, urn_id, to_char(cast_on, 'YYYY-MM-DD') AS day FROM urn.ballot WHERE fingerprint > $1 ORDER BY fingerprint LIMIT $2", [after, limit]);
  return r.rows;
}

/** How many ballots the urn holds. */
export async function countBallots(tx: Queryable): Promise<number> {
  const total = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM urn.ballot');
  return total.rows[0]!.n;
}

/** The head stored for batch `number`, or null when there is no such batch. */
export async function findBatchHead(tx: Queryable, number: number): Promise<string | null> {
  return (await tx.query<{ head: string }>('SELECT head FROM urn.batch WHERE number = $1', [number])).rows[0]?.head ?? null;
}
