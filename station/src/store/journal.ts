/**
 * The journal's SQL: tables `journal`, `journal_chain` and `journal_signed_head` (db/migrations). The
 * hashing and the checks live in journal/*.ts; this module only reads and writes rows, in the caller's
 * transaction when given one.
 */
import type { Queryable } from '@scrutin/db';

/** One journal row as stored; `at` comes back as a Date (pg) or an ISO string (PGlite). */
export type JournalRow = {
  chain_id: string;
  seq: number;
  at: Date;
  actor_id: number | null;
  actor_login: string;
  actor_role: string;
  station_id: string;
  action: string;
  payload: unknown;
  payload_digest: string;
  entry_digest: string;
  hash: string;
};

/** A chain's head as recorded in `journal_chain`. */
export type ChainHeadRow = { chain_id: string; seq: number; head_hash: string };

/** A signed head as stored in `journal_signed_head`. */
export type SignedHeadRow = { chain_id: string; seq: number; head_hash: string; signed_at: Date; public_key: string; key_fingerprint: string; signature: string };

/** What `insertJournalEntry` writes: the entry's header, its canonical payload and the digests computed by journal.ts. */
export type JournalEntryRow = {
  chainId: string;
  /** ISO 8601. */
  at: string;
  actorId: number | null;
  actorLogin: string;
  actorRole: string;
  stationId: string;
  action: string;
  /** Canonical JSON of the payload. */
  payloadJson: string;
  payloadDigest: string;
  entryDigest: string;
};

/**
 * Inserts one entry and advances its chain head, in one statement: the chain head row is the only lock, so
 * stations never wait on each other. The head is advanced by SQL's sha256() from the locked row itself,
 * never from a value read earlier, which could be stale under READ COMMITTED. Returns the entry's seq and hash.
 */
export async function insertJournalEntry(tx: Queryable, e: JournalEntryRow): Promise<{ seq: number; hash: string }> {
  const { rows } = await tx.query<{ seq: number; hash: string }>(
    `WITH head AS (
       INSERT INTO journal_chain AS c (chain_id, seq, head_hash)
       VALUES ($1, 1, encode(sha256(convert_to($1 || $2, 'UTF8')), 'hex'))
       ON CONFLICT (chain_id) DO UPDATE
         SET seq = c.seq + 1, head_hash = encode(sha256(convert_to(c.head_hash || $2, 'UTF8')), 'hex')
       RETURNING seq, head_hash)
     INSERT INTO journal (chain_id, seq, at, actor_id, actor_login, actor_role, station_id, action, payload, payload_digest, entry_digest, hash)
     SELECT $1, head.seq, $3, $4, $5, $6, $7, $8, $9, $10, $2, head.head_hash FROM head
     RETURNING seq, hash`,
    [e.chainId, e.entryDigest, e.at, e.actorId, e.actorLogin, e.actorRole, e.stationId, e.action, e.payloadJson, e.payloadDigest],
  );
  return rows[0]!;
}

/** Every chain head, by chain id; without the chain named `except` when given. */
export async function chainHeads(db: Queryable, except?: string): Promise<ChainHeadRow[]> {
  const { rows } =
    except === undefined
      ? await db.query<ChainHeadRow>('SELECT chain_id, seq, head_hash FROM journal_chain ORDER BY chain_id')
      : await db.query<ChainHeadRow>('SELECT chain_id, seq, head_hash FROM journal_chain WHERE chain_id <> $1 ORDER BY chain_id', [except]);
  return rows;
}

/** The whole journal, by chain then sequence number. */
export async function journalRows(db: Queryable): Promise<JournalRow[]> {
  return (await db.query<JournalRow>('SELECT * FROM journal ORDER BY chain_id, seq')).rows;
}

/** Records a signed head; a second signature of the same (chain, seq) is ignored. */
export async function insertSignedHead(tx: Queryable, h: { chainId: string; seq: number; headHash: string; signedAt: string; publicKey: string; keyFingerprint: string; signature: string }): Promise<void> {
  await tx.query(
    `INSERT INTO journal_signed_head (chain_id, seq, head_hash, signed_at, public_key, key_fingerprint, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (chain_id, seq) DO NOTHING`,
    [h.chainId, h.seq, h.headHash, h.signedAt, h.publicKey, h.keyFingerprint, h.signature],
  );
}

/** Every signed head, oldest first. */
export async function signedHeadRows(db: Queryable): Promise<SignedHeadRow[]> {
  return (await db.query<SignedHeadRow>('SELECT * FROM journal_signed_head ORDER BY seq, id')).rows;
}

/** The signed head with the highest anchor sequence number, if any. */
export async function lastSignedHeadRow(db: Queryable): Promise<SignedHeadRow | undefined> {
  return (await db.query<SignedHeadRow>('SELECT * FROM journal_signed_head ORDER BY seq DESC, id DESC LIMIT 1')).rows[0];
}
