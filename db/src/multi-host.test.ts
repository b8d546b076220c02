import { createServer } from 'node:net';
import { createServerDatabase } from '@scrutin/test';
import { openDatabase } from './factory.js';
import { parseHostList } from './multi-host.js';

describe('a DATABASE_URL naming several hosts', () => {
  test('split into one-host URLs in the order written, target_session_attrs kept for ourselves', () => {
    expect(parseHostList('postgres://scrutin:secret@10.0.0.1:5432,10.0.0.2:5433/vote?target_session_attrs=read-write&sslmode=disable')).toEqual({
      urls: ['postgres://scrutin:secret@10.0.0.1:5432/vote?sslmode=disable', 'postgres://scrutin:secret@10.0.0.2:5433/vote?sslmode=disable'],
      readWrite: true,
    });
    expect(parseHostList('postgresql://a,b/vote')).toEqual({ urls: ['postgresql://a/vote', 'postgresql://b/vote'], readWrite: false });
  });

  test('a one-host URL is left to node-postgres; an unknown target or an empty host is refused in French', () => {
    expect(parseHostList('postgres://postgres@127.0.0.1:5432/test')).toBeNull();
    expect(() => parseHostList('postgres://a,b/vote?target_session_attrs=standby')).toThrow(/non pris en charge/);
    expect(() => parseHostList('postgres://a,,b/vote')).toThrow(/hôte vide/);
  });
});

describe('several hosts, the first one down [postgres]', () => {
  test('the next host that accepts writes is used', async () => {
    const server = await createServerDatabase();
    // A port that was free a moment ago and is closed now: connection refused, as from a dead primary.
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const url = server.url.replace(/@([^/]+)\//, (_m, host: string) => `@127.0.0.1:${closed},${host}/`) + '?target_session_attrs=read-write';
    const db = await openDatabase({ url, migrate: false, poolSize: 2 });
    try {
      const { rows } = await db.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
      expect(rows[0]!.transaction_read_only).toBe('off');
      await db.transaction(async (tx) => tx.query('CREATE TABLE essai (id int)'));
    } finally {
      await db.close();
      await server.drop();
    }
  });
});
