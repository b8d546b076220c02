import type { ThrottlePolicy } from '@scrutin/domain/login-throttle.js';
import type { Response } from 'express';
import { chargeAttempt } from '@scrutin/server-kit/login-limiter.js';
import { attemptSucceeded, type ThrottleKey } from '@scrutin/server-kit/store.js';
import type { PlatformContext } from '../context.js';
import { recordEvent } from '../events.js';

/**
 * A voter identifier: 5 attempts free, then 1 min, 2 min, 4 min… up to 1 h, forgotten after a day without
 * attempt. Whoever holds a voter's letter (identifier and password) still needs the birth date (art. 7):
 * about 36,500 dates over a century, of which these limits let through some thirty a day, so that guessing
 * it online takes years while a voter who mistypes five times waits a minute (docs/platform.md).
 */
export const VOTER_POLICY: ThrottlePolicy = { freeAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60 * 60_000, forgetAfterMs: 24 * 60 * 60_000 };

/** A staff account: 5 attempts free, then 30 s doubling up to 15 min, forgotten after an hour. */
export const STAFF_POLICY: ThrottlePolicy = { freeAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

/**
 * An address: 50 failures free, then 1 s doubling up to 1 min, forgotten after 15 min. A company, a chamber
 * or a mobile operator puts many voters behind one address: their mistakes must not lock each other out;
 * the per-identifier counter is what stops guessing.
 */
export const ADDRESS_POLICY: ThrottlePolicy = { freeAttempts: 50, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 15 * 60_000 };

const address = (ip: string | undefined): ThrottleKey => ({ key: `adresse:${ip ?? 'inconnue'}`, policy: ADDRESS_POLICY, onSuccess: 'refund' });

/** A voter login's counters: the identifier as typed, digits only (so that spacing does not open a new counter), and the address. */
export function voterLoginKeys(ip: string | undefined, identifier: string): ThrottleKey[] {
  return [{ key: `identifiant:${identifier.replace(/\D/g, '')}`, policy: VOTER_POLICY, onSuccess: 'reset' }, address(ip)];
}

/** A staff login's counters: the account and the address. */
export function staffLoginKeys(ip: string | undefined, login: string): ThrottleKey[] {
  return [{ key: `agent:${login}`, policy: STAFF_POLICY, onSuccess: 'reset' }, address(ip)];
}

/**
 * Charges the attempt to its counters before any password is checked; runs `check` only if none of them
 * makes it wait. A failure that starts a wait goes to the operations log (which counter, how long).
 */
export async function throttled<T>(ctx: PlatformContext, res: Response, keys: ThrottleKey[], check: () => Promise<T | null>): Promise<T | null> {
  const delaysIfFailed = await chargeAttempt(ctx.db, res, 'platform.login_attempt', keys, ctx.now());
  const outcome = await check();
  if (outcome !== null) await attemptSucceeded(ctx.db, 'platform.login_attempt', keys);
  else if (delaysIfFailed.length > 0)
    await recordEvent(ctx.db, 'systeme', 'login.delayed', delaysIfFailed.map((d) => ({ counter: d.key, seconds: Math.ceil(d.delayMs / 1000) })));
  return outcome;
}
