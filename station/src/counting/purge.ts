/**
 * ARCHIVED → PURGED (art. 5): after the appeal deadline recorded for the election, the voters' personal
 * data are erased; the aggregate results, the proclamation, the signed documents and the digests of
 * the sealed bundle stay. The only write path through the freeze lock: `scrutin.purge` is set for
 * this one transaction, which the journal records like any other.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '@scrutin/db';
import type { Actor, Role } from '@scrutin/domain/roles.js';
import { calendarDateIn, frCalendarDate, type CalendarDate } from '@scrutin/basics/calendar.js';
import { ok, type Result } from '@scrutin/basics/result.js';
import { PURGEABLE_PREFIX, PURGE_FILE, type BundleManifest } from '../reports/index.js';
import { transition, type Election, type ElectionError } from '../election/election.js';
import * as store from '../store/index.js';

/**
 * Whether the appeal deadline has passed at `now`: « today » is the calendar day in the election's
 * zone (`timeZone`, IANA), never the process's nor UTC, and the deadline day itself is still open to
 * appeal — so the purge is possible from 00:00 the day after, local time of the chamber.
 */
export function appealDeadlinePassed(appealDeadline: CalendarDate, now: Date, timeZone: string): boolean {
  return calendarDateIn(now, timeZone) > appealDeadline;
}

/**
 * The purge itself: the roll anonymised in one transaction through the freeze lock, then (issue 14,
 * item 5) no copy left in the files Scrutin wrote: the emargement lists deleted from the sealed bundle
 * (purgeBundle) and every table rewritten so that the dead tuples of the anonymising UPDATE, and of the
 * roll's staging, are gone from the table and index files (scrubStorage). The election in its new state,
 * with `storage`: what the rewriting achieved (a session that kept old versions, a WAL not rewritten), for
 * the operator to act on. Errors: the transition's (deadline not passed, not frozen, role).
 */
export async function purgePersonalData(
  db: Db,
  actor: Omit<Actor, 'role'>,
  roles: readonly Role[],
  now: Date = new Date(),
  options: { holderWaitMs?: number } = {},
): Promise<Result<Election & { storage: StorageScrub }, ElectionError>> {
  const purged = await anonymise(db, actor, roles, now);
  if (!purged.ok) return purged;
  const bundle = await store.purge.frozenBundle(db);
  if (bundle) purgeBundle(bundle.bundle_path, bundle.manifest, now);
  const storage = await scrubStorage(db, purged.value.anonymisedBy, options.holderWaitMs);
  return ok({ ...purged.value.election, storage });
}

/**
 * Deletes the files of personal data (under `emargement/`) from a sealed bundle and writes purge.json,
 * which lists them with their manifest digests: the bundle keeps its signed manifest, and verify-bundle
 * checks every remaining file against it and accepts those listed as purged. The bundle cannot be signed
 * again here: the purge has no commission passphrase. A bundle moved away is left alone (nothing to do).
 */
export function purgeBundle(directory: string, manifest: BundleManifest, now: Date): string[] {
  if (!existsSync(join(directory, 'manifest.json'))) return [];
  const removed = manifest.files.filter((f) => f.path.startsWith(PURGEABLE_PREFIX));
  for (const f of removed) rmSync(join(directory, ...f.path.split('/')), { force: true });
  rmSync(join(directory, 'emargement'), { recursive: true, force: true });
  const note = { format: 'scrutin-purge/1', purgedAt: now.toISOString(), reason: 'article 5 : données personnelles purgées après le délai de recours', removed: removed.map((f) => ({ path: f.path, sha256: f.sha256 })) };
  writeFileSync(join(directory, PURGE_FILE), JSON.stringify(note, null, 2) + '\n', { mode: 0o600 });
  return removed.map((f) => f.path);
}

/** What the rewriting of the storage achieved (scrubStorage). */
export type StorageScrub = {
  /** Checkpoint-and-switch rounds pushed through pg_wal. */
  walRounds: number;
  /** False when the server refused the WAL functions (PostgreSQL without superuser): the old segments may keep the roll. */
  walRewritten: boolean;
  /** Sessions that still saw the roll as it was when the tables were rewritten, after the wait: their old row versions stayed in the files. Empty when the rewriting is complete. */
  heldBy: store.purge.SnapshotHolder[];
  /** Tables not rewritten at all (another session held a lock on them): their files keep what they had. Empty when the rewriting is complete. */
  skippedTables: string[];
};

