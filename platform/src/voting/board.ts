import type { Db } from '@scrutin/db';

export type BoardEntry = { fingerprint: string; urnId: string; day: string };

/** The public ballot board, read as scrutin_urn: it cannot reach the voter file even by mistake. */
async function asUrnReader<T>(db: Db, fn: (q: Db['query']) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE scrutin_urn');
    return fn(tx.query.bind(tx));
  });
}

export async function findOnBoard(db: Db, fingerprint: string): Promise<BoardEntry | null> {
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) return null;
  return asUrnReader(db, async (q) => {
    const r = await q<{ fingerprint: string; urn_id: string; day: string }>("SELECT fingerprint, urn_id, to_char(cast_on, 'YYYY-MM-DD') AS day FROM urn.ballot WHERE fingerprint = $1", [fingerprint]);
    const row = r.rows[0];
    return row ? { fingerprint: row.fingerprint, urnId: row.urn_id, day: row.day } : null;
  });
}

/** Ballots listed by fingerprint: an order that reveals nothing about who voted when. */
export async function listBoard(db: Db, options: { after?: string; limit?: number }): Promise<{ entries: BoardEntry[]; total: number }> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  return asUrnReader(db, async (q) => {
    const r = await q<{ fingerprint: string; urn_id: string; day: string }>(
      "SELECT fingerprint, urn_id, to_char(cast_on, 'YYYY-MM-DD') AS day FROM urn.ballot WHERE fingerprint > $1 ORDER BY fingerprint LIMIT $2",
      [options.after ?? '', limit],
    );
    const total = await q<{ n: number }>('SELECT count(*)::int AS n FROM urn.ballot');
    return { entries: r.rows.map((x) => ({ fingerprint: x.fingerprint, urnId: x.urn_id, day: x.day })), total: total.rows[0]!.n };
  });
}

/** The head stored for anonymity batch `number` (issue 13, item 5), or null when there is no such batch. */
export async function batchHead(db: Db, number: number): Promise<string | null> {
  return asUrnReader(db, async (q) => (await q<{ head: string }>('SELECT head FROM urn.batch WHERE number = $1', [number])).rows[0]?.head ?? null);
}
