/**
 * The live counters of the screens (station/src/scanning/counters.ts), read outside any transaction
 * every 250 ms during scanning: each statement here is an aggregate over the scan log, the roll or the
 * emargements, and none takes a lock.
 */
import type { Queryable } from '@scrutin/db';

/** A unit of the roll: a category and its sub-category (null when the category has none). */
export type UnitRow = { category_code: string; subcategory_code: string | null };
/** An urn of a contest for a unit, with its number of seats. */
export type UrnRow = { id: string; label: string; contest_code: string; category_code: string; subcategory_code: string | null; seats: number };

/** The urns, by contest, category and sub-category (a category without sub-category first). */
export async function listUrns(db: Queryable): Promise<UrnRow[]> {
  const { rows } = await db.query<UrnRow>('SELECT id, label, contest_code, category_code, subcategory_code, seats FROM urn ORDER BY contest_code, category_code, subcategory_code NULLS FIRST');
  return rows;
}

/** The election's state (election.state), or undefined before an election is configured. */
export async function electionState(db: Queryable): Promise<string | undefined> {
  const { rows } = await db.query<{ state: string }>('SELECT state FROM election');
  return rows[0]?.state;
}

/** Live postal acceptances per unit: postal_emargement rows whose generation was not cancelled. */
export async function postalAcceptedPerUnit(db: Queryable): Promise<(UnitRow & { n: number })[]> {
  const { rows } = await db.query<UnitRow & { n: number }>(
    `SELECT r.category_code, r.subcategory_code, count(*)::int AS n
       FROM postal_emargement pe JOIN voting_right r ON r.id = pe.right_id
       WHERE NOT EXISTS (SELECT 1 FROM emargement_cancellation c WHERE c.right_id = pe.right_id AND c.generation = pe.generation)
       GROUP BY r.category_code, r.subcategory_code`,
  );
  return rows;
}

/** Registered rights and electronic emargements per unit: a scan of the whole roll (fixed once the electronic emargement is loaded). */
export async function registeredAndElectronicPerUnit(db: Queryable): Promise<(UnitRow & { registered: number; electronic: number })[]> {
  const { rows } = await db.query<UnitRow & { registered: number; electronic: number }>(
    `SELECT r.category_code, r.subcategory_code, count(*)::int AS registered, count(e.right_id)::int AS electronic
       FROM voting_right r LEFT JOIN electronic_emargement e ON e.right_id = r.id GROUP BY r.category_code, r.subcategory_code`,
  );
  return rows;
}

/** The number of scans of each verdict, both modes. */
export async function scansPerVerdict(db: Queryable): Promise<{ verdict: string; n: number }[]> {
  const { rows } = await db.query<{ verdict: string; n: number }>(`SELECT verdict, count(*)::int AS n FROM scan GROUP BY verdict`);
  return rows;
}

/** Per station, its emargement-mode scans and how many were ACCEPTED, by station id. */
export async function scansPerStation(db: Queryable): Promise<{ station_id: string; scans: number; accepted: number }[]> {
  const { rows } = await db.query<{ station_id: string; scans: number; accepted: number }>(
    `SELECT station_id, count(*)::int AS scans, count(*) FILTER (WHERE verdict = 'ACCEPTED')::int AS accepted FROM scan WHERE mode = 'EMARGEMENT' GROUP BY station_id ORDER BY station_id`,
  );
  return rows;
}
