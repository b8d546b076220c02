import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { listMigrations, openDatabase, pgliteVersion, type Db, type DatabaseKind, type Tarball } from '@scrutin/db';

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

/**
 * A migrated PGlite database as a tarball (PGlite's `dumpDataDir`), for `openDatabase({ loadDataDir })`:
 * a memory:// test database started from it skips initdb and the migrations, about 7 s of CPU and
 * 190 MB resident each (bench/RESULTS.md, « Test suite »). `migrations` names what `open` applies (a
 * migration list, its checksums); the copy is made once per list and PGlite version, in the system's
 * temporary folder, and shared by the test files and workers that follow (written under another name,
 * then renamed: a worker reads a whole copy or makes its own). Jest's globalSetup makes both copies
 * before any worker starts (test/src/pglite-templates.ts).
 */
export async function pgliteTemplate(migrations: { checksum: string }[], open: (dataDir: string) => Promise<Db>): Promise<Tarball> {
  const key = createHash('sha256').update([pgliteVersion(), ...migrations.map((m) => m.checksum)].join('\n')).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `scrutin-pglite-template-${key}.tar`);
  if (!existsSync(file)) {
    const folder = mkdtempSync(join(tmpdir(), 'scrutin-pglite-template-'));
    try {
      await (await open(folder)).close();
      const lite = await PGlite.create(folder);
      const dump = await lite.dumpDataDir('none');
      await lite.close();
      writeFileSync(`${file}.${process.pid}`, Buffer.from(await dump.arrayBuffer()));
      renameSync(`${file}.${process.pid}`, file);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  return tarball(file);
}

const tarballs = new Map<string, Tarball>();
/**
 * The tarball `file` as PGlite's loadDataDir reads it, read once per test file (jest gives each its own
 * modules) and handed over without a copy: PGlite copies out the files it holds (see Tarball).
 */
function tarball(file: string): Tarball {
  let found = tarballs.get(file);
  if (!found) {
    const read = readFileSync(file);
    // A file this size is read into a buffer of its own; copy only if it is not (40 MB, 0.1 s).
    const bytes = read.byteOffset === 0 && read.byteLength === read.buffer.byteLength ? read.buffer : new Uint8Array(read).buffer;
    found = { type: 'application/x-tar', arrayBuffer: () => Promise.resolve(bytes) };
    tarballs.set(file, found);
  }
  return found;
}

/** The station's migrated PGlite copy (see pgliteTemplate). */
export const stationTemplate = (): Promise<Tarball> => pgliteTemplate(listMigrations(), (dataDir) => openDatabase({ dataDir }));

/** A fresh, migrated database of the given kind: PGlite in memory (or in dataDir), or a new database on the server. */
export async function createTestDatabase(kind: DatabaseKind, options: { dataDir?: string } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = options.dataDir
      ? await openDatabase({ dataDir: options.dataDir })
      : await openDatabase({ dataDir: 'memory://', loadDataDir: await stationTemplate() });
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
 *
 * In the suite's second time-zone run (scripts/test.sh sets SCRUTIN_ZONE_RUN=second), PostgreSQL only
 * unless `everyZoneRun`: PGlite's session zone is UTC in both runs (it ignores PGOPTIONS and TZ), so the
 * second run gives it only the process zone flipped, which PostgreSQL gets too, with its session zone
 * flipped as well; the first run has both kinds. The files that test dates through the database layer
 * itself (time-zones.test, db's calendar-date.test) keep both kinds in both runs.
 */
export function databaseKinds(options: { everyZoneRun?: boolean } = {}): DatabaseKind[] {
  const wanted = process.env.CI === 'true' ? undefined : process.env.SCRUTIN_TEST_DATABASES;
  const kinds: DatabaseKind[] = wanted ? (wanted.split(',').map((k) => k.trim()) as DatabaseKind[]) : ['pglite', 'postgres'];
  // Without a server (SCRUTIN_TEST_DATABASES=pglite, outside CI), the second run keeps what there is.
  if (process.env.SCRUTIN_ZONE_RUN === 'second' && !options.everyZoneRun && kinds.includes('postgres')) return ['postgres'];
  return kinds;
}

/**
 * describe() once per database kind, with a fresh database for the block made by `create` (the station's
 * createTestDatabase, the platform's createPlatformTestDatabase) and dropped after it; `options` as databaseKinds.
 */
export function describeEachKind<T extends { drop(): Promise<void> }>(
  title: string,
  create: (kind: DatabaseKind) => Promise<T>,
  body: (get: () => T, kind: DatabaseKind) => void,
  options: { everyZoneRun?: boolean } = {},
): void {
  for (const kind of databaseKinds(options)) {
    describe(`${title} [${kind}]`, () => {
      let current: T | undefined;
      beforeAll(async () => {
        current = await create(kind);
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

/** describe() once per database kind, with a fresh station database for the block. */
export function describeEachDatabase(title: string, body: (get: () => TestDatabase, kind: DatabaseKind) => void, options: { everyZoneRun?: boolean } = {}): void {
  describeEachKind(title, createTestDatabase, body, options);
}
