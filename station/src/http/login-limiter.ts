import type { Response } from 'express';
import type { Db } from '@scrutin/db';
import { reserveAttempt, waitMessage, type ThrottleKey, type ThrottleTable } from '../auth/login-throttle.js';
import type { ThrottlePolicy } from '@scrutin/domain/login-throttle.js';
import { HttpError } from './errors.js';

/**
 * An account: 5 attempts free, then 30 s, 1 min, 2 min… up to 15 min; forgotten after an hour without
 * attempt. Station passwords are long and checked for strength, so the limit is there against online
 * guessing, and a person who mistyped five times waits half a minute (docs/accounts.md).
 */
export const ACCOUNT_POLICY: ThrottlePolicy = { freeAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

/**
 * An address: 30 failures free, then 1 s doubling up to 1 min. Generous, because every post of a counting
 * room may leave through one address; it only slows one machine trying many logins.
 */
export const ADDRESS_POLICY: ThrottlePolicy = { freeAttempts: 30, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 15 * 60_000 };

/** The counters a station login is charged to: its account and its address. */
export function stationLoginKeys(ip: string | undefined, login: string): ThrottleKey[] {
  return [
    { key: `compte:${login}`, policy: ACCOUNT_POLICY, onSuccess: 'reset' },
    { key: `adresse:${ip ?? 'inconnue'}`, policy: ADDRESS_POLICY, onSuccess: 'refund' },
  ];
}

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
