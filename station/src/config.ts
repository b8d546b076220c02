/**
 * Every environment variable the station reads (`scrutin` and `scrutin serve`), read once by the entry
 * (cli/entry.ts) and handed to runCli, or by runCli for a command given none (the console, tests), and passed
 * down as a StationConfig; docs/operations.md (« Configuration ») lists them, and test/src/config-doc.test.ts
 * keeps that table and this file in step.
 */
import { choiceVariable, configEnv, integerVariable, loadConfig, textVariable, type ConfigOf } from '@scrutin/server-kit/env-config.js';
import { PASSWORD_COST } from '@scrutin/server-kit/password.js';

/** Worker threads checking an urn's ballots when SCRUTIN_URN_WORKERS is unset: never none (counting/unseal.ts). */
export const DEFAULT_URN_WORKERS = 2;

export const STATION_VARIABLES = {
  databaseUrl: textVariable('DATABASE_URL', 'PostgreSQL server of the station (several hosts allowed, docs/deployment.md); unset: the embedded PGlite in the data folder'),
  dataFolder: textVariable('SCRUTIN_DATA', 'data folder (PGlite database, journal key, lock, log, sealed bundles), relative to the working folder', 'data'),
  password: textVariable('SCRUTIN_PASSWORD', 'password of the account named by `--as` (else `--password-file`)'),
  newPassword: textVariable('SCRUTIN_NEW_PASSWORD', 'new password of `scrutin password change` (else `--new-password-file`)'),
  certPassphrase: textVariable('SCRUTIN_CERT_PASSPHRASE', 'passphrase of the commission certificate (else `--passphrase-file`); sent along with a command forwarded to a running station'),
  stationUrl: textVariable('SCRUTIN_STATION_URL', 'address of a running station, for `scrutin simulate` to scan through its API (set by the station for forwarded commands)'),
  journalKeyFile: textVariable('SCRUTIN_JOURNAL_KEY', 'file of the journal signing key; default `cle-journal.json` in the data folder'),
  journalSealSeconds: integerVariable('SCRUTIN_JOURNAL_SEAL_SECONDS', { min: 0, max: 86_400, unit: 's' }, 60, 'interval of the journal head sealer of `scrutin serve`; 0 turns it off'),
  port: integerVariable('PORT', { min: 0, max: 65_535 }, 8080, 'HTTP port of `scrutin serve` (`--port` wins)'),
  host: textVariable('HOST', 'listening address of `scrutin serve` (`--host` wins)', '127.0.0.1'),
  logFile: textVariable('SCRUTIN_LOG_FILE', 'log file of `scrutin serve`; default `scrutin.log` in the data folder'),
  logLevel: choiceVariable('LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info', 'lowest log level kept: trace, debug, info, warn, error, fatal or silent'),
  slowQueryMs: integerVariable('SCRUTIN_SLOW_QUERY_MS', { min: 1, max: 3_600_000, unit: 'ms' }, 250, 'statements slower than this are logged'),
  bundleDir: textVariable('SCRUTIN_BUNDLE_DIR', 'folder of the sealed bundles (`POST /api/freeze`); default `scelles` in the data folder'),
  trustedProxy: textVariable('SCRUTIN_TRUSTED_PROXY', 'reverse proxies whose X-Forwarded-For is believed (Express `trust proxy` list); unset: none'),
  passwordLogN: integerVariable('SCRUTIN_PASSWORD_LOG_N', { min: PASSWORD_COST.min, max: PASSWORD_COST.max }, PASSWORD_COST.default, 'scrypt cost (log2 N) of the staff passwords set from now on; for tests only, production keeps 15 (a change makes unknown logins answer at another speed than existing accounts)'),
  urnWorkers: integerVariable('SCRUTIN_URN_WORKERS', { min: 1, max: 64, unit: 'threads' }, DEFAULT_URN_WORKERS, 'worker threads checking the urn’s ballots'),
};

/** The station's configuration, typed: one field per variable of STATION_VARIABLES. */
export type StationConfig = ConfigOf<typeof STATION_VARIABLES>;

/** Reads the station's variables from `env`; throws a ConfigError naming each invalid one, in French. */
export const loadStationConfig = (env: Record<string, string | undefined>): StationConfig => loadConfig(STATION_VARIABLES, env);

/** The configuration as variables again, for a command run inside the station (http/console.ts). */
export const stationConfigEnv = (config: StationConfig): Record<string, string> => configEnv(STATION_VARIABLES, config);
