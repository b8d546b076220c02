/**
 * What the lifecycle's timer reads of the journal to decide whether its tail needs sealing: tables
 * journal_chain (one row per chain: its head), journal and journal_signed_head. The journal's own writes
 * stay with the journal (journal/journal.ts, journal/head-seal.ts). Service: lifecycle/journal-sealer.ts.
 */
import type { Queryable } from '@scrutin/db';

/** A chain's head: its last sequence number. */
export type ChainHeadRow = { chain_id: string; seq: number };

/** The payload field an anchor entry lists the heads it anchors in (journal/journal.ts, anchorChains). */
export type AnchorPayload = { heads?: { chainId: string; seq: number }[] };

/** The head of every chain but `exceptChainId` (the anchor chain). */
export async function chainHeadsExcept(db: Queryable, exceptChainId: string): Promise<ChainHeadRow[]> {
  const current = await db.query<ChainHeadRow>('SELECT chain_id, seq FROM journal_chain WHERE chain_id <> $1', [exceptChainId]);
  return current.rows;
}

/** The payload of the chain's last entry, or undefined for an empty chain. */
export async function lastEntryPayload(db: Queryable, chainId: string): Promise<AnchorPayload | undefined> {
  const last = await db.query<{ payload: AnchorPayload }>('SELECT payload FROM journal WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1', [chainId]);
  return last.rows[0]?.payload;
}

/** The chain's head and whether a signature of exactly that head is recorded; undefined for a chain never written. */
export async function chainHeadSignature(db: Queryable, chainId: string): Promise<{ seq: number; head_hash: string; signed: boolean } | undefined> {
  const head = await db.query<{ seq: number; head_hash: string; signed: boolean }>(
    `SELECT c.seq, c.head_hash, EXISTS (SELECT 1 FROM journal_signed_head s WHERE s.chain_id = c.chain_id AND s.seq = c.seq) AS signed
         FROM journal_chain c WHERE c.chain_id = $1`,
    [chainId],
  );
  return head.rows[0];
}
