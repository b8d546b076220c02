import type { Db, Queryable } from '@scrutin/db';
import { decideAttempt, type ThrottlePolicy } from '@scrutin/domain/login-throttle.js';

/** Where the counters live: the station's table, or the platform's (its own database). */
export type ThrottleTable = 'login_attempt' | 'platform.login_attempt';

/**
 * One counter an attempt is charged to. An account's or a voter identifier's counter starts afresh on a
 * success (`reset`); an address's only gets this attempt back (`refund`), so that one voter signing in
 * behind a shared address does not wipe out another's failures, and many voters signing in do not add up.
 */
export type ThrottleKey = { key: string; policy: ThrottlePolicy; onSuccess: 'reset' | 'refund' };

export type Reservation =
  | { ok: true; /** Keys that this attempt, if it fails, leaves waiting; with the wait in ms. */ delaysIfFailed: { key: string; delayMs: number }[] }
  | { ok: false; waitMs: number };

/**
 * How long any counter can matter: no policy remembers an attempt longer than this (a test checks every
 * policy's `forgetAfterMs` against it). Older rows are deleted, so that the table does not keep every
 * address and identifier ever tried (they are personal data, and an attacker can make them grow).
 */
export const THROTTLE_HORIZON_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const lastPruned = new Map<ThrottleTable, number>();

/**
 * Charges one attempt to every key at once, before the password is checked, or refuses it with the
 * longest wait among them (then nothing is charged). The rows are locked in key order inside one
 * transaction (INSERT … ON CONFLICT DO UPDATE locks the row it returns), so that concurrent attempts
 * are counted one after the other and the limit is exact whatever their number.
 */
export async function reserveAttempt(db: Db, table: ThrottleTable, keys: readonly ThrottleKey[], now: Date): Promise<Reservation> {
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key));
  const reservation = await db.transaction(async (tx): Promise<Reservation> => {
    const decisions = [];
    for (const k of sorted) {
      const { rows } = await tx.query<{ attempts: number; last_at: Date }>(
        `INSERT INTO ${table} (key, attempts, last_at) VALUES ($1, 0, $2)
         ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING attempts, last_at`,
        [k.key, now],
      );
      const row = rows[0]!;
      decisions.push({ key: k.key, decision: decideAttempt(k.policy, { attempts: Number(row.attempts), lastAt: new Date(row.last_at) }, now) });
    }
    const waits = decisions.flatMap((d) => (d.decision.kind === 'WAIT' ? [d.decision.waitMs] : []));
    if (waits.length > 0) return { ok: false, waitMs: Math.max(...waits) };
    const delaysIfFailed = [];
    for (const { key, decision } of decisions) {
      if (decision.kind !== 'EVALUATE') continue;
      await tx.query(`UPDATE ${table} SET attempts = $2, last_at = greatest(last_at, $3) WHERE key = $1`, [key, decision.attempts, now]);
      if (decision.delayAfterMs > 0) delaysIfFailed.push({ key, delayMs: decision.delayAfterMs });
    }
    return { ok: true, delaysIfFailed };
  });
  await pruneForgotten(db, table, now);
  return reservation;
}

/**
 * Deletes the counters no policy remembers any more, at most every ten minutes per process (the horizon
 * makes it safe from any process at any time; the pace only spares a scan of the table per attempt).
 */
export async function pruneForgotten(db: Queryable, table: ThrottleTable, now: Date, force = false): Promise<void> {
  const last = lastPruned.get(table);
  if (!force && last !== undefined && now.getTime() - last < PRUNE_EVERY_MS) return;
  lastPruned.set(table, now.getTime());
  await db.query(`DELETE FROM ${table} WHERE last_at < $1`, [new Date(now.getTime() - THROTTLE_HORIZON_MS)]);
}

/** After a successful attempt: each key's counter is reset or gets this attempt back (see ThrottleKey). */
export async function attemptSucceeded(db: Queryable, table: ThrottleTable, keys: readonly ThrottleKey[]): Promise<void> {
  for (const k of keys) {
    if (k.onSuccess === 'reset') await db.query(`DELETE FROM ${table} WHERE key = $1`, [k.key]);
    else await db.query(`UPDATE ${table} SET attempts = greatest(attempts - 1, 0) WHERE key = $1`, [k.key]);
  }
}
