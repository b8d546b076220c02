import type { Queryable } from '@scrutin/db';
import type { Actor } from '@scrutin/domain/roles.js';
import { canonicalJson, digestOf, sha256Hex } from '@scrutin/basics/canonical-json.js';
import { ANCHOR_CHAIN } from '@scrutin/domain/station-id.js';
import { chainHeads, insertJournalEntry, type JournalEntryRow } from '../store/journal.js';
import { checkJournalPayload, type JournalAction, type JournalPayload } from './events.js';
import { currentJournalKey, recordSignedHead } from './head-seal.js';

export { ANCHOR_CHAIN };

export type JournalRef = { chainId: string; seq: number; hash: string };

const ANCHOR_ACTION: JournalAction = 'journal.anchor';

/** An entry's digest: SHA-256 of the canonical JSON of its header and its payload's digest. */
export function entryDigest(e: Omit<JournalEntryRow, 'payloadJson' | 'entryDigest'>): string {
  return sha256Hex(canonicalJson(e));
}

/** hash_n = sha256(hash_{n-1} || entry_digest_n); the chain id stands for hash_0. */
export const chainHash = (previous: string, digest: string): string => sha256Hex(previous + digest);

/**
 * Appends one entry of the catalogue (events.ts) to the actor's station chain, in the caller's transaction;
 * the payload is checked against the action's schema first. Errors: throws on a payload that does not match
 * (a bug) and on a write to the anchor chain other than an anchor.
 */
export async function appendJournal<A extends JournalAction>(tx: Queryable, actor: Actor, action: A, payload: JournalPayload<A>, chainId = actor.stationId): Promise<JournalRef> {
  checkJournalPayload(action, payload);
  return appendUncheckedEntry(tx, actor, action, payload, chainId);
}

/**
 * The chain mechanics under appendJournal, for any action string: only the tests of the chain itself
 * (journal.test.ts, head-seal.test.ts) call it directly, with actions outside the catalogue.
 */
export async function appendUncheckedEntry(tx: Queryable, actor: Actor, action: string, payload: unknown, chainId = actor.stationId): Promise<JournalRef> {
  // Only anchorChains writes the anchor chain; station names are refused at the boundary (@scrutin/domain/station-id.ts).
  if (chainId === ANCHOR_CHAIN && action !== ANCHOR_ACTION) throw new Error(`chaîne ${ANCHOR_CHAIN} réservée aux ancrages (action ${action})`);
  const at = new Date().toISOString();
  const payloadDigest = digestOf(payload ?? null);
  const header = { chainId, at, actorId: actor.userId, actorLogin: actor.login, actorRole: actor.role, stationId: actor.stationId, action };
  const row = await insertJournalEntry(tx, { ...header, payloadJson: canonicalJson(payload ?? null), payloadDigest, entryDigest: entryDigest({ ...header, payloadDigest }) });
  return { chainId, seq: row.seq, hash: row.hash };
}

/**
 * Anchors every station chain's head into the global 'anchor' chain; called at each
 * state transition (and by the head sealer's timer) so that a later edit of any station chain is
 * caught against it. With a journal key set for this process (head-seal.ts), the new anchor head
 * is signed in the same transaction, so that the tail cannot be cut back past it either.
 */
export async function anchorChains(tx: Queryable, actor: Actor, reason: string): Promise<JournalRef> {
  const heads = (await chainHeads(tx, ANCHOR_CHAIN)).map((r) => ({ chainId: r.chain_id, seq: r.seq, hash: r.head_hash }));
  const ref = await appendJournal(tx, actor, ANCHOR_ACTION, { reason, heads }, ANCHOR_CHAIN);
  const key = currentJournalKey();
  if (key) await recordSignedHead(tx, key, { chainId: ref.chainId, seq: ref.seq, headHash: ref.hash });
  return ref;
}

/** The global head: the anchor chain's head, or a digest of all heads when nothing was anchored yet. */
export async function journalHead(db: Queryable): Promise<{ hash: string; entries: number }> {
  const rows = await chainHeads(db);
  const entries = rows.reduce((n, r) => n + r.seq, 0);
  return { hash: digestOf(rows.map((r) => [r.chain_id, r.seq, r.head_hash])), entries };
}