/** How long the purge waits for the sessions that still see the roll before the anonymisation (a report query, an analyze, a dump) to end, in ms. */
export const SNAPSHOT_WAIT_MS = 60_000;

/**
 * Rewrites every table (VACUUM FULL: new files, the old ones unlinked, indexes rebuilt), so that the dead
 * tuples of the anonymising UPDATE and of the roll's staging leave the table and index files. VACUUM FULL
 * copies a deleted version that another session's snapshot may still read (« recently dead »): the station's
 * own pool, an automatic analyze, a report or a dump taken before the anonymisation (`anonymisedBy`, its
 * transaction id) keep the roll in the new files. So the rewriting waits, up to `holderWaitMs`, until no
 * session of the database sees the roll as it was (store.purge.snapshotsSeeing); those still there after
 * the wait are returned in `heldBy` (found on a loaded machine: a query of the station's event hub
 * in flight across the anonymisation left 20 voter numbers in a table file). A table another session holds
 * a lock on is not waited for but skipped, and named in `skippedTables`.
 *
 * The write-ahead log still holds the old tuples: a segment no longer needed is recycled (renamed for
 * reuse) with its old bytes. So the WAL is pushed through every segment file present: each round writes a
 * checkpoint and switches segment, which fills the rest of the current one with zero pages; after as many
 * rounds as there are segments, every file of pg_wal has been rewritten (measured on PGlite: the names of
 * 60,000 rows found in 3 segments before, in none after 5 rounds). Archived WAL and backups that the
 * operator configured are outside Scrutin's reach (docs/threat-model.md). VACUUM cannot run in a
 * transaction: each statement runs on its own. Errors: VACUUM's are thrown; a WAL function refused for
 * lack of privilege (PostgreSQL without superuser) stops the rounds, and `walRewritten` says so.
 */
export async function scrubStorage(db: Db, anonymisedBy: string, holderWaitMs: number = SNAPSHOT_WAIT_MS): Promise<StorageScrub> {
  const heldBy = await waitForSnapshots(db, anonymisedBy, holderWaitMs);
  const skippedTables = await store.purge.rewriteTables(db);
  let segments: number;
  try {
    segments = await store.purge.walSegmentCount(db);
  } catch {
    return { walRounds: 0, walRewritten: false, heldBy, skippedTables };
  }
  let rounds = 0;
  try {
    for (; rounds <= segments; rounds++) {
      await store.purge.checkpointAndSwitchWal(db);
    }
    await store.purge.checkpoint(db);
  } catch {
    return { walRounds: rounds, walRewritten: false, heldBy, skippedTables };
  }
  return { walRounds: rounds, walRewritten: true, heldBy, skippedTables };
}

/** Polls every 100 ms until no session sees the rows as before transaction `xid`, or `waitMs` has passed: those left. */
async function waitForSnapshots(db: Db, xid: string, waitMs: number): Promise<store.purge.SnapshotHolder[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holders = await store.purge.snapshotsSeeing(db, xid);
    if (holders.length === 0 || Date.now() >= deadline) return holders;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The lifecycle transition to PURGED with the roll anonymised; `anonymisedBy` is its transaction id (scrubStorage). */
async function anonymise(db: Db, actor: Omit<Actor, 'role'>, roles: readonly Role[], now: Date): Promise<Result<{ election: Election; anonymisedBy: string }, ElectionError>> {
  let anonymisedBy = '';
  const done = await transition(db, actor, roles, 'PURGED', {
    precondition: async (tx, election) => {
      if (!appealDeadlinePassed(election.appealDeadline, now, election.timeZone))
        return `La purge n’est possible qu’après le délai de recours (${frCalendarDate(election.appealDeadline)} inclus) : les données personnelles sont conservées jusque-là (article 5).`;
      if (!(await store.purge.isFrozen(tx))) return 'Le scrutin n’a pas été figé : aucun scellé à conserver.';
      return null;
    },
    effect: async (tx, election, acting) => {
      anonymisedBy = await store.purge.currentTransactionId(tx);
      const anonymised = await store.purge.anonymiseRoll(tx);
      await store.purge.clearBarcodeSecret(tx);
      const manifestSha256 = await store.purge.frozenManifestSha256(tx);
      await store.purge.insertPurgeRecord(tx, { appealDeadline: election.appealDeadline, votersAnonymised: anonymised, manifestSha256, purgedBy: acting.userId });
      return { votersAnonymised: anonymised, bundleManifestSha256: manifestSha256 };
    },
  });
  return done.ok ? ok({ election: done.value, anonymisedBy }) : done;
}
