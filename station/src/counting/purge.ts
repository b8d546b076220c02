/**
 * ARCHIVED → PURGED (art. 5): after the appeal deadline recorded for the election, the voters' personal
 * data are erased; the aggregate results, the proclamation, the signed documents and the digests of
 * the sealed bundle stay. The only write path through the freeze lock: `scrutin.purge` is set for
 * this one transaction, which the journal records like any other.
 */
import type { Db } from '@scrutin/db';
import type { Actor, Role } from '../auth/roles.js';
import { calendarDateIn, frCalendarDate, type CalendarDate } from '../basics/calendar.js';
import type { Result } from '../basics/result.js';
import { transition, type Election, type ElectionError } from '../election/election.js';

/**
 * Whether the appeal deadline has passed at `now`: « today » is the calendar day in the election's
 * zone (`timeZone`, IANA), never the process's nor UTC, and the deadline day itself is still open to
 * appeal — so the purge is possible from 00:00 the day after, local time of the chamber.
 */
export function appealDeadlinePassed(appealDeadline: CalendarDate, now: Date, timeZone: string): boolean {
  return calendarDateIn(now, timeZone) > appealDeadline;
}

export async function purgePersonalData(db: Db, actor: Omit<Actor, 'role'>, roles: readonly Role[], now: Date = new Date()): Promise<Result<Election, ElectionError>> {
  return transition(db, actor, roles, 'PURGED', {
    precondition: async (tx, election) => {
      if (!appealDeadlinePassed(election.appealDeadline, now, election.timeZone))
        return `La purge n’est possible qu’après le délai de recours (${frCalendarDate(election.appealDeadline)} inclus) : les données personnelles sont conservées jusque-là (article 5).`;
      const frozen = await tx.query('SELECT 1 FROM freeze_record');
      if (frozen.rows.length === 0) return 'Le scrutin n’a pas été figé : aucun scellé à conserver.';
      return null;
    },
    effect: async (tx, election, acting) => {
      await tx.query("SELECT set_config('scrutin.purge', 'on', true)");
      const { rows } = await tx.query<{ n: number }>(
        `WITH done AS (
           UPDATE voter SET voter_number = 'PURGE-' || id, civility = NULL, last_name = '—', first_names = '—', birth_date = NULL,
             nationality = NULL, voter_type = NULL, postal_address = NULL, business_address = NULL, siren = NULL, company_name = NULL
           RETURNING 1)
         SELECT count(*)::int AS n FROM done`,
      );
      const anonymised = rows[0]!.n;
      // The barcode secret links a code to a right; with the roll erased it has nothing left to protect.
      await tx.query("UPDATE election SET barcode_secret = '\\x'::bytea");
      const freeze = await tx.query<{ manifest_sha256: string }>('SELECT manifest_sha256 FROM freeze_record');
      await tx.query('INSERT INTO purge_record (appeal_deadline, voters_anonymised, manifest_sha256, purged_by) VALUES ($1, $2, $3, $4)', [
        election.appealDeadline,
        anonymised,
        freeze.rows[0]!.manifest_sha256,
        acting.userId,
      ]);
      return { votersAnonymised: anonymised, bundleManifestSha256: freeze.rows[0]!.manifest_sha256 };
    },
  });
}
