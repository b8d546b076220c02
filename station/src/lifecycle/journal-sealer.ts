/**
 * The station's timer that keeps the journal's tail sealed: every interval, if any station chain moved
 * since the last anchor, one anchor is written and signed (head-seal.ts). A quiet journal gets no new
 * entry, so the timer itself never makes the journal grow; a busy one is sealed at most one interval late.
 */
import type { Db, Queryable } from '@scrutin/db';
import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { summarizeLoginFailures } from '../auth/login-failures.js';
import { ANCHOR_CHAIN } from '@scrutin/domain/station-id.js';
import { currentJournalKey, lastSignedHead, recordSignedHead, type SignedHead } from '../journal/head-seal.js';
import { anchorChains } from '../journal/journal.js';
import * as store from '../store/index.js';

/** Whether some station chain's head differs from the heads listed in the last anchor. */
async function movedSinceLastAnchor(tx: Queryable): Promise<boolean> {
  const current = await store.lifecycle.chainHeadsExcept(tx, ANCHOR_CHAIN);
  const last = await store.lifecycle.lastEntryPayload(tx, ANCHOR_CHAIN);
  const anchored = new Map((last?.heads ?? []).map((h) => [h.chainId, Number(h.seq)]));
  return current.some((r) => anchored.get(r.chain_id) !== Number(r.seq));
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
      const h = await store.lifecycle.chainHeadSignature(tx, ANCHOR_CHAIN);
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
