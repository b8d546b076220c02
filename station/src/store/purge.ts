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

/** The current transaction's id, as `xid` text (the low 32 bits of txid_current): the anonymisation's, for snapshotsSeeing. */
export async function currentTransactionId(tx: Queryable): Promise<string> {
  return (await tx.query<{ xid: string }>('SELECT (txid_current() % 4294967296)::text AS xid')).rows[0]!.xid;
}

/** A session whose snapshot still sees rows as they were before a transaction: VACUUM FULL must keep those versions. */
export type SnapshotHolder = { pid: number | null; application: string; since: string | null };

/**
 * The other sessions of this database, and the replication senders, whose oldest snapshot (backend_xmin)
 * is not later than transaction `xid`: they may still read the tuples it deleted or updated, so VACUUM FULL
 * copies those old versions into the new files (« recently dead »). An analyze, a report query, a dump
 * or a standby's feedback are such holders. Empty on PGlite (one session).
 */
export async function snapshotsSeeing(db: Queryable, xid: string): Promise<SnapshotHolder[]> {
  const { rows } = await db.query<{ pid: number | null; application: string; since: Date | null }>(
    `SELECT pid, coalesce(nullif(application_name, ''), backend_type) AS application, xact_start AS since FROM pg_stat_activity
      WHERE pid <> pg_backend_pid() AND backend_xmin IS NOT NULL AND age(backend_xmin) >= age($1::xid)
        AND (datname = current_database() OR backend_type = 'walsender')
     UNION ALL
     SELECT NULL, 'slot ' || slot_name, NULL FROM pg_replication_slots
      WHERE (xmin IS NOT NULL AND age(xmin) >= age($1::xid)) OR (catalog_xmin IS NOT NULL AND age(catalog_xmin) >= age($1::xid))
     ORDER BY 1`,
    [xid],
  );
  return rows.map((r) => ({ pid: r.pid, application: r.application, since: r.since ? new Date(r.since).toISOString() : null }));
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
