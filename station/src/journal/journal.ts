import type { Queryable } from '@scrutin/db';
import type { Actor } from '@scrutin/domain/roles.js';
import { canonicalJson, digestOf, sha256Hex } from '@scrutin/basics/canonical-json.js';
import { ANCHOR_CHAIN } from '@scrutin/domain/station-id.js';
import { currentJournalKey, recordSignedHead } from './head-seal.js';

export { ANCHOR_CHAIN };

export type JournalRef = { chainId: string; seq: number; hash: string };

const ANCHOR_ACTION = 'journal.anchor';

export function entryDigest(e: {
  chainId: string;
  at: string;
  actorId: number | null;
  actorLogin: string;
  actorRole: string;
  stationId: string;
  action: string;
  payloadDigest: string;
}): string {
  return sha256Hex(canonicalJson(e));
}

/** hash_n = sha256(hash_{n-1} || entry_digest_n); the chain id stands for hash_0. */
export const chainHash = (previous: string, digest: string): string => sha256Hex(previous + digest);

/**
 * Appends one entry to the actor's station chain, in the caller's transaction, in one
 * statement: the chain head row is the only lock, so stations never wait on each other.
 * The head is advanced by SQL's sha256() from the locked row itself, never from a
 * value read earlier, which could be stale under READ COMMITTED.
 */
export async function appendJournal(tx: Queryable, actor: Actor, action: string, payload: unknown, chainId = actor.stationId): Promise<JournalRef> {
  // Only anchorChains writes the anchor chain; station names are refused at the boundary (@scrutin/domain/station-id.ts).
  if (chainId === ANCHOR_CHAIN && action !== ANCHOR_ACTION) throw new Error(`chaîne ${ANCHOR_CHAIN} réservée aux ancrages (action ${action})`);
  const at = new Date().toISOString();
  const payloadDigest = digestOf(payload ?? null);
  const digest = entryDigest({
    chainId,
    at,
    actorId: actor.userId,
    actorLogin: actor.login,
    actorRole: actor.role,
    stationId: actor.stationId,
    action,
    payloadDigest,
  });
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
    [chainId, digest, at, actor.userId, actor.login, actor.role, actor.stationId, action, canonicalJson(payload ?? null), payloadDigest],
  );
  const row = rows[0]!;
  return { chainId, seq: row.seq, hash: row.hash };
}

/**
 * Anchors every station chain's head into the global 'anchor' chain; called at each
 * state transition (and by the head sealer's timer) so that a later edit of any station chain is
 * caught against it. With a journal key set for this process (head-seal.ts), the new anchor head
 * is signed in the same transaction, so that the tail cannot be cut back past it either.
 */
export async function anchorChains(tx: Queryable, actor: Actor, reason: string): Promise<JournalRef> {
  const { rows } = await tx.query<{ chain_id: string; seq: number; head_hash: string }>(
    `SELECT chain_id, seq, head_hash FROM journal_chain WHERE chain_id <> $1 ORDER BY chain_id`,
    [ANCHOR_CHAIN],
  );
  const heads = rows.map((r) => ({ chainId: r.chain_id, seq: r.seq, hash: r.head_hash }));
  const ref = await appendJournal(tx, actor, ANCHOR_ACTION, { reason, heads }, ANCHOR_CHAIN);
  const key = currentJournalKey();
  if (key) await recordSignedHead(tx, key, { chainId: ref.chainId, seq: ref.seq, headHash: ref.hash });
  return ref;
}

/** The global head: the anchor chain's head, or a digest of all heads when nothing was anchored yet. */
export async function journalHead(db: Queryable): Promise<{ hash: string; entries: number }> {
  const { rows } = await db.query<{ chain_id: string; seq: number; head_hash: string }>(
    'SELECT chain_id, seq, head_hash FROM journal_chain ORDER BY chain_id',
  );
  const entries = rows.reduce((n, r) => n + r.seq, 0);
  return { hash: digestOf(rows.map((r) => [r.chain_id, r.seq, r.head_hash])), entries };
}
