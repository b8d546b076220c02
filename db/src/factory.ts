import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db, Queryable, QueryResult } from './db.js';
import { isRetryable } from './errors.js';
import { migrate } from './migrate.js';
import { makePrivateFolder } from './private-files.js';

export type OpenOptions = {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; 'memory://' for a throw-away database. */
  dataDir?: string | undefined;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  poolSize?: number;
};

// int8 counts and sequences stay far below 2^53; numbers are simpler to carry than strings.
pg.types.setTypeParser(20, (v) => Number(v));

const MAX_ATTEMPTS = 5;

async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, 2 ** attempt + Math.random() * 10));
    }
  }
}

function fromPool(pool: pg.Pool): Db {
  return {
    kind: 'postgres',
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await pool.query(text, params as unknown[] | undefined);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return withRetry(async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const tx: Queryable = {
            async query<R>(text: string, params?: readonly unknown[]) {
              const r = await client.query(text, params as unknown[] | undefined);
              return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
            },
          };
          const value = await fn(tx);
          await client.query('COMMIT');
          return value;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      });
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** `folder`: the data folder whose file modes PGlite's file system sets to 0666, closed again at close (private-files.ts). */
function fromPglite(lite: PGlite, folder: string | null): Db {
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await q.query<R>(text, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  });
  return {
    kind: 'pglite',
    ...wrap(lite),
    // PGlite has a single connection and queues transactions behind its own mutex.
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => lite.transaction((tx) => fn(wrap(tx))),
    async exec(sql: string) {
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
 * (DATABASE_URL), otherwise PGlite in a data folder (SCRUTIN_DATA, default ./data).
 */
export async function openDatabase(options: OpenOptions = {}): Promise<Db> {
  let db: Db;
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 20 });
    pool.on('error', () => undefined); // an idle client lost: the next query reconnects
    await pool.query('SELECT 1');
    db = fromPool(pool);
  } else {
    const dir = options.dataDir ?? 'memory://';
    const folder = dir.startsWith('memory://') ? null : dir;
    // The folder is 0700 before PGlite writes in it, so what PGlite writes 0666 inside is out of others' reach.
    if (folder) makePrivateFolder(folder);
    const lite = await PGlite.create(dir, { parsers: { [pgliteTypes.INT8]: (v: string) => Number(v) } });
    if (folder) makePrivateFolder(folder);
    db = fromPglite(lite, folder);
  }
  if (options.migrate !== false) await migrate(db);
  return db;
}
