import pg from 'pg';

/**
 * A DATABASE_URL naming several servers, as libpq writes it:
 * `postgres://user@primary:5432,standby:5433/scrutin?target_session_attrs=read-write`.
 * node-postgres 8 reads only one host (the comma ends up in the host name), so the list is split
 * here and each entry becomes an ordinary one-host URL, tried in the order written.
 */
export type HostList = { urls: string[]; readWrite: boolean };

const URL_SHAPE = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/;

/** Null for a one-host URL (left to node-postgres as before); the hosts otherwise. */
export function parseHostList(url: string): HostList | null {
  const m = URL_SHAPE.exec(url);
  if (!m || !m[3]!.includes(',')) return null;
  const [, scheme, userInfo = '', hosts, path = '', query = ''] = m;
  const params = new URLSearchParams(query.slice(1));
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (attrs !== 'any' && attrs !== 'read-write') throw new Error(`target_session_attrs=${attrs} non pris en charge (read-write ou any)`);
  // node-postgres does not know the parameter: it is ours to honour, not to pass on.
  params.delete('target_session_attrs');
  const rest = params.toString() ? `?${params.toString()}` : '';
  const urls = hosts!.split(',').map((h) => `${scheme}${userInfo}${h.trim()}${path}${rest}`);
  if (urls.some((u) => URL_SHAPE.exec(u)?.[3] === '')) throw new Error('DATABASE_URL : un hôte vide dans la liste');
  return { urls, readWrite: attrs === 'read-write' };
}

/** What fromPool uses of a pg.Pool. */
export type PoolLike = Pick<pg.Pool, 'connect' | 'end'> & { query(sql: string): Promise<unknown> };

/** No server of the list accepts writes now (all down, or the standby not promoted yet): a connection loss (class 08), so retried then 503. */
export class NoWritableHostError extends Error {
  readonly code = '08001';
  constructor(tried: string[]) {
    super(`aucun serveur PostgreSQL accessible en écriture parmi ${tried.join(', ')}`);
    this.name = 'NoWritableHostError';
  }
}

const hostOf = (url: string): string => URL_SHAPE.exec(url)?.[3] ?? url;

/**
 * A pool on the first server of the list that accepts writes, chosen again when that server stops
 * accepting connections (a killed primary, a failover). A read-write session is checked the way libpq
 * does it for target_session_attrs=read-write: `SHOW transaction_read_only` must say off; a hot standby
 * says on until `pg_ctl promote`. Connections of the abandoned pool are ended in the background.
 */
export function failoverPool(list: HostList, config: Omit<pg.PoolConfig, 'connectionString'>): PoolLike {
  let current: { pool: pg.Pool; url: string } | null = null;
  let choosing: Promise<{ pool: pg.Pool; url: string }> | null = null;

  async function writable(url: string): Promise<boolean> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: config.connectionTimeoutMillis ?? 5000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if (!list.readWrite) return true;
      const r = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
      return r.rows[0]?.transaction_read_only === 'off';
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async function choose(): Promise<{ pool: pg.Pool; url: string }> {
    for (const url of list.urls) {
      if (!(await writable(url))) continue;
      const pool = new pg.Pool({ ...config, connectionString: url });
      pool.on('error', () => undefined); // as for the one-host pool: an idle client lost is dropped
      return { pool, url };
    }
    throw new NoWritableHostError(list.urls.map(hostOf));
  }

  async function primary(): Promise<{ pool: pg.Pool; url: string }> {
    if (current) return current;
    // Concurrent requests after a failover wait for one choice instead of probing each.
    choosing ??= choose().finally(() => (choosing = null));
    current = await choosing;
    return current;
  }

  function forget(chosen: { pool: pg.Pool }): void {
    if (current !== chosen) return;
    current = null;
    void chosen.pool.end().catch(() => undefined);
  }

  const connect = async (): Promise<pg.PoolClient> => {
    const chosen = await primary();
    try {
      return await chosen.pool.connect();
    } catch (error) {
      // The server no longer takes connections: the next attempt looks along the list again.
      forget(chosen);
      throw error;
    }
  };

  return {
    connect: connect as PoolLike['connect'],
    async query(sql: string) {
      const client = await connect();
      let failed: Error | undefined;
      try {
        return await client.query(sql);
      } catch (error) {
        failed = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.release(failed);
      }
    },
    async end() {
      const last = current ?? (choosing ? await choosing.catch(() => null) : null);
      current = null;
      await last?.pool.end();
    },
  };
}
