// The database's liveness, for the reverse proxy's health check (docs/deployment.md).
import type { Queryable } from '@scrutin/db';

/** Resolves once the database answers a trivial query; rejects like any query when it cannot. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
