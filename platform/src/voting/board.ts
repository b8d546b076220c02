import type { Db, Queryable } from '@scrutin/db';
import * as store from '../store/index.js';

export type BoardEntry = { fingerprint: string; urnId: string; day: string };

/** The public ballot board, read as scrutin_urn: it cannot reach the voter file even by mistake. */
async function asUrnReader<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await store.roles.actAsUrn(tx);
    return fn(tx);
  });
}

export async function findOnBoard(db: Db, fingerprint: string): Promise<BoardEntry | null> {
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) return null;
  return asUrnReader(db, async (tx) => {
    const row = await store.urn.findBoardEntry(tx, fingerprint);
    return row ? { fingerprint: row.fingerprint, urnId: row.urn_id, day: row.day } : null;
  });
}

/** Ballots listed by fingerprint: an order that reveals nothing about who voted when. */
export async function listBoard(db: Db, options: { after?: string; limit?: number }): Promise<{ entries: BoardEntry[]; total: number }> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  return asUrnReader(db, async (tx) => {
    const r = await store.urn.listBoardAfter(tx, options.after ?? '', limit);
    const total = await store.urn.countBallots(tx);
    return { entries: r.map((x) => ({ fingerprint: x.fingerprint, urnId: x.urn_id, day: x.day })), total };
  });
}

/** The head stored for anonymity batch `number` (issue 13, item 5), or null when there is no such batch. */
export async function batchHead(db: Db, number: number): Promise<string | null> {
  return asUrnReader(db, async (tx) => store.urn.findBatchHead(tx, number));
}
