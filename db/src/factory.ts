import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db, Queryable, QueryResult, TransactionOptions } from './db.js';
import { isConnectionLoss, NestedDatabaseUseError } from './errors.js';
import { withRetry } from './retry.js';
import { migrate } from './migrate.js';
import { makePrivateFolder } from './private-files.js';
import { defaultClusterCache, makeCluster } from './pglite-cluster.js';
import { failoverPool, parseHostList, type PoolLike } from './multi-host.js';

/**
 * A tarball of a PGlite data folder (PGlite's `dumpDataDir`, uncompressed), as `loadDataDir` reads it: its
 * media type and its bytes, which PGlite copies and does not keep. A Blob is one; the tests hand over their
 * migrated copy as a plain object over one buffer, because Node 20's Blob copies 40 MB when made and again,
 * in chunks, when read: 0.6 s of CPU per database, as much as the rest of its start (bench/RESULTS.md,
 * « Test suite »).
 */
export type Tarball = { readonly type: string; arrayBuffer(): Promise<ArrayBuffer> };

export type OpenOptions = {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; 'memory://' for a throw-away database. */
  dataDir?: string | undefined;
  /**
   * PGlite, new database only: the files it starts from, a tarball written by PGlite's `dumpDataDir` (a
   * copy of another database, migrated or not), instead of the empty cluster initdb makes. The tests
   * start every memory:// database from one migrated copy: initdb and the migrations cost about 7 s of
   * CPU each time, and initdb's memory stays with the instance (bench/RESULTS.md, « Test suite »).
   */
  loadDataDir?: Tarball | undefined;
  /**
   * PGlite, new data folder only: where the empty cluster it copies instead of running initdb is kept, made
   * there by the first new folder (makeCluster); `null` runs initdb in the folder. Default:
   * defaultClusterCache(), in node_modules/.cache/scrutin/.
   */
  clusterCache?: string | null | undefined;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  poolSize?: number;
};

// int8 counts and sequences stay far below 2^53; numbers are simpler to carry than strings.
pg.types.setTypeParser(20, (v) => Number(v));

const DATE = 1082;
const DATE_ARRAY = 1182;
// text[]: its parser splits an array literal into strings; absent from @types/pg's TypeId list, present in pg-types.
const TEXT_ARRAY = 1009 as Parameters<typeof pg.types.getTypeParser>[0];

/**
 * A `date` column is a calendar day (a birth date, the appeal deadline), not an instant: both drivers
 * hand it over as the text PostgreSQL sends, 'YYYY-MM-DD'. Their defaults build a JS Date at midnight —
 * local midnight for node-postgres, UTC midnight for PGlite — and the day then shifts by one as soon as
 * the process time zone (TZ) is not UTC (a birth date of 10/02/1960 printed 09/02/1960 under
 * Europe/Paris). Per pool rather than on the global pg.types, so that no other pg user is changed.
 */
const pgTypes = new pg.TypeOverrides();
pgTypes.setTypeParser(DATE, (v: string) => v);
pgTypes.setTypeParser(DATE_ARRAY, pg.types.getTypeParser(TEXT_ARRAY));
const pgliteParsers = { [pgliteTypes.INT8]: (v: string) => Number(v), [pgliteTypes.DATE]: (v: string) => v };
/**
 * PGlite's postgresql.conf, rewritten at every open. Its default 128 MB of shared buffers live in the WASM
 * memory and are all resident: 332 MB resident for a station reopened on its folder, 205 MB with 32 MB
 * (16 MB gives no less; bench/RESULTS.md, « Mémoire de PGlite »). Pages beyond them are read through the
 * operating system's file cache.
 */
const pgliteOptions = { parsers: pgliteParsers, postgresqlconf: ['shared_buffers = 32MB'] };

/**
 * Refuses a use of the database from inside one of its own open transactions (see
 * NestedDatabaseUseError): an error at once instead of a process that hangs.
 */
function nestingGuard(): { check(): void; inside<T>(fn: () => Promise<T>): Promise<T> } {
  const open = new AsyncLocalStorage<true>();
  return {
    check() {
      if (open.getStore()) throw new NestedDatabaseUseError();
    },
    inside: (fn) => open.run(true, fn),
  };
}

const toResult = <R>(r: pg.QueryResult): QueryResult<R> => ({ rows: r.rows as R[], rowCount: r.rowCount ?? 0 });

