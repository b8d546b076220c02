/**
 * The station's timer that keeps the journal's tail sealed: every interval, if any station chain moved
 * since the last anchor, one anchor is written and signed (head-seal.ts). A quiet journal gets no new
 * entry, so the timer itself never makes the journal grow; a busy one is sealed at most one interval late.
 */
import type { Db, Queryable } from '@scrutin/db';
import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '../auth/roles.js';
import { summarizeLoginFailures } from '../auth/login-failures.js';
import { ANCHOR_CHAIN } from '../domain/station-id.js';
import { currentJournalKey, lastSignedHead, recordSignedHead, type SignedHead } from '../journal/head-seal.js';
import { anchorChains } from '../journal/journal.js';

/** Whether some station chain's head differs from the heads listed in the last anchor. */
async function movedSinceLastAnchor(tx: Queryable): Promise<boolean> {
  const current = await tx.query<{ chain_id: string; seq: number }>('SELECT chain_id, seq FROM journal_chain WHERE chain_id <> $1', [ANCHOR_CHAIN]);
  const last = await tx.query<{ payload: { heads?: { chainId: string; seq: number }[] } }>('SELECT payload FROM journal WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1', [ANCHOR_CHAIN]);
  const anchored = new Map((last.rows[0]?.payload.heads ?? []).map((h) => [h.chainId, Number(h.seq)]));
  return current.rows.some((r) => anchored.get(r.chain_id) !== Number(r.seq));
}

/**
 * One tick: writes the summaries of closed failed-login windows, then anchors and signs the head if the
 * journal moved, or signs the last anchor if it was written unsigned (by a process without the key).
 * Returns the head signed, or null when there was nothing to seal or no key is set. Errors: the database's.
 */
export async function sealJournalHead(db: Db, now = new Date()): Promise<SignedHead | null> {
  const key = currentJournalKey();
  if (!key) return null;
  return db.transaction(async (tx) => {
    await summarizeLoginFailures(tx, now);
    if (await movedSinceLastAnchor(tx)) {
      await anchorChains(tx, SYSTEM_ACTOR('console'), 'journal.seal');
    } else {
      const head = await tx.query<{ seq: number; head_hash: string; signed: boolean }>(
        `SELECT c.seq, c.head_hash, EXISTS (SELECT 1 FROM journal_signed_head s WHERE s.chain_id = c.chain_id AND s.seq = c.seq) AS signed
         FROM journal_chain c WHERE c.chain_id = $1`,
        [ANCHOR_CHAIN],
      );
      const h = head.rows[0];
      if (!h || h.signed) return null;
      return recordSignedHead(tx, key, { chainId: ANCHOR_CHAIN, seq: Number(h.seq), headHash: h.head_hash }, now);
    }
    return lastSignedHead(tx);
  });
}

/** Runs sealJournalHead every `intervalMs` (never two at once), logging failures; stop() waits for a running tick. */
export function startHeadSealer(db: Db, intervalMs: number, log: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = sealJournalHead(db)
      .catch((e: unknown) => log.error({ err: e }, 'tête du journal non signée'))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
