import fc from 'fast-check';
import { generatePassword, hashGeneratedSecret, hashPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  it('generated passwords: groups of 4 signs without look-alikes, 5 groups for voters', () => {
    expect(generatePassword()).toMatch(/^([a-hjkmnp-z2-9]{4}-){3}[a-hjkmnp-z2-9]{4}$/);
    expect(generatePassword(5)).toMatch(/^([a-hjkmnp-z2-9]{4}-){4}[a-hjkmnp-z2-9]{4}$/);
    expect(new Set(Array.from({ length: 1000 }, () => generatePassword(5))).size).toBe(1000);
  });

  it('draws every sign of the alphabet about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) for (const c of generatePassword(5).replaceAll('-', '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(31);
    // 200,000 draws over 31 signs: 6,452 each on average, standard deviation about 79. A byte modulo 31
    // would give the first 8 signs 9/256 each: 7,031, 7 standard deviations away.
    for (const n of counts.values()) expect(Math.abs(n - 200_000 / 31)).toBeLessThan(350);
  });

  it('a generated secret verifies against its salted SHA-256 hash and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), async (secret, other) => {
        const stored = hashGeneratedSecret(secret);
        expect(stored).toMatch(/^sha256\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
        expect(await verifyPassword(secret, stored)).toBe(true);
        expect(await verifyPassword(other, stored)).toBe(other === secret);
      }),
      { numRuns: 200 },
    );
    const secret = generatePassword(5);
    expect(hashGeneratedSecret(secret)).not.toBe(hashGeneratedSecret(secret));
  });

  it('staff passwords keep scrypt; malformed hashes never verify', async () => {
    const stored = await hashPassword('administrateur-2026');
    expect(stored.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('administrateur-2026', stored)).toBe(true);
    expect(await verifyPassword('administrateur-2027', stored)).toBe(false);
    for (const bad of ['', 'sha256$', 'sha256$AAAA$', 'sha256$AAAA$AAAA', 'md5$x$y', 'plain']) expect(await verifyPassword('x', bad)).toBe(false);
  });
});
