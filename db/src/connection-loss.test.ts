import pg from 'pg';
import { createServerDatabase, describeEachDatabase } from '@scrutin/test';
import { DatabaseUnavailableError, isConnectionLoss, NestedDatabaseUseError } from './errors.js';
import { openDatabase } from './factory.js';
import type { Db } from './db.js';

/**
 * Issue 15, item 1: a backend terminated under a transaction (pg_terminate_backend, a restart) must
 * not kill the process through an unhandled 'error' event on the checked-out client.
 */
describe('a connection lost under a transaction [postgres]', () => {
  let server: Awaited<ReturnType<typeof createServerDatabase>>;
  let db: Db;
  let admin: pg.Client;

  beforeAll(async () => {
    server = await createServerDatabase();
    db = await openDatabase({ url: server.url, migrate: false, poolSize: 4 });
    await db.exec('CREATE TABLE note (id serial PRIMARY KEY, request text UNIQUE)');
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await db.close();
    await server.drop();
  });

  /** Terminates the transaction's own backend, then leaves the client idle long enough for its socket to close. */
  async function terminateUnder(tx: { query: Db['query'] }): Promise<void> {
    const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await new Promise((r) => setTimeout(r, 150));
  }

  test('a transaction that is not idempotent fails with DatabaseUnavailableError, the process and the pool survive', async () => {
    let runs = 0;
    const failed = db.transaction(async (tx) => {
      runs++;
      await tx.query("INSERT INTO note (request) VALUES ('a')");
      await terminateUnder(tx);
      await tx.query("INSERT INTO note (request) VALUES ('b')");
    });
    await expect(failed).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(failed).rejects.toThrow(/base de données momentanément indisponible/);
    expect(runs).toBe(1);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM note');
    expect(rows[0]!.n).toBe(0); // rolled back by the server
  });

  test('an idempotent transaction runs again on a fresh connection and commits once', async () => {
    let runs = 0;
    const value = await db.transaction(
      async (tx) => {
        runs++;
        await tx.query("INSERT INTO note (request) VALUES ('c') ON CONFLICT DO NOTHING");
        if (runs === 1) await terminateUnder(tx);
        return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM note')).rows[0]!.n;
      },
      { idempotent: true },
    );
    expect(runs).toBe(2);
    expect(value).toBe(1);
  });

  test('every idle connection of the pool terminated at once: the next queries reconnect', async () => {
    await Promise.all([1, 2, 3, 4].map(() => db.query('SELECT pg_sleep(0.01)')));
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    await new Promise((r) => setTimeout(r, 100));
    const results = await Promise.all([1, 2, 3, 4].map((i) => db.query<{ i: number }>('SELECT $1::int AS i', [i])));
    expect(results.map((r) => r.rows[0]!.i)).toEqual([1, 2, 3, 4]);
  });

  test('a server that refuses connections is recognised as a connection loss', async () => {
    const url = new URL(server.url);
    url.port = '1'; // nothing listens there
    const unreachable = await openDatabase({ url: url.toString(), migrate: false }).catch((e: unknown) => e);
    expect(isConnectionLoss(unreachable)).toBe(true);
  });
});

test('isConnectionLoss knows the SQLSTATEs and the messages of node-postgres', () => {
  for (const code of ['57P01', '57P02', '57P03', '08006', 'ECONNRESET', 'ECONNREFUSED']) expect(isConnectionLoss(Object.assign(new Error('x'), { code }))).toBe(true);
  expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isConnectionLoss(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  expect(isConnectionLoss(Object.assign(new Error('serialization'), { code: '40001' }))).toBe(false);
});

/**
 * Issue 15, item 7: the same Db used inside one of its own transactions. On PGlite's single
 * connection it waited for the transaction that waited for it, and the process hung for good.
 */
describeEachDatabase('a second use of the database inside its own transaction', (get) => {
  test('is refused at once with NestedDatabaseUseError, and the database keeps serving', async () => {
    const { db } = get();
    const started = Date.now();
    await expect(db.transaction(async () => db.query('SELECT 1'))).rejects.toBeInstanceOf(NestedDatabaseUseError);
    await expect(db.transaction(async () => db.transaction(async (tx) => tx.query('SELECT 1')))).rejects.toBeInstanceOf(NestedDatabaseUseError);
    await expect(db.transaction(async (tx) => (await tx.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one)).resolves.toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });
});
