import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { closeIdleConnectionsAfterPendingReads } from './keep-alive.js';

// Node's idle timer is keepAliveTimeout + 1 s (HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER): 1.2 s here.
const KEEP_ALIVE_MS = 200;
const BUSY_MS = 1800;

async function startServer(robust: boolean): Promise<Server> {
  const server = createServer((_req, res) => {
    res.end('ok');
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  if (robust) closeIdleConnectionsAfterPendingReads(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const REQUEST = 'GET / HTTP/1.1\r\nHost: station\r\n\r\n';

/** A raw keep-alive connection: `next()` resolves with the next answer's text, or with `closed` / the error code. */
async function open(server: Server): Promise<{ socket: Socket; next(): Promise<string> }> {
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let buffered = '';
  let waiting: ((text: string) => void) | null = null;
  let ended: string | null = null;
  const settle = () => {
    const full = /\r\n\r\nok/.exec(buffered);
    if (waiting && full) {
      const answer = buffered.slice(0, full.index + full[0].length);
      buffered = buffered.slice(answer.length);
      waiting(answer);
      waiting = null;
    } else if (waiting && ended) {
      waiting(ended);
      waiting = null;
    }
  };
  socket.on('data', (d: Buffer) => {
    buffered += d.toString('latin1');
    settle();
  });
  socket.on('error', (e: NodeJS.ErrnoException) => {
    ended = e.code ?? e.message;
    settle();
  });
  socket.on('close', () => {
    ended ??= 'closed';
    settle();
  });
  return {
    socket,
    next: () =>
      new Promise<string>((resolve) => {
        waiting = resolve;
        settle();
      }),
  };
}

/** Holds the whole thread, as a long synchronous step (PGlite, a big CSV) does. */
function busy(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('keep-alive connections while the event loop is busy', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  /** A connection left idle after one answer, its idle timer armed. */
  async function idleConnection(robust: boolean) {
    const server = await startServer(robust);
    servers.push(server);
    const c = await open(server);
    c.socket.write(REQUEST);
    expect(await c.next()).toMatch(/^HTTP\/1\.1 200 /);
    return c;
  }

  it('answers a request sent before the idle timeout but read after it', async () => {
    const c = await idleConnection(true);
    busy(BUSY_MS); // the idle timer expires during this
    c.socket.write(REQUEST); // sent by the client in time, still unread by the server when its timer runs
    expect(await c.next()).toMatch(/^HTTP\/1\.1 200 /);
    c.socket.destroy();
  });

  it('without it, Node resets that request (the failure roll-http.test.ts met)', async () => {
    const c = await idleConnection(false);
    busy(BUSY_MS);
    c.socket.write(REQUEST);
    expect(await c.next()).toMatch(/^(ECONNRESET|EPIPE|closed)$/);
  });

  it('still closes a connection that stays idle', async () => {
    const c = await idleConnection(true);
    const idleSince = performance.now();
    expect(await c.next()).toBe('closed');
    expect(performance.now() - idleSince).toBeGreaterThanOrEqual(KEEP_ALIVE_MS);
  });
});
