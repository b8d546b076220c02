/**
 * The freeze (RESULTS_PROCLAIMED → ARCHIVED): what the sealed bundle copies from the database and the
 * freeze_record that names the bundle's manifest. Read and written inside the lifecycle transition
 * (counting/freeze.ts); from its commit on the database refuses every write (refuse_after_freeze).
 */
import type { Queryable } from '@scrutin/db';
import type { BundleManifest } from '../reports/index.js';

/** The journal's every entry by chain and sequence, and each chain's head (sequence and hash). */
export async function journalForBundle(tx: Queryable): Promise<{ entries: Record<string, unknown>[]; heads: Record<string, unknown>[] }> {
  const { rows } = await tx.query<Record<string, unknown>>('SELECT * FROM journal ORDER BY chain_id, seq');
  const heads = await tx.query('SELECT chain_id, seq, head_hash FROM journal_chain ORDER BY chain_id');
  return { entries: rows, heads: heads.rows };
}

/** The count as the bundle keeps it: every typed entry, every validation, the electronic tally and its import (undefined when not loaded). */
export async function countForBundle(tx: Queryable): Promise<{ entries: unknown[]; validations: unknown[]; tallies: unknown[]; tallyImport: unknown }> {
  const entries = await tx.query('SELECT id, urn_id, entry_number, teller_login, station_id, envelopes_found, ballots_valid, ballots_blank, ballots_null, votes, sheet_digest, reason, entered_at FROM count_entry ORDER BY id');
  const validations = await tx.query('SELECT urn_id, first_entry_id, second_entry_id, sheet, sheet_digest, envelopes_accepted, envelopes_found, difference, note, validated_at FROM count_validation ORDER BY urn_id');
  const tallies = await tx.query('SELECT urn_id, ballots, blank, votes FROM electronic_tally ORDER BY urn_id');
  const tallyImport = await tx.query('SELECT source, verification, file_sha256, imported_at FROM electronic_tally_import');
  return { entries: entries.rows, validations: validations.rows, tallies: tallies.rows, tallyImport: tallyImport.rows[0] };
}

/** Records the bundle written: its manifest (JSON), the manifest's SHA-256, its folder and who froze. */
export async function insertFreezeRecord(tx: Queryable, f: { manifest: string; manifestSha256: string; bundlePath: string; frozenBy: number | null }): Promise<void> {
  await tx.query('INSERT INTO freeze_record (manifest, manifest_sha256, bundle_path, frozen_by) VALUES ($1, $2, $3, $4)', [f.manifest, f.manifestSha256, f.bundlePath, f.frozenBy]);
}

/** The freeze record, or undefined before the freeze. */
export async function getFreezeRecord(db: Queryable): Promise<{ manifest_sha256: string; bundle_path: string; frozen_at: Date; manifest: BundleManifest } | undefined> {
  const { rows } = await db.query<{ manifest_sha256: string; bundle_path: string; frozen_at: Date; manifest: BundleManifest }>('SELECT manifest_sha256, bundle_path, frozen_at, manifest FROM freeze_record');
  return rows[0];
}
