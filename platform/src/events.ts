import type { Queryable } from '@scrutin/db';
import * as store from './store/index.js';
import { PLATFORM_EVENTS, type PlatformAction, type PlatformEventPayload } from './journal-events.js';

/**
 * Operations log of the platform (who opened, suspended, closed); it is digested into the closing seal. The
 * action is one of the catalogue (journal-events.ts); throws on a payload that does not match it (a bug).
 */
export async function recordEvent<A extends PlatformAction>(tx: Queryable, actor: string, action: A, payload: PlatformEventPayload<A>): Promise<void> {
  const checked = PLATFORM_EVENTS[action].payload.safeParse(payload);
  if (!checked.success) throw new Error(`journal de la plateforme : contenu de « ${action} » non conforme au catalogue (${checked.error.issues.map((i) => `${i.path.join('.') || '·'} : ${i.message}`).join(' ; ')})`);
  await store.events.insertEvent(tx, actor, action, payload);
}

export type PlatformEvent = { seq: number; at: string; actor: string; action: string; payload: unknown };

/** The latest events, newest first: what the staff page shows as the operations journal. */
export async function latestEvents(db: Queryable, limit: number): Promise<PlatformEvent[]> {
  const rows = await store.events.listLatestEvents(db, limit);
  return rows.map((e) => ({ seq: Number(e.seq), at: new Date(e.at).toISOString(), actor: e.actor, action: e.action, payload: e.payload }));
}
