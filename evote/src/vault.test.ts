import { sealVault, openVault, DEFAULT_KDF } from './vault.js';

const FAST = { logN: 10, r: 8, p: 1 };

describe('vault', () => {
  const secret = new Uint8Array([1, 2, 3, 4, 5]);
  const vault = sealVault(secret, 'une phrase secrète assez longue', 'share/x/1', FAST);

  test('opens with the right passphrase and label', () => {
    const r = openVault(vault, 'une phrase secrète assez longue', 'share/x/1');
    expect(r).toEqual({ ok: true, value: secret });
  });
  test('refuses a wrong passphrase', () => {
    expect(openVault(vault, 'une autre phrase secrète', 'share/x/1').ok).toBe(false);
  });
  test('refuses a file passed off as another holder’s', () => {
    expect(openVault({ ...vault, label: 'share/x/2' }, 'une phrase secrète assez longue', 'share/x/2').ok).toBe(false);
    expect(openVault(vault, 'une phrase secrète assez longue', 'share/x/2').ok).toBe(false);
  });
  test('detects a corrupted ciphertext', () => {
    const c = vault.ciphertext;
    const flipped = (c[0] === 'A' ? 'B' : 'A') + c.slice(1);
    expect(openVault({ ...vault, ciphertext: flipped }, 'une phrase secrète assez longue', 'share/x/1').ok).toBe(false);
  });
  test('default strength is scrypt N = 2^17, r = 8 (OWASP minimum)', () => {
    expect(DEFAULT_KDF).toEqual({ logN: 17, r: 8, p: 1 });
  });
});
