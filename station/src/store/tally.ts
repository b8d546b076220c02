/**
 * The electronic tally (tables electronic_tally, one row per urn, and electronic_tally_import, one row
 * for the whole election) and the unsealing session that may produce it, journaled as unseal.open and
 * unseal.partial entries. counting/electronic-tally.ts and counting/unseal.ts own the transactions.
 */
import type { Queryable } from '@scrutin/db';
import type { ElectronicTally } from '@scrutin/domain/reconciliation.js';

/** Whether the electronic tally is loaded (electronic_tally_import holds at most one row). */
export async function isTallyImported(db: Queryable): Promise<boolean> {
  const tally = await db.query('SELECT 1 FROM electronic_tally_import');
  return tally.rows.length > 0;
}

/** Where the loaded tally came from (FILE or UNSEALING), or null when not loaded. */
export async function tallySource(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ source: string }>('SELECT source FROM electronic_tally_import');
  return rows[0]?.source ?? null;
}

/** Locks the election row FOR UPDATE: one tally load or unsealing step at a time, and none during a lifecycle step. */
export async function lockElection(tx: Queryable): Promise<void> {
  await tx.query('SELECT 1 FROM election FOR UPDATE');
}

/** Records the tally's import (source, how it was verified, the file's SHA-256, by whom) and one row per urn. */
export async function insertTally(
  tx: Queryable,
  t: { source: string; verification: string; fileSha256: string; importedBy: number | null; urns: ReadonlyMap<string, ElectronicTally> },
): Promise<void> {
  await tx.query('INSERT INTO electronic_tally_import (source, verification, file_sha256, imported_by) VALUES ($1, $2, $3, $4)', [t.source, t.verification, t.fileSha256, t.importedBy]);
  for (const [urnId, u] of t.urns) await tx.query('INSERT INTO electronic_tally (urn_id, ballots, blank, votes) VALUES ($1, $2, $3, $4)', [urnId, u.ballots, u.blank, JSON.stringify(u.votes)]);
}

/** A journal entry of the unsealing session (payload: jsonb, or its text on some drivers). */
export type UnsealingJournalRow = { action: string; payload: unknown; actor_login: string; at: Date | string };

/** The unseal.open and unseal.partial journal entries, in the order they were recorded. */
export async function unsealingEntries(db: Queryable): Promise<UnsealingJournalRow[]> {
  const { rows } = await db.query<UnsealingJournalRow>(
    "SELECT action, payload, actor_login, at FROM journal WHERE action IN ('unseal.open', 'unseal.partial') ORDER BY at, chain_id, seq",
  );
  return rows;
}

/** The payload of the tally.import journal entry (its holders when an unsealing away from the station made it), or undefined. */
export async function tallyImportPayload(db: Queryable): Promise<unknown> {
  const imported = await db.query<{ payload: unknown }>("SELECT payload FROM journal WHERE action = 'tally.import'");
  return imported.rows[0]?.payload;
}
