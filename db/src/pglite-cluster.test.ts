import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './factory.js';
import { listMigrations } from './migrate.js';
import { makeCluster } from './pglite-cluster.js';
import { openToOthers } from '@scrutin/test/file-modes.js';
import type { Db } from './db.js';

const systemIdentifier = async (db: Db): Promise<string> =>
  (await db.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')).rows[0]!.id;

/** Stands for initdb, recording the folders it is given: what makeCluster does with them is the point. */
function fakeInitdb(): { made: string[]; initdb: (dir: string) => Promise<void> } {
  const made: string[] = [];
  const initdb = async (dir: string) => {
    made.push(dir);
    writeFileSync(join(dir, 'PG_VERSION'), '17\n');
  };
  return { made, initdb };
}

describe('a new PGlite data folder starts from the cluster initdb made for the first one', () => {
  const root = mkdtempSync(join(tmpdir(), 'scrutin-cluster-'));
  const cache = join(root, 'cache', 'pglite-cluster-test');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('the first new folder has initdb make the kept cluster, private; the next are migrated copies of it, each its own', async () => {
    // A station writes its journal key in its data folder before opening the database: it stays there.
    mkdirSync(join(root, 'first'));
    writeFileSync(join(root, 'first', 'cle-journal.json'), '{"secret":"first"}');
    const first = await openDatabase({ dataDir: join(root, 'first'), clusterCache: cache });
    const firstId = await systemIdentifier(first);
    await first.close();
    expect(existsSync(join(root, 'first', 'cle-journal.json'))).toBe(true);
    // Made under another name, then renamed: no scratch folder left behind; initdb's files only, private.
    expect(readdirSync(join(root, 'cache'))).toEqual(['pglite-cluster-test']);
    expect(existsSync(join(cache, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(cache, 'cle-journal.json'))).toBe(false);
    expect(openToOthers(join(root, 'cache'))).toEqual([]);

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
  }, 180_000);

  test('initdb runs beside the cache, never in the data folder; a cache without a whole cluster is replaced; one that cannot be made leaves initdb to the folder', async () => {
    const { made, initdb } = fakeInitdb();
    // initdb runs in a folder of its own beside the cache, never in the data folder: the data folder's
    // files (a station's journal key) cannot reach the cache, which every new folder copies.
    mkdirSync(join(root, 'station'));
    writeFileSync(join(root, 'station', 'cle-journal.json'), '{"secret":"station"}');
    const fresh = join(root, 'fresh', 'pglite-cluster-test');
    // Scratch folders beside it: two of a process that died making the cluster, one two hours ago and one
    // just now (as a live process in another PID namespace would look), one of a live process (this one,
    // as if still making it), and one of an older layout without a process number.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const scratch = [`partial-${dead}-old`, `partial-${dead}-new`, `partial-${process.pid}-live`, 'partial-ghi'].map((s) => `pglite-cluster-test.${s}`);
    for (const name of scratch) mkdirSync(join(root, 'fresh', name, 'base'), { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 7_200_000);
    for (const name of scratch) utimesSync(join(root, 'fresh', name), twoHoursAgo, twoHoursAgo);
    utimesSync(join(root, 'fresh', scratch[1]!), new Date(), new Date());
    await makeCluster(join(root, 'station'), fresh, initdb);
    expect([made.length, made[0]!.startsWith(`${fresh}.partial-${process.pid}-`)]).toEqual([1, true]);
    expect(readdirSync(fresh)).toEqual(['PG_VERSION']);
    expect(readdirSync(join(root, 'station')).sort()).toEqual(['PG_VERSION', 'cle-journal.json']);
    expect(readdirSync(join(root, 'fresh')).sort()).toEqual(['pglite-cluster-test', ...scratch.slice(1)].sort());
    // Where others can write, nothing is swept: a folder there could be swapped for a link while removed.
    mkdirSync(join(root, 'open', scratch[0]!), { recursive: true });
    chmodSync(join(root, 'open'), 0o777);
    utimesSync(join(root, 'open', scratch[0]!), twoHoursAgo, twoHoursAgo);
    mkdirSync(join(root, 'station-2'));
    await makeCluster(join(root, 'station-2'), join(root, 'open', 'pglite-cluster-test'), initdb);
    expect(existsSync(join(root, 'open', scratch[0]!))).toBe(true);

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
    expect([made.length, made[2]!.startsWith(`${broken}.partial-`)]).toEqual([3, true]);
    expect(readdirSync(broken)).toEqual(['PG_VERSION']);
    expect(openToOthers(broken)).toEqual([]);
    expect(readdirSync(join(root, 'after-broken'))).toEqual(['PG_VERSION']);
    expect(readdirSync(join(root, 'broken'))).toEqual(['pglite-cluster-test']);

    // A cache below a file cannot be made: initdb runs in the folder itself.
    writeFileSync(join(root, 'a-file'), '');
    mkdirSync(join(root, 'no-cache'));
    await makeCluster(join(root, 'no-cache'), join(root, 'a-file', 'pglite-cluster-test'), initdb);
    expect(made.slice(3)).toEqual([join(root, 'no-cache')]);
    mkdirSync(join(root, 'none'));
    await makeCluster(join(root, 'none'), null, initdb);
    expect(made.slice(4)).toEqual([join(root, 'none')]);
  });
  test('a kept cluster that is not trusted, or that cannot be copied, leaves initdb to the folder; nothing of it stays', async () => {
    const { made, initdb } = fakeInitdb();
    // A hand-made cluster: what makeCluster copies, whatever PostgreSQL would make of it.
    const planted = (name: string) => {
      const at = join(root, name, '.cache', 'scrutin', 'pglite-cluster-test');
      mkdirSync(join(at, 'base', '1'), { recursive: true });
      writeFileSync(join(at, 'base', '1', '1259'), 'table');
      mkdirSync(join(at, 'global'));
      writeFileSync(join(at, 'global', 'pg_control'), 'control');
      writeFileSync(join(at, 'PG_VERSION'), '17\n');
      return at;
    };
    const newFolder = (name: string) => {
      mkdirSync(join(root, name));
      return join(root, name);
    };

    const good = planted('good');
    await makeCluster(newFolder('from-good'), good, initdb);
    expect([made, readdirSync(join(root, 'from-good')).sort()]).toEqual([[], ['PG_VERSION', 'base', 'global']]);

    // A link inside would take the copy elsewhere; a cache another account owns or can write may be planted.
    const linked = planted('linked');
    symlinkSync('/etc', join(linked, 'base', 'ailleurs'));
    const open = planted('open');
    chmodSync(join(root, 'open', '.cache', 'scrutin'), 0o777);
    for (const [cacheOf, folder] of [[linked, 'from-linked'], [good, 'from-foreign'], [open, 'from-open']] as const) {
      // « foreign »: the good cluster, as seen by a process of another account (files owned by someone else).
      const uid = folder === 'from-foreign' ? jest.spyOn(process, 'getuid').mockReturnValue((process.getuid?.() ?? 0) + 1) : undefined;
      try {
        await makeCluster(newFolder(folder), cacheOf, initdb);
      } finally {
        uid?.mockRestore();
      }
      expect([folder, readdirSync(join(root, folder))]).toEqual([folder, ['PG_VERSION']]);
    }
    expect(made).toEqual(['from-linked', 'from-foreign', 'from-open'].map((f) => join(root, f)));

    // A copy that fails half-way (here a file where the cluster has a folder) takes back what it added,
    // keeps what the folder held, and never leaves PG_VERSION, the mark of a made cluster, before the rest.
    const clash = newFolder('clash');
    writeFileSync(join(clash, 'global'), 'a file of the folder');
    await makeCluster(clash, good, initdb);
    expect(made.slice(3)).toEqual([clash]);
    expect([readdirSync(clash).sort(), readFileSync(join(clash, 'global'), 'utf8')]).toEqual([['PG_VERSION', 'global'], 'a file of the folder']);

    // A data folder set to the cache's place (or the other way round) is never a cache.
    const inside = newFolder('inside');
    await makeCluster(inside, join(inside, 'cache', 'pglite-cluster-test'), initdb);
    expect([made.slice(4), readdirSync(inside)]).toEqual([[inside], ['PG_VERSION']]);
  });
});
