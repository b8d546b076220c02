import fc from 'fast-check';
import { decideAttempt, delayAfter, type ThrottlePolicy } from './login-throttle.js';

const policyArb = fc.record({
  freeAttempts: fc.integer({ min: 1, max: 50 }),
  baseDelayMs: fc.integer({ min: 1, max: 120_000 }),
  maxDelayMs: fc.integer({ min: 120_000, max: 3_600_000 }),
  forgetAfterMs: fc.integer({ min: 3_600_001, max: 86_400_000 }),
});
const T0 = new Date('2026-11-20T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('decideAttempt', () => {
  test('the free attempts are all evaluated, even at the same instant, and the next one waits', () => {
    fc.assert(
      fc.property(policyArb, (policy: ThrottlePolicy) => {
        let state = null as { attempts: number; lastAt: Date } | null;
        for (let i = 1; i <= policy.freeAttempts; i++) {
          const d = decideAttempt(policy, state, T0);
          expect(d).toEqual({ kind: 'EVALUATE', attempts: i, delayAfterMs: delayAfter(policy, i) });
          state = { attempts: i, lastAt: T0 };
        }
        expect(decideAttempt(policy, state, T0)).toEqual({ kind: 'WAIT', waitMs: policy.baseDelayMs });
      }),
    );
  });

  test('past the free attempts, an attempt waits exactly the doubled delay after the last one', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 20 }), (policy, extra) => {
        const attempts = policy.freeAttempts + extra;
        const delay = Math.min(policy.baseDelayMs * 2 ** extra, policy.maxDelayMs);
        const state = { attempts, lastAt: T0 };
        expect(decideAttempt(policy, state, at(delay - 1))).toEqual({ kind: 'WAIT', waitMs: 1 });
        expect(decideAttempt(policy, state, at(delay)).kind).toBe('EVALUATE');
      }),
    );
  });

  test('an attempt whose clock reads a little before the last counted one is still evaluated while free', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 1, max: 5000 }), (policy, skew) => {
        fc.pre(policy.freeAttempts > 1);
        expect(decideAttempt(policy, { attempts: policy.freeAttempts - 1, lastAt: at(skew) }, T0)).toEqual({ kind: 'EVALUATE', attempts: policy.freeAttempts, delayAfterMs: delayAfter(policy, policy.freeAttempts) });
        expect(decideAttempt(policy, { attempts: policy.freeAttempts, lastAt: at(skew) }, T0)).toEqual({ kind: 'WAIT', waitMs: policy.baseDelayMs });
      }),
    );
  });

  test('a key left alone longer than forgetAfterMs starts afresh', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 1000 }), (policy, attempts) => {
        expect(decideAttempt(policy, { attempts, lastAt: T0 }, at(policy.forgetAfterMs + 1))).toEqual({ kind: 'EVALUATE', attempts: 1, delayAfterMs: delayAfter(policy, 1) });
      }),
    );
  });
});
