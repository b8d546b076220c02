/** The database as a whole, apart from any table. */
import type { Queryable } from '@scrutin/db';

/** One round trip to the database (the health check): resolves when it answers, throws its error otherwise. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
