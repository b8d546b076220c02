import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './factory.js';
import { listMigrations } from './migrate.js';
import { makeCluster } from './pglite-cluster.js';
import { openToOthers } from '@scrutin/test/file-modes.js';
import type { Db } from './db.js';

const systemIdentifier = async (db: Db): Promise<string> =>
  (await db.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')).rows[0]!.id;

describe('a new PGlite data folder starts from the cluster initdb made for the first one', () => {
  const root = mkdtempSync(join(tmpdir(), 'scrutin-cluster-'));
  const cache = join(root, 'cache', 'pglite-cluster-test');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('the first folder has initdb make the cluster kept, private; the next is a migrated copy of it', async () => {
    // A station writes its journal key in its data folder before opening the database: never in the cache.
    mkdirSync(join(root, 'first'));
    writeFileSync(join(root, 'first', 'cle-journal.json'), '{"secret":"first"}');
    const first = await openDatabase({ dataDir: join(root, 'first'), clusterCache: cache });
    const firstId = await systemIdentifier(first);
    await first.close();
    expect(existsSync(join(cache, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(cache, 'cle-journal.json'))).toBe(false);
    expect(openToOthers(join(root, 'cache'))).toEqual([]);
    // Made under another name, then renamed: no scratch folder left behind.
    expect(readdirSync(join(root, 'cache'))).toEqual(['pglite-cluster-test']);

    const next = await openDatabase({ dataDir: join(root, 'next'), clusterCache: cache });
    try {
      expect(await systemIdentifier(next)).toBe(firstId);
      const { rows } = await next.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name));
      await next.query('CREATE TABLE essai (x int)');
    } finally {
      await next.close();
    }
    expect(openToOthers(join(root, 'next'))).toEqual([]);
    expect(existsSync(join(root, 'next', 'cle-journal.json'))).toBe(false);
    // The copy is the new folder's own: what it wrote is not in the cache.
    const again = await openDatabase({ dataDir: join(root, 'again'), clusterCache: cache });
    try {
      expect(await systemIdentifier(again)).toBe(firstId);
      expect((await again.query('SELECT 1 FROM pg_class WHERE relname = $1', ['essai'])).rows).toEqual([]);
    } finally {
      await again.close();
    }
  }, 120_000);

  test('a cache without a whole cluster is replaced; a cache that cannot be made leaves initdb to the folder', async () => {
    const made: string[] = [];
    // Stands for initdb: what makeCluster does with the folder it is given is the point here.
    const initdb = async (dir: string) => {
      made.push(dir);
      writeFileSync(join(dir, 'PG_VERSION'), '17\n');
    };
    const broken = join(root, 'broken', 'pglite-cluster-test');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'postgresql.conf'), '');
    // Under the most open umask a shell can leave, the kept cluster is still private.
    const umask = process.umask(0);
    try {
      await makeCluster(join(root, 'after-broken'), broken, initdb);
    } finally {
      process.umask(umask);
    }
    expect([made.length, made[0]!.startsWith(`${broken}.partial-`)]).toEqual([1, true]);
    expect(readdirSync(broken)).toEqual(['PG_VERSION']);
    expect(openToOthers(broken)).toEqual([]);
    expect(readdirSync(join(root, 'after-broken'))).toEqual(['PG_VERSION']);
    expect(readdirSync(join(root, 'broken'))).toEqual(['pglite-cluster-test']);

    // A cache below a file cannot be made: initdb runs in the folder itself.
    writeFileSync(join(root, 'a-file'), '');
    mkdirSync(join(root, 'no-cache'));
    await makeCluster(join(root, 'no-cache'), join(root, 'a-file', 'pglite-cluster-test'), initdb);
    expect(made.slice(1)).toEqual([join(root, 'no-cache')]);
    mkdirSync(join(root, 'none'));
    await makeCluster(join(root, 'none'), null, initdb);
    expect(made.slice(2)).toEqual([join(root, 'none')]);
  });
});
