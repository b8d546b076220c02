// Test helpers (in @scrutin/platform/testing): a fresh platform database (platform migrations only) per
// database kind, on test/'s databases.
import { listMigrations, type Db, type DatabaseKind, type Tarball } from '@scrutin/db';
import { createServerDatabase, describeEachKind, pgliteTemplate } from '@scrutin/test/databases.js';
import { openPlatformDatabase, PLATFORM_MIGRATIONS } from '../database.js';

/** The platform's migrated PGlite copy (see pgliteTemplate). */
export const platformTemplate = (): Promise<Tarball> => pgliteTemplate(listMigrations(PLATFORM_MIGRATIONS), (dataDir) => openPlatformDatabase({ dataDir }));

/** A new memory:// platform database, started from the migrated copy. */
export async function openPlatformMemoryDatabase(): Promise<Db> {
  return openPlatformDatabase({ dataDir: 'memory://', loadDataDir: await platformTemplate() });
}

export type PlatformTestDb = { db: Db; url: string | undefined; drop(): Promise<void> };

export async function createPlatformTestDatabase(kind: DatabaseKind, poolSize?: number): Promise<PlatformTestDb> {
  if (kind === 'pglite') {
    const db = await openPlatformMemoryDatabase();
    return { db, url: undefined, drop: () => db.close() };
  }
  const server = await createServerDatabase();
  const db = await openPlatformDatabase({ url: server.url, ...(poolSize ? { poolSize } : {}) });
  return { db, url: server.url, drop: async () => { await db.close(); await server.drop(); } };
}

/** describe() once per database kind, with a fresh platform database for the block. */
export function describeEachPlatformDatabase(title: string, body: (get: () => PlatformTestDb, kind: DatabaseKind) => void): void {
  describeEachKind(title, createPlatformTestDatabase, body);
}
