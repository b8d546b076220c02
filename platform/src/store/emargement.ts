// The electronic emargement (voter_file.emargement): one row per right that voted, its primary key
// right_id being the uniqueness of the vote (art. 11).
import type { Queryable } from '@scrutin/db';

/** An emargement with its right's category, for the close's per-urn count. */
export type EmargementRow = { right_id: number; voted_at: Date; category_code: string; subcategory_code: string | null };

/**
 * Emarges the given rights at `votedAt` in the order given (ON CONFLICT DO NOTHING on the primary key);
 * returns the rights actually emarged now, a right already emarged (by another batch) being left out.
 * Run as scrutin_voter_file (roles.actAsVoterFile).
 */
export async function insertEmargements(tx: Queryable, rightIds: number[], votedAt: Date): Promise<number[]> {
  const r = await tx.query<{ right_id: string | number }>('INSERT INTO voter_file.emargement (right_id, voted_at) SELECT r, $2 FROM unnest($1::bigint[]) AS r ON CONFLICT DO NOTHING RETURNING right_id', [rightIds, votedAt]);
  return r.rows.map((x) => Number(x.right_id));
}

/** The whole emargement by right, each with its right's category and sub-category; run as scrutin_voter_file. */
export async function listEmargement(tx: Queryable): Promise<EmargementRow[]> {
  const emargement = await tx.query<EmargementRow>(
    'SELECT e.right_id, e.voted_at, r.category_code, r.subcategory_code FROM voter_file.emargement e JOIN voter_file.voting_right r ON r.id = e.right_id ORDER BY e.right_id',
  );
  return emargement.rows;
}
