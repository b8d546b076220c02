/**
 * The purge (ARCHIVED → PURGED, art. 5): the roll anonymised through the freeze lock, its purge_record,
 * and the storage rewritten so that no copy of the old tuples stays in the files. counting/purge.ts runs
 * the anonymisation in the lifecycle transition and the rewriting outside any transaction.
 */
import type { Db, Queryable } from '@scrutin/db';
import type { CalendarDate } from '@scrutin/basics/calendar.js';
import type { BundleManifest } from '../reports/index.js';

/** The sealed bundle's folder and manifest, or undefined before the freeze. */
export async function frozenBundle(db: Queryable): Promise<{ bundle_path: string; manifest: BundleManifest } | undefined> {
  const freeze = await db.query<{ bundle_path: string; manifest: BundleManifest }>('SELECT bundle_path, manifest FROM freeze_record');
  return freeze.rows[0];
}

/** Whether the election was frozen (a freeze_record row). */
export async function isFrozen(tx: Queryable): Promise<boolean> {
  const frozen = await tx.query('SELECT 1 FROM freeze_record');
  return frozen.rows.length > 0;
}

/** The SHA-256 of the sealed bundle's manifest (the freeze happened: the purge's precondition). */
export async function frozenManifestSha256(tx: Queryable): Promise<string> {
  const freeze = await tx.query<{ manifest_sha256: string }>('SELECT manifest_sha256 FROM freeze_record');
  return freeze.rows[0]!.manifest_sha256;
}

/**
 * Anonymises every voter and empties the barcode secret, through the freeze lock: `scrutin.purge` is set
 * for this transaction only (set_config local), which refuse_after_freeze lets through. The number of voters anonymised.
 */
export async function anonymiseRoll(tx: Queryable): Promise<number> {
  await tx.query("SELECT set_config('scrutin.purge', 'on', true)");
  const { rows } = await tx.query<{ n: number }>(
    `WITH done AS (
           UPDATE voter SET voter_number = 'PURGE-' || id, civility = NULL, last_name = '—', first_names = '—', birth_date = NULL,
             nationality = NULL, voter_type = NULL, postal_address = NULL, business_address = NULL, siren = NULL, company_name = NULL
           RETURNING 1)
         SELECT count(*)::int AS n FROM done`,
  );
  return rows[0]!.n;
}

/** The barcode secret emptied: it links a code to a right, and with the roll erased it has nothing left to protect. */
export async function clearBarcodeSecret(tx: Queryable): Promise<void> {
  await tx.query("UPDATE election SET barcode_secret = '\\x'::bytea");
}

/** Records the purge: the appeal deadline it waited for, the voters anonymised, the bundle's manifest digest, by whom. */
export async function insertPurgeRecord(tx: Queryable, p: { appealDeadline: CalendarDate; votersAnonymised: number; manifestSha256: string; purgedBy: number | null }): Promise<void> {
  await tx.query('INSERT INTO purge_record (appeal_deadline, voters_anonymised, manifest_sha256, purged_by) VALUES ($1, $2, $3, $4)', [
    p.appealDeadline,
    p.votersAnonymised,
    p.manifestSha256,
    p.purgedBy,
  ]);
}

/** Rewrites every table and its indexes (VACUUM FULL, which cannot run in a transaction: the Db itself, not a tx). */
export async function rewriteTables(db: Db): Promise<void> {
  await db.query('VACUUM FULL');
}

/** The number of files in pg_wal; throws when the function is refused (PostgreSQL without superuser). */
export async function walSegmentCount(db: Db): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_ls_waldir()')).rows[0]!.n;
}

/** One round of the WAL rewriting: a checkpoint, then a switch to a new segment (zero pages fill the rest of the current one). */
export async function checkpointAndSwitchWal(db: Db): Promise<void> {
  await db.query('CHECKPOINT');
  await db.query('SELECT pg_switch_wal()');
}

/** A checkpoint. */
export async function checkpoint(db: Db): Promise<void> {
  await db.query('CHECKPOINT');
}
