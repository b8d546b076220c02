/**
 * How many password attempts a key (an account, a voter identifier, an address) may make, and when.
 * Every attempt is counted before its password is checked (a success then gives it back), so that N
 * concurrent attempts cannot all pass a counter read before any of them failed.
 */
export type ThrottlePolicy = {
  /** Attempts evaluated without any wait. */
  freeAttempts: number;
  /** Wait after the last counted attempt once the free ones are spent; doubles with each further attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no attempt for this long starts afresh. */
  forgetAfterMs: number;
};

/** The counter of one key as stored: attempts counted since the last success, and when the last was. */
export type ThrottleState = { attempts: number; lastAt: Date } | null;

export type ThrottleDecision =
  /** Evaluate the password; `attempts` is the counter with this attempt included. */
  | { kind: 'EVALUATE'; attempts: number; delayAfterMs: number }
  | { kind: 'WAIT'; waitMs: number };

/** The wait imposed after `attempts` counted attempts: none while free, then base·2^k capped. */
export function delayAfter(policy: ThrottlePolicy, attempts: number): number {
  if (attempts < policy.freeAttempts) return 0;
  return Math.min(policy.baseDelayMs * 2 ** (attempts - policy.freeAttempts), policy.maxDelayMs);
}

/**
 * Whether one more attempt may be evaluated at `now`, given the key's stored counter. A refused attempt
 * is not counted, so that waiting out the delay is always enough for the owner to try again.
 */
export function decideAttempt(policy: ThrottlePolicy, state: ThrottleState, now: Date): ThrottleDecision {
  // Concurrent attempts read the clock before they get the row: `now` may be a little before the last one.
  const since = state ? Math.max(0, now.getTime() - state.lastAt.getTime()) : Infinity;
  const counted = state && since <= policy.forgetAfterMs ? state.attempts : 0;
  const wait = counted < policy.freeAttempts ? 0 : delayAfter(policy, counted) - since;
  if (wait > 0) return { kind: 'WAIT', waitMs: wait };
  return { kind: 'EVALUATE', attempts: counted + 1, delayAfterMs: delayAfter(policy, counted + 1) };
}
