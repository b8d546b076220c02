import fc from 'fast-check';
import { PASSWORD_COST, generatePassword, hashGeneratedSecret, hashPassword, setPasswordCost, verifyPassword, verifyPasswordOrDecoy, decoyHash } from './password.js';

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

  describe('scrypt cost', () => {
    // The harness runs at a test-sized cost (jest.config.cjs); each test here puts it back.
    const harness = (globalThis as { SCRUTIN_TEST_PASSWORD_LOG_N?: number }).SCRUTIN_TEST_PASSWORD_LOG_N ?? PASSWORD_COST.default;
    afterEach(() => setPasswordCost(harness));

    it('is 2^15 with r = 8 in production; a hash names its cost, so hashes made at another cost keep verifying', async () => {
      expect(PASSWORD_COST).toEqual({ default: 15, min: 10, max: 16 });
      setPasswordCost(PASSWORD_COST.default);
      const strong = await hashPassword('administrateur-2026');
      expect(strong).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
      setPasswordCost(10);
      const light = await hashPassword('administrateur-2026');
      expect(light.startsWith('scrypt$1024$8$1$')).toBe(true);
      expect(await verifyPassword('administrateur-2026', strong)).toBe(true);
      expect(await verifyPassword('administrateur-2026', light)).toBe(true);
    });

    it('refuses a cost out of bounds, and a stored hash that names one never verifies (no gigabytes asked of scrypt)', async () => {
      for (const bad of [9, 17, 15.5, Number.NaN]) expect(() => setPasswordCost(bad)).toThrow(RangeError);
      setPasswordCost(10);
      const stored = await hashPassword('administrateur-2026');
      const [, , , , salt, key] = stored.split('$');
      for (const params of ['1048576$8$1', '512$8$1', '1000$8$1', '1024$16$1', '1024$8$2', 'x$8$1', '1024.0000000000002$8$1', '1024.0$8$1', '0x400$8$1', ' 1024$8$1', '1024$8.0$1', '$8$1'])
        expect(await verifyPassword('administrateur-2026', `scrypt$${params}$${salt}$${key}`)).toBe(false);
      expect(await verifyPassword('administrateur-2026', `scrypt$1024$8$1$${salt}$`)).toBe(false);
    });

    it('an unknown login is checked against a decoy at the current cost, which never verifies', async () => {
      setPasswordCost(12);
      const stored = await hashPassword('administrateur-2026');
      expect(await verifyPasswordOrDecoy('administrateur-2026', stored)).toBe(true);
      expect(await verifyPasswordOrDecoy('autre', stored)).toBe(false);
      for (const missing of [null, undefined, '']) expect(await verifyPasswordOrDecoy('administrateur-2026', missing)).toBe(false);
      // The decoy names the current cost and passes the bounds that verifyPassword checks before hashing, so
      // an unknown login costs one scrypt at that cost, as a known one does.
      expect(decoyHash()).toMatch(/^scrypt\$4096\$8\$1\$A{22}==\$A{43}=$/);
      setPasswordCost(PASSWORD_COST.default);
      expect(decoyHash().startsWith('scrypt$32768$8$1$')).toBe(true);
    });
  });
});
