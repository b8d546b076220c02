import type { ThrottlePolicy } from '@scrutin/domain/login-throttle.js';
import type { ThrottleKey } from '@scrutin/server-kit/store.js';

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
