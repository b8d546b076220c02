import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db, type DatabaseKind } from '@scrutin/db';

const PG_URL = process.env.SCRUTIN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = { db: Db; url: string | undefined; drop(): Promise<void> };

let serverChecked: Promise<boolean> | undefined;
function serverAvailable(): Promise<boolean> {
  serverChecked ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      return false;
    }
  })();
  return serverChecked;
}

/** A new empty database on the PostgreSQL test server (or on `server`, for the benchmarks); returns its URL. */
export async function createServerDatabase(server = PG_URL): Promise<{ url: string; drop(): Promise<void> }> {
  if (server === PG_URL && !(await serverAvailable())) {
    throw new Error(`Serveur PostgreSQL injoignable (${PG_URL}) : les tests exigent PGlite et PostgreSQL.`);
  }
  const name = `scrutin_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh, migrated database of the given kind: PGlite in memory (or in dataDir), or a new database on the server. */
export async function createTestDatabase(kind: DatabaseKind, options: { dataDir?: string } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase({ dataDir: options.dataDir ?? 'memory://' });
    return { db, url: undefined, drop: () => db.close() };
  }
  const server = await createServerDatabase();
  const db = await openDatabase({ url: server.url });
  return {
    db,
    url: server.url,
    async drop() {
      await db.close();
      await server.drop();
    },
  };
}

/**
 * The kinds a database suite runs on: both, always, in CI. Outside CI a developer
 * without a server may set SCRUTIN_TEST_DATABASES=pglite; CI never skips.
 */
export function databaseKinds(): DatabaseKind[] {
  const wanted = process.env.CI === 'true' ? undefined : process.env.SCRUTIN_TEST_DATABASES;
  if (!wanted) return ['pglite', 'postgres'];
  return wanted.split(',').map((k) => k.trim()) as DatabaseKind[];
}

/** describe() once per database kind, with a fresh database for the block. */
export function describeEachDatabase(title: string, body: (get: () => TestDatabase, kind: DatabaseKind) => void): void {
  for (const kind of databaseKinds()) {
    describe(`${title} [${kind}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(kind);
      }, 60_000);
      afterAll(async () => {
        await current?.drop();
      });
      body(() => {
        if (!current) throw new Error('base de test non initialisée');
        return current;
      }, kind);
    });
  }
}
