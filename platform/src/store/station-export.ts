// Reads of the STATION's database (its public schema, read only) by `scrutin-platform load-from-station`:
// the validated roll and candidates the platform is loaded with (load/station-export.ts).
import type { Queryable } from '@scrutin/db';
import type { CalendarDate } from '@scrutin/basics/calendar.js';

/** The station's election row; `definition` is its election definition (categories, contests, time zone). */
export type StationElectionRow = {
  code: string;
  name: string;
  chamber: string;
  state: string;
  vote_opens_at: Date;
  vote_closes_at: Date;
  definition: { timeZone?: string; categories: { code: string; name: string; subcategories: { code: string; name: string }[] }[]; contests: { code: string; name: string }[] };
};
export type StationUrnRow = { id: string; contest_code: string; category_code: string; subcategory_code: string | null; seats: number; label: string };
export type StationCandidateRow = { id: number; urn_id: string; last_name: string; first_names: string; profession: string; substitute: { lastName: string; firstNames: string } | null };
/** A voter of the roll; `birth_date` is 'YYYY-MM-DD' from the database layer, whatever the TZ. */
export type StationVoterRow = { id: number; voter_number: string; civility: string | null; last_name: string; first_names: string; birth_date: CalendarDate | null; postal_address: string | null; company_name: string | null };
export type StationRightRow = { id: number; voter_id: number; category_code: string; subcategory_code: string | null; withdrawn: boolean };

/** The station's election, or null when none is configured. */
export async function findStationElection(db: Queryable): Promise<StationElectionRow | null> {
  const election = await db.query<StationElectionRow>('SELECT code, name, chamber, state, vote_opens_at, vote_closes_at, definition FROM election');
  return election.rows[0] ?? null;
}

/** The imported roll's digest and when the prefecture validated it, or null when no roll was imported. */
export async function findRollImport(db: Queryable): Promise<{ file_sha256: string; validated_at: Date | null } | null> {
  return (await db.query<{ file_sha256: string; validated_at: Date | null }>('SELECT file_sha256, validated_at FROM roll_import')).rows[0] ?? null;
}

/** The digest of the candidates the prefecture validated, or null before that. */
export async function findCandidatesValidation(db: Queryable): Promise<{ digest: string } | null> {
  return (await db.query<{ digest: string }>('SELECT digest FROM candidates_validation')).rows[0] ?? null;
}

/** The station's urns by contest, category and sub-category (a null sub-category first). */
export async function listStationUrns(db: Queryable): Promise<StationUrnRow[]> {
  return (await db.query<StationUrnRow>('SELECT id, contest_code, category_code, subcategory_code, seats, label FROM urn ORDER BY contest_code, category_code, subcategory_code NULLS FIRST')).rows;
}

/** The station's candidates by urn, then id: the order of the electronic tally's vote arrays. */
export async function listStationCandidates(db: Queryable): Promise<StationCandidateRow[]> {
  return (await db.query<StationCandidateRow>('SELECT id, urn_id, last_name, first_names, profession, substitute FROM candidate ORDER BY urn_id, id')).rows;
}

/** Every voter of the roll, by id. */
export async function listStationVoters(db: Queryable): Promise<StationVoterRow[]> {
  return (await db.query<StationVoterRow>('SELECT id, voter_number, civility, last_name, first_names, birth_date, postal_address, company_name FROM voter ORDER BY id')).rows;
}

/** Every voting right by id, `withdrawn` when a court decision withdrew it (right_withdrawal). */
export async function listStationRights(db: Queryable): Promise<StationRightRow[]> {
  return (await db.query<StationRightRow>('SELECT r.id, r.voter_id, r.category_code, r.subcategory_code, (w.right_id IS NOT NULL) AS withdrawn FROM voting_right r LEFT JOIN right_withdrawal w ON w.right_id = r.id ORDER BY r.id')).rows;
}
