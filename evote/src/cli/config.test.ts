import { ConfigError } from '@scrutin/server-kit/env-config.js';
import { DEFAULT_KDF } from '../vault.js';
import { vaultKdf } from './ceremony.js';
import { loadUrnToolConfig } from './config.js';

test('SCRUTIN_VAULT_LOG_N: unset is the full scrypt cost, 10–22 is taken, anything else is refused in French, naming it', () => {
  expect(vaultKdf(loadUrnToolConfig({}))).toEqual(DEFAULT_KDF);
  expect(vaultKdf(loadUrnToolConfig({ SCRUTIN_VAULT_LOG_N: '12' }))).toEqual({ ...DEFAULT_KDF, logN: 12 });
  for (const bad of ['9', '23', 'douze', '12.5'])
    expect(() => loadUrnToolConfig({ SCRUTIN_VAULT_LOG_N: bad })).toThrow(new ConfigError([`SCRUTIN_VAULT_LOG_N doit être un entier entre 10 et 22 (reçu « ${bad} »).`]));
});
