// The closing seal (platform.closing_seal, one row, id = 1): written once by the close, read back when
// the close is run again to rebuild the same files.
import type { Queryable } from '@scrutin/db';

/** The seal's body as stored (jsonb), its signature (hex) and when it was sealed. */
export type ClosingSealRow<Body> = { body: Body; signature: string; sealed_at: Date };

/** The stored seal, or null before the close. `Body` is the caller's type of the stored JSON. */
export async function findClosingSeal<Body>(tx: Queryable): Promise<ClosingSealRow<Body> | null> {
  const existing = await tx.query<ClosingSealRow<Body>>('SELECT body, signature, sealed_at FROM platform.closing_seal');
  return existing.rows[0] ?? null;
}

/** Stores the seal; the one-row primary key refuses a second (the caller holds the election row FOR UPDATE). */
export async function insertClosingSeal(tx: Queryable, s: { bodyJson: string; signature: string; urnSha256: string; emargementSha256: string; sealedAt: Date }): Promise<void> {
  await tx.query('INSERT INTO platform.closing_seal (body, signature, urn_sha256, emargement_sha256, sealed_at) VALUES ($1, $2, $3, $4, $5)', [s.bodyJson, s.signature, s.urnSha256, s.emargementSha256, s.sealedAt]);
}
