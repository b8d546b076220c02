import type { Queryable } from '@scrutin/db';

/** Operations log of the platform (who opened, suspended, closed); it is digested into the closing seal. */
export async function recordEvent(tx: Queryable, actor: string, action: string, payload: unknown): Promise<void> {
  await tx.query('INSERT INTO platform.event (actor, action, payload) VALUES ($1, $2, $3)', [actor, action, JSON.stringify(payload)]);
}
