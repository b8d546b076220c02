// The database roles a transaction takes before touching the urn or the voter file (001_platform.sql
// grants each schema to one role only): a statement that reached the other side by mistake fails.
import type { Queryable } from '@scrutin/db';

/** Until the transaction ends or resetRole: the urn schema only (scrutin_urn). */
export async function actAsUrn(tx: Queryable): Promise<void> {
  await tx.query('SET LOCAL ROLE scrutin_urn');
}

/** Until the transaction ends or resetRole: the voter file only (scrutin_voter_file). */
export async function actAsVoterFile(tx: Queryable): Promise<void> {
  await tx.query('SET LOCAL ROLE scrutin_voter_file');
}

/** Back to the session's own role. */
export async function resetRole(tx: Queryable): Promise<void> {
  await tx.query('RESET ROLE');
}
