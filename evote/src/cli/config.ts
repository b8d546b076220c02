/**
 * The one environment variable the urn tool (`scrutin-urn`) reads, declared with the server kit's env-config
 * helpers and read once by its entry (main.ts); docs/operations.md describes it.
 */
import { integerVariable, loadConfig, type ConfigOf } from '@scrutin/server-kit/env-config.js';
import { DEFAULT_KDF } from '../vault.js';

export const URN_TOOL_VARIABLES = {
  vaultLogN: integerVariable('SCRUTIN_VAULT_LOG_N', { min: 10, max: 22 }, DEFAULT_KDF.logN, 'scrypt cost (log2 N) of the key holders’ vaults; tests lower it'),
};

/** The urn tool's configuration, typed. */
export type UrnToolConfig = ConfigOf<typeof URN_TOOL_VARIABLES>;

/** Reads the urn tool's variables from `env`; throws a ConfigError naming an invalid one, in French. */
export const loadUrnToolConfig = (env: Record<string, string | undefined>): UrnToolConfig => loadConfig(URN_TOOL_VARIABLES, env);
