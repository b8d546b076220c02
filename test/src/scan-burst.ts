// What the burst tests share (scan-crash: kill -9 of the station; ha/scan-failover: loss of the primary):
// an election ready for scanning with its stations, and the emargement invariants read from the tables.
import type { Db } from '@scrutin/db';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { issueStationToken } from '@scrutin/station/scanning/stations.js';
import { setUpElection, startFixture } from './station-fixture.js';

/**
 * Sets up an election of `rights` voters on `db` up to the loaded electronic emargement (`electronic`: the
 * voters who voted by internet), issues `stations` station tokens (POSTE-0…) for the scanning agent, and
 * closes the in-process station: the test then runs its own `scrutin serve`. Gives the tokens and barcodes.
 */
export async function prepareScanBurst(db: Db, options: { rights: number; stations: number; electronic: number[] }): Promise<{ tokens: string[]; barcodes: string[] }> {
  const f = await startFixture(db);
  await setUpElection(f, { voters: options.rights, until: 'EMARGEMENT_LOADED', electronic: options.electronic });
  const tokens: string[] = [];
  for (let i = 0; i < options.stations; i++) {
    const issued = await issueStationToken(db, SYSTEM_ACTOR(), { id: `POSTE-${i}`, label: `Poste ${i}`, agentLogin: 'numerisation' });
    if (!issued.ok) throw new Error(issued.error.message);
    tokens.push(issued.value.token);
  }
  const barcodes = (await db.query<{ barcode: string }>('SELECT barcode FROM voting_right ORDER BY id')).rows.map((r) => r.barcode);
  await f.station.close();
  return { tokens, barcodes };
}

/** Invariants 1 and 2 after a burst: rights emarged twice, accepted scans without emargement, rights emarged both ways. All empty when they hold. */
export async function emargementViolations(db: Db): Promise<{ doubled: unknown[]; orphan: unknown[]; dual: unknown[] }> {
  const doubled = await db.query(
    `SELECT pe.right_id FROM postal_emargement pe
     WHERE NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)
     GROUP BY pe.right_id HAVING count(*) > 1`,
  );
  const orphan = await db.query(`SELECT s.id FROM scan s LEFT JOIN postal_emargement pe ON pe.scan_id = s.id WHERE s.verdict = 'ACCEPTED' AND pe.scan_id IS NULL`);
  const dual = await db.query('SELECT pe.right_id FROM postal_emargement pe JOIN electronic_emargement e USING (right_id)');
  return { doubled: doubled.rows, orphan: orphan.rows, dual: dual.rows };
}
