/**
 * Instants on the command line's human output: in the election's zone with its UTC offset, as the README
 * promises for every displayed time and as the web screens and the PV show them. `--json` output and files
 * written for other programs keep ISO 8601 UTC.
 */
import type { Queryable } from '@scrutin/db';
import { DEFAULT_TIME_ZONE, formatInstant } from '@scrutin/basics/calendar.js';

/** The IANA zone of the election configured in `db`, DEFAULT_TIME_ZONE (Europe/Paris) when none is. */
export async function electionTimeZone(db: Queryable): Promise<string> {
  // Loaded when a command runs, as the commands load their modules (bench/RESULTS.md, « CLI start-up »).
  const { getElection } = await import('../election/election.js');
  return (await getElection(db))?.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * An ISO 8601 instant for a person, to the second, in `zone` (IANA) with its offset: « 01/12/2026 à 15:16:06 UTC+1 ».
 * Seconds, because these lines are compared with the journal and signed files. Throws RangeError on an unknown zone.
 */
export const cliInstant = (iso: string, zone: string): string => formatInstant(iso, zone, { seconds: true });
