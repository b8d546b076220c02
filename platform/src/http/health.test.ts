// Issue 17: the proxy's health check. A node whose database goes away (here: the TCP path to it cut, as by
// a dead primary or a network failure) says so with a French 503 within the proxy's check timeout, and 200
// again as soon as the database is back, without being restarted.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createServerDatabase } from '@scrutin/test';
import { openPlatformDatabase } from '../database.js';
import { startPlatform, type RunningPlatform } from '../server.js';

/** A TCP relay to PostgreSQL that can be cut (every connection destroyed, the port closed) and restored on the same port. */
function relay(target: { host: string; port: number }) {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  let port = 0;
  const open = () =>
    new Promise<number>((resolve) => {
      server = createServer((inbound) => {
        const outbound = connect(target.port, target.host);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      server.listen(port, '127.0.0.1', () => resolve((port = (server!.address() as { port: number }).port)));
    });
  return {
    open,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server!.close(() => resolve());
      }),
  };
}

describe('GET /api/health behind a database that goes away and comes back [postgres]', () => {
  let database: Awaited<ReturnType<typeof createServerDatabase>>;
  let platform: RunningPlatform;
  let link: ReturnType<typeof relay>;

  beforeAll(async () => {
    database = await createServerDatabase();
    const target = new URL(database.url);
    link = relay({ host: target.hostname, port: Number(target.port || 5432) });
    const port = await link.open();
    target.host = `127.0.0.1:${port}`;
    const db = await openPlatformDatabase({ url: target.toString(), poolSize: 2 });
    platform = await startPlatform({ db, verifyWorkers: 0 });
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await platform?.ctx.db.close().catch(() => undefined);
    await link?.cut().catch(() => undefined);
    await database?.drop();
  });

  const health = async () => {
    const started = Date.now();
    const res = await fetch(`${platform.url}/api/health`);
    return { status: res.status, body: (await res.json()) as unknown, ms: Date.now() - started };
  };

  test('200, then a French 503 within 2 s while the database is unreachable, then 200 again', async () => {
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', database: 'postgres' } });
    await link.cut();
    const down = await health();
    expect(down).toMatchObject({ status: 503, body: { error: { code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/^Base de données momentanément indisponible/) } } });
    expect(down.ms).toBeLessThan(2000);
    await link.open();
    let up = await health();
    for (let i = 0; up.status !== 200 && i < 20; i++) up = await health();
    expect(up).toMatchObject({ status: 200, body: { status: 'ok' } });
  }, 60_000);
});
