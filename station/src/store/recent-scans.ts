/**
 * A scanning station's latest scans (table scan), for its screen's history. The scans themselves are
 * written by scanning/scan.ts. Kept apart from the scans' own store file, which the scanning branch writes.
 */
import type { Queryable } from '@scrutin/db';
import type { ScanRow } from '../scanning/scan.js';

/** The station's last 20 scans, newest first, with the answer each got (scan.answer, jsonb). */
export async function recentScansOfStation(db: Queryable, stationId: string): Promise<ScanRow[]> {
  const { rows } = await db.query<ScanRow>('SELECT id, answer, barcode, right_id FROM scan WHERE station_id = $1 ORDER BY id DESC LIMIT 20', [stationId]);
  return rows;
}
