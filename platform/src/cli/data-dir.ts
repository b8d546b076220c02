import { resolvePath, type CliEnv } from '@scrutin/server-kit/cli.js';

/** The platform's PGlite folder: PLATFORM_DATA, by default ./platform-data. */
export const platformDataDir = (env: CliEnv): string => resolvePath(env, env.env.PLATFORM_DATA ?? 'platform-data');
/** station-lock.ts keys its lock on SCRUTIN_DATA: point it at the platform's folder. */
export const lockEnv = (env: CliEnv): CliEnv => ({ ...env, env: { ...env.env, SCRUTIN_DATA: platformDataDir(env) } });
