import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, openDatabase, type Db, type Tarball } from '@scrutin/db';

export const PLATFORM_MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/**
 * The platform's own database, never the station's (arrêté art. 7–8: the voter file and the urn are kept
 * apart from the counting station): PLATFORM_DATABASE_URL, or a PGlite folder (default platform-data/).
 * `loadDataDir`: a new PGlite database's starting files, as in openDatabase (tests: a migrated copy).
 */
export async function openPlatformDatabase(options: { url?: string | undefined; dataDir?: string | undefined; poolSize?: number; loadDataDir?: Tarball } = {}): Promise<Db> {
  const db = await openDatabase({
    url: options.url,
    dataDir: options.url ? undefined : (options.dataDir ?? 'platform-data'),
    migrate: false,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  await migrate(db, PLATFORM_MIGRATIONS);
  return db;
}
