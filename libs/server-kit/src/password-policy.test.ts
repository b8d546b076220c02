import fc from 'fast-check';
import { checkPasswordStrength, MIN_PASSWORD_LENGTH } from './password-policy.js';

describe('checkPasswordStrength', () => {
  test('any password shorter than 12 characters is refused, naming the length', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: MIN_PASSWORD_LENGTH - 1 }), async (password) => {
        expect(await checkPasswordStrength(password, [])).toEqual({ ok: false, error: 'Mot de passe trop court : 12 caractères au moins.' });
      }),
    );
  });

  test.each([
    ['azertyuiop123', /^Mot de passe trop facile à deviner : Les lignes droites de touches de votre clavier sont faciles à deviner/],
    ['123456789012', /^Mot de passe trop facile à deviner : Ce mot de passe est couramment utilisé\./],
    ['motdepasse2026', /^Mot de passe trop facile à deviner : Ajoutez des mots moins courants\./],
    ['abcdefghijklmnop', /^Mot de passe trop facile à deviner : Des séquences de caractères communs/],
    ['aaaaaaaaaaaaaaaa', /^Mot de passe trop facile à deviner : Les caractères répétés/],
  ])('%s: common, sequence, repetition or keyboard walk, refused with the French advice', async (password, message) => {
    const r = await checkPasswordStrength(password, ['martin']);
    expect(r.ok ? null : r.error).toMatch(message);
  });

  test("the account's own login and name count against it", async () => {
    expect((await checkPasswordStrength('administrateur-2026', ['admin'])).ok).toBe(true);
    expect((await checkPasswordStrength('administrateur-2026', ['admin', 'Administrateur'])).ok).toBe(false);
  });

  test('a passphrase of uncommon words is accepted', async () => {
    expect(await checkPasswordStrength('peniche-orage-velours-88', ['durand'])).toEqual({ ok: true, value: undefined });
  });
});