function fromPool(pool: PoolLike): Db {
  const guard = nestingGuard();
  /**
   * A checked-out client whose connection dies emits 'error' with nobody listening (the pool only
   * listens to idle ones), which kills the process: listen for the whole checkout, and hand the
   * error back on release so that the pool discards the client instead of lending it again.
   */
  async function withClient<T>(use: (client: pg.PoolClient, sent: () => void) => Promise<T>, options: { idempotent: boolean }): Promise<T> {
    let started = false;
    return withRetry(
      async () => {
        started = false;
        const client = await pool.connect();
        let lost: unknown = null;
        const onError = (error: unknown) => (lost = error);
        client.on('error', onError);
        try {
          return await use(client, () => (started = true));
        } catch (error) {
          if (isConnectionLoss(error)) lost ??= error;
          throw lost ?? error;
        } finally {
          client.off('error', onError);
          client.release(lost ? (lost instanceof Error ? lost : new Error(String(lost))) : undefined);
        }
      },
      { ...options, started: () => started },
    );
  }
  return {
    kind: 'postgres',
    query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      guard.check();
      // Not retried once sent: an autocommitted write may have been committed before the connection dropped.
      return withClient(async (client, sent) => {
        sent();
        return toResult<R>(await client.query(text, params as unknown[] | undefined));
      }, { idempotent: false });
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      guard.check();
      return withClient(
        async (client, sent) => {
          // A pooled connection found dead at BEGIN ran nothing: that attempt may always be retried.
          await client.query('BEGIN');
          sent();
          try {
            const tx: Queryable = { query: async <R>(text: string, params?: readonly unknown[]) => toResult<R>(await client.query(text, params as unknown[] | undefined)) };
            const value = await guard.inside(() => fn(tx));
            await client.query('COMMIT');
            return value;
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        },
        { idempotent: options.idempotent ?? false },
      );
    },
    async exec(sql: string) {
      guard.check();
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** `folder`: the data folder whose file modes PGlite's file system sets to 0666, closed again at close (private-files.ts). */
function fromPglite(lite: PGlite, folder: string | null): Db {
  const guard = nestingGuard();
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await q.query<R>(text, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  });
  const direct = wrap(lite);
  return {
    kind: 'pglite',
    query<R>(text: string, params?: readonly unknown[]) {
      guard.check();
      return direct.query<R>(text, params);
    },
    // PGlite has a single connection and queues transactions behind its own mutex; it has no connection to lose.
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      guard.check();
      return lite.transaction((tx) => guard.inside(() => fn(wrap(tx))));
    },
    async exec(sql: string) {
      guard.check();
      await lite.exec(sql);
    },
    async close() {
      await lite.close();
      if (folder) makePrivateFolder(folder);
    },
  };
}

/**
 * The only way the station reaches its database: PostgreSQL when a URL is given
 * (DATABASE_URL), otherwise PGlite in a data folder (SCRUTIN_DATA, default ./data). A URL may list
 * several hosts with target_session_attrs=read-write (a primary and its standby, docs/deployment.md).
 */
export async function openDatabase(options: OpenOptions = {}): Promise<Db> {
  let db: Db;
  if (options.url) {
    // A server that accepts no connection within 5 s is treated as down (503) rather than awaited.
    const config = { max: options.poolSize ?? 20, connectionTimeoutMillis: 5000, types: pgTypes };
    // Several hosts (a primary and its standby): the first that accepts writes, chosen again after a failover.
    const hosts = parseHostList(options.url);
    let pool: PoolLike;
    if (hosts) pool = failoverPool(hosts, config);
    else {
      const single = new pg.Pool({ connectionString: options.url, ...config });
      single.on('error', () => undefined); // an idle client lost (terminated, server restarted): the pool drops it and the next query reconnects
      pool = single;
    }
    await pool.query('SELECT 1');
    db = fromPool(pool);
  } else {
    const dir = options.dataDir ?? 'memory://';
    const folder = dir.startsWith('memory://') ? null : dir;
    // The folder is 0700 before PGlite writes in it, so what PGlite writes 0666 inside is out of others' reach.
    if (folder) makePrivateFolder(folder);
    if (folder !== null && !existsSync(join(folder, 'PG_VERSION')) && !options.loadDataDir) {
      // initdb's WASM instance and grown memory would stay with a PGlite that went on with the folder: about
      // 750 MB resident against 400–540 MB for one opened on the folder afterwards (bench/RESULTS.md,
      // « Mémoire de PGlite »). So the cluster is made (or copied) closed, then opened below.
      const cache = options.clusterCache === undefined ? defaultClusterCache() : options.clusterCache;
      await makeCluster(folder, cache, async (initdbDir) => (await PGlite.create(initdbDir, pgliteOptions)).close());
    }
    // PGlite declares a Blob but reads only what Tarball names (dist: `new Uint8Array(await r.arrayBuffer())`,
    // `r.type`, and `r.name` of a File).
    const lite = await PGlite.create(dir, options.loadDataDir ? { ...pgliteOptions, loadDataDir: options.loadDataDir as Blob } : pgliteOptions);
    if (folder) makePrivateFolder(folder);
    db = fromPglite(lite, folder);
  }
  if (options.migrate !== false) await migrate(db);
  return db;
}
