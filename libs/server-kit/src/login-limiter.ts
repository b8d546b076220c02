import type { Response } from 'express';
import type { Db } from '@scrutin/db';
import { reserveAttempt, type ThrottleKey, type ThrottleTable } from './store.js';
import { HttpError } from './errors.js';

/**
 * Charges a password attempt to its counters (reserveAttempt) or refuses it with 429, Retry-After and the
 * wait in French. Returns the counters that this attempt, if it fails, leaves waiting.
 */
export async function chargeAttempt(db: Db, res: Response, table: ThrottleTable, keys: ThrottleKey[], now: Date): Promise<{ key: string; delayMs: number }[]> {
  const reservation = await reserveAttempt(db, table, keys, now);
  if (reservation.ok) return reservation.delaysIfFailed;
  res.setHeader('Retry-After', String(Math.ceil(reservation.waitMs / 1000)));
  throw new HttpError(429, 'TOO_MANY_ATTEMPTS', waitMessage(reservation.waitMs));
}

/** The French refusal of a throttled attempt: the wait rounded up to the second, or to the minute past two. */
export function waitMessage(waitMs: number): string {
  const seconds = Math.ceil(waitMs / 1000);
  return `Trop de tentatives : réessayez dans ${seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`}.`;
}
