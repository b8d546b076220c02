/**
 * Every environment variable the platform reads (`scrutin-platform` and `scrutin-platform serve`), read once by
 * the entry (cli/entry.ts), or by runCli for a command given none (the console, tests), and passed down as a
 * PlatformConfig; docs/operations.md (« Configuration ») lists them, and test/src/config-doc.test.ts keeps that
 * table and this file in step.
 */
import { choiceVariable, configEnv, integerVariable, loadConfig, textVariable, type ConfigOf } from '@scrutin/server-kit/env-config.js';
import { PASSWORD_COST } from '@scrutin/server-kit/password.js';
import { DEFAULT_ANONYMITY, type AnonymityOptions } from './voting/anonymity-batcher.js';

const positive = { min: 1, max: 1_000_000_000 };

export const PLATFORM_VARIABLES = {
  databaseUrl: textVariable('PLATFORM_DATABASE_URL', 'PostgreSQL server of the platform (several hosts allowed, docs/deployment.md); unset: the embedded PGlite in the data folder'),
  dataFolder: textVariable('PLATFORM_DATA', 'data folder (PGlite database, lock, log), relative to the working folder', 'platform-data'),
  password: textVariable('PLATFORM_PASSWORD', 'password of the staff account of a command (else `--password-file`)'),
  port: integerVariable('PLATFORM_PORT', { min: 0, max: 65_535 }, 4100, 'HTTP port of `scrutin-platform serve` (`--port` wins)'),
  logFile: textVariable('PLATFORM_LOG_FILE', 'log file of `scrutin-platform serve`; default `scrutin-platform.log` in the data folder'),
  logLevel: choiceVariable('LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info', 'lowest log level kept: trace, debug, info, warn, error, fatal or silent'),
  slowQueryMs: integerVariable('SCRUTIN_SLOW_QUERY_MS', { min: 1, max: 3_600_000, unit: 'ms' }, 250, 'statements slower than this are logged'),
  passwordLogN: integerVariable('SCRUTIN_PASSWORD_LOG_N', { min: PASSWORD_COST.min, max: PASSWORD_COST.max }, PASSWORD_COST.default, 'scrypt cost (log2 N) of the staff passwords set from now on; for tests only, production keeps 15 (a change makes unknown logins answer at another speed than existing accounts)'),
  verifyWorkers: integerVariable('PLATFORM_VERIFY_WORKERS', { min: 0, max: 256, unit: 'threads' }, undefined, 'worker threads verifying ballot proofs; unset: one per core; 0: on the request thread'),
  trustedProxy: textVariable('PLATFORM_TRUSTED_PROXY', 'reverse proxies whose X-Forwarded-For is believed (Express `trust proxy` list); unset: none'),
  anonymityBatch: integerVariable('PLATFORM_ANONYMITY_BATCH', { ...positive, unit: 'votes' }, DEFAULT_ANONYMITY.size, 'k: a batch of the urn is written as soon as k votes wait (docs/platform.md)'),
  anonymityTimerMs: integerVariable('PLATFORM_ANONYMITY_TIMER_MS', { ...positive, unit: 'ms' }, DEFAULT_ANONYMITY.timerMs, 'how often a smaller batch is considered, counted from its oldest vote'),
  anonymityMinimum: integerVariable('PLATFORM_ANONYMITY_MINIMUM', { ...positive, unit: 'votes' }, DEFAULT_ANONYMITY.minimum, 'a timer batch is written only with at least this many votes…'),
  anonymityMaxWaitMs: integerVariable('PLATFORM_ANONYMITY_MAX_WAIT_MS', { ...positive, unit: 'ms' }, DEFAULT_ANONYMITY.maxWaitMs, '…unless its oldest vote has waited this long'),
};

/** The platform's configuration, typed: one field per variable of PLATFORM_VARIABLES. */
export type PlatformConfig = ConfigOf<typeof PLATFORM_VARIABLES>;

/** Reads the platform's variables from `env`; throws a ConfigError naming each invalid one, in French. */
export const loadPlatformConfig = (env: Record<string, string | undefined>): PlatformConfig => loadConfig(PLATFORM_VARIABLES, env);

/** The configuration as variables again, for a command run inside the platform (its console). */
export const platformConfigEnv = (config: PlatformConfig): Record<string, string> => configEnv(PLATFORM_VARIABLES, config);

/** The urn's anonymity batch options. */
export const anonymityOf = (config: PlatformConfig): AnonymityOptions => ({
  size: config.anonymityBatch,
  timerMs: config.anonymityTimerMs,
  minimum: config.anonymityMinimum,
  maxWaitMs: config.anonymityMaxWaitMs,
});
