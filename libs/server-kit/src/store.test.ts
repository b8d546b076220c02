import { describeEachDatabase } from '@scrutin/test';
import type { ThrottlePolicy } from '@scrutin/domain/login-throttle.js';
import { waitMessage } from './login-limiter.js';
import { attemptSucceeded, pruneForgotten, reserveAttempt, THROTTLE_HORIZON_MS, type ThrottleKey } from './store.js';

const FIVE: ThrottlePolicy = { freeAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 3_600_000, forgetAfterMs: 86_400_000 };
const FIFTY: ThrottlePolicy = { ...FIVE, freeAttempts: 50 };
const account = (login: string): ThrottleKey => ({ key: `compte:${login}`, policy: FIVE, onSuccess: 'reset' });
const address = (ip: string): ThrottleKey => ({ key: `adresse:${ip}`, policy: FIFTY, onSuccess: 'refund' });
const now = new Date('2026-11-20T09:00:00Z');

describeEachDatabase('login attempts counted in the database', (get) => {
  test('60 concurrent attempts on one account: exactly the 5 free ones are let through, the 55 others wait', async () => {
    const keys = [account('dupont'), address('192.0.2.1')];
    const answers = await Promise.all(Array.from({ length: 60 }, () => reserveAttempt(get().db, 'login_attempt', keys, now)));
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    expect(answers.filter((a) => !a.ok).map((a) => !a.ok && a.waitMs)).toEqual(Array(55).fill(60_000));
    // Refused attempts are not charged: the address counted 5, not 60.
    const { rows } = await get().db.query<{ key: string; attempts: number }>('SELECT key, attempts FROM login_attempt ORDER BY key');
    expect(rows).toEqual([
      { key: 'adresse:192.0.2.1', attempts: 5 },
      { key: 'compte:dupont', attempts: 5 },
    ]);
    // The fifth says that its failure starts a wait; the wait elapsed, the sixth is evaluated.
    expect(answers.filter((a) => a.ok && a.delaysIfFailed.length > 0)).toEqual([{ ok: true, delaysIfFailed: [{ key: 'compte:dupont', delayMs: 60_000 }] }]);
    expect((await reserveAttempt(get().db, 'login_attempt', keys, new Date(now.getTime() + 60_000))).ok).toBe(true);
  });

  test('a success resets its account and gives the address back only its own attempt', async () => {
    for (let i = 0; i < 3; i++) expect((await reserveAttempt(get().db, 'login_attempt', [account('martin'), address('192.0.2.2')], now)).ok).toBe(true);
    const keys = [account('bernard'), address('192.0.2.2')];
    expect((await reserveAttempt(get().db, 'login_attempt', keys, now)).ok).toBe(true);
    await attemptSucceeded(get().db, 'login_attempt', keys);
    expect((await reserveAttempt(get().db, 'login_attempt', [account('martin'), address('192.0.2.2')], now)).ok).toBe(true);
    await attemptSucceeded(get().db, 'login_attempt', [account('martin'), address('192.0.2.2')]);
    const { rows } = await get().db.query<{ key: string; attempts: number }>("SELECT key, attempts FROM login_attempt WHERE key IN ('compte:martin', 'compte:bernard', 'adresse:192.0.2.2') ORDER BY key");
    expect(rows).toEqual([{ key: 'adresse:192.0.2.2', attempts: 3 }]);
  });

  test('counters older than the horizon are deleted; younger ones, which a policy may still remember, are kept', async () => {
    const db = get().db;
    const at = (ms: number) => new Date(now.getTime() - ms);
    await db.query('INSERT INTO login_attempt (key, attempts, last_at) VALUES ($1, 9, $2), ($3, 9, $4)', ['adresse:198.51.100.7', at(THROTTLE_HORIZON_MS + 1000), 'compte:ancien', at(THROTTLE_HORIZON_MS - 60_000)]);
    await pruneForgotten(db, 'login_attempt', now, true);
    const { rows } = await db.query<{ key: string }>("SELECT key FROM login_attempt WHERE key IN ('adresse:198.51.100.7', 'compte:ancien')");
    expect(rows).toEqual([{ key: 'compte:ancien' }]);
  });
});

test('the wait is said in seconds, then in minutes', () => {
  expect(waitMessage(29_001)).toBe('Trop de tentatives : réessayez dans 30 s.');
  expect(waitMessage(3_600_000)).toBe('Trop de tentatives : réessayez dans 60 min.');
});
