import type { Queryable } from '@scrutin/db';
import * as store from './store/index.js';

/** Operations log of the platform (who opened, suspended, closed); it is digested into the closing seal. */
export async function recordEvent(tx: Queryable, actor: string, action: string, payload: unknown): Promise<void> {
  await store.events.insertEvent(tx, actor, action, payload);
}

export type PlatformEvent = { seq: number; at: string; actor: string; action: string; payload: unknown };

/** The latest events, newest first: what the staff page shows as the operations journal. */
export async function latestEvents(db: Queryable, limit: number): Promise<PlatformEvent[]> {
  const rows = await store.events.listLatestEvents(db, limit);
  return rows.map((e) => ({ seq: Number(e.seq), at: new Date(e.at).toISOString(), actor: e.actor, action: e.action, payload: e.payload }));
}
