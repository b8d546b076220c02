// The platform's operations log (platform.event: who loaded, opened, suspended, closed, issued letters),
// digested into the closing seal. `seq` is a bigserial: the order of the log.
import type { Queryable } from '@scrutin/db';

/** platform.event as read: `seq` is a bigint, a string on PostgreSQL and a number on PGlite. */
export type EventRow = { seq: string | number; at: Date; actor: string; action: string; payload: unknown };

/** Appends an event, `payload` stored as JSON (jsonb); inside the transaction of the change it records. */
export async function insertEvent(tx: Queryable, actor: string, action: string, payload: unknown): Promise<void> {
  await tx.query('INSERT INTO platform.event (actor, action, payload) VALUES ($1, $2, $3)', [actor, action, JSON.stringify(payload)]);
}

/** The `limit` latest events, newest first. */
export async function listLatestEvents(db: Queryable, limit: number): Promise<EventRow[]> {
  return (await db.query<EventRow>('SELECT seq, at, actor, action, payload FROM platform.event ORDER BY seq DESC LIMIT $1', [limit])).rows;
}

/** The whole log in order, rows exactly as the driver returns them: the closing seal digests them as they are. */
export async function listAllEvents(tx: Queryable): Promise<Record<string, unknown>[]> {
  return (await tx.query('SELECT seq, at, actor, action, payload FROM platform.event ORDER BY seq')).rows;
}
