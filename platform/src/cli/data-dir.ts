import { resolvePath, type CliEnv } from '@scrutin/server-kit/cli.js';
import type { PlatformConfig } from '../config.js';

/**
 * The platform's data folder (PGlite database, lock, log): PLATFORM_DATA as the configuration read it, by default
 * ./platform-data, relative to the command's folder. The lock (server kit's station-lock.ts) is taken in it too.
 */
export const platformDataDir = (env: CliEnv, config: PlatformConfig): string => resolvePath(env, config.dataFolder);
