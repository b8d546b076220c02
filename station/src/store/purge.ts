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

/**
 * What still sees rows as they were before a transaction, so that VACUUM FULL must keep those versions:
 * a `session` of this database (pid, application name), a `replication` sender (a standby's feedback with
 * hot_standby_feedback), a replication `slot`, a `prepared` transaction (its gid as `name`). `since`: when
 * its transaction began (ISO 8601), when known.
 */
export type SnapshotHolder = { kind: 'session' | 'replication' | 'slot' | 'prepared'; pid: number | null; name: string; since: string | null };

/**
 * Everything that holds PostgreSQL's cleanup horizon at or before transaction `xid` (ComputeXidHorizons):
 * the other sessions of this database, and the replication senders (datname NULL, which every role can
 * see), whose oldest snapshot (backend_xmin) or own transaction (backend_xid: a writer between two
 * statements has no snapshot but still holds) is not later than `xid`; a slot's xmin (its catalog_xmin
 * protects the catalogs only); a prepared transaction. They may still read the tuples `xid` deleted or
 * updated, so VACUUM FULL copies those old versions into the new files (« recently dead »). An analyze, a
 * report query, a dump, a journal seal in flight or a standby's feedback are such holders. Empty on
 * PGlite (one session).
 */
export async function snapshotsSeeing(db: Queryable, xid: string): Promise<SnapshotHolder[]> {
  const { rows } = await db.query<{ kind: SnapshotHolder['kind']; pid: number | null; name: string | null; since: Date | null }>(
    `SELECT CASE WHEN datname IS NULL THEN 'replication' ELSE 'session' END AS kind, pid, nullif(application_name, '') AS name, xact_start AS since
       FROM pg_stat_activity
      WHERE pid <> pg_backend_pid() AND (datname = current_database() OR datname IS NULL)
        AND ((backend_xmin IS NOT NULL AND age(backend_xmin) >= age($1::xid)) OR (backend_xid IS NOT NULL AND age(backend_xid) >= age($1::xid)))
     UNION ALL
     SELECT 'slot', NULL, slot_name::text, NULL FROM pg_replication_slots WHERE xmin IS NOT NULL AND age(xmin) >= age($1::xid)
     UNION ALL
     SELECT 'prepared', NULL, gid, prepared FROM pg_prepared_xacts WHERE database = current_database() AND age(transaction) >= age($1::xid)
     ORDER BY 1, 2`,
    [xid],
  );
  return rows.map((r) => ({ kind: r.kind, pid: r.pid, name: r.name ?? '', since: r.since ? new Date(r.since).toISOString() : null }));
}

/**
 * Rewrites every table and its indexes that can be locked at once (VACUUM (FULL, SKIP_LOCKED), which cannot
 * run in a transaction: the Db itself, not a tx), and returns the tables it left as they were (their file did
 * not change: another session held a lock on them, or the role does not own them). Without SKIP_LOCKED, a
 * session holding a table (an open dump) would hold the purge, and every query on that table behind it.
 */
export async function rewriteTables(db: Db): Promise<string[]> {
  const files = async () =>
    (
      await db.query<{ name: string; file: string }>(
        `SELECT c.oid::regclass::text AS name, c.relfilenode::text AS file FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'm') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1`,
      )
    ).rows;
  const before = new Map((await files()).map((r) => [r.name, r.file]));
  await db.query('VACUUM (FULL, SKIP_LOCKED)');
  return (await files()).filter((r) => before.get(r.name) === r.file).map((r) => r.name);
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
