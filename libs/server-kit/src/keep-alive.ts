import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Keeps Node's keep-alive timeout from resetting a request that the client sent in time.
 *
 * After each answer Node arms an idle timer on the connection (`keepAliveTimeout` + 1 s) and, when it fires,
 * destroys the socket. Timers run before the event loop reads sockets: when the loop was busy longer than
 * that timer (a 50,000-elector roll loaded by PGlite holds it for seconds, more on a loaded machine), a
 * request that arrived during the busy spell is still unread when the timer fires, and the client gets
 * ECONNRESET for a request it sent well within the advertised `Keep-Alive: timeout`. (`roll-http.test.ts`
 * met it on its 11 MB upload, sent on the connection of the previous request.)
 *
 * With this, a fired idle timer closes the socket one turn of the event loop later, after the pending
 * reads: if a request started on it in between, the connection is kept (Node re-arms the timer after that
 * answer); otherwise it is destroyed as before, so idle connections are still closed. Installs a
 * `timeout` listener on `server` (Node then leaves the closing to it): call it once, before serving.
 */
export function closeIdleConnectionsAfterPendingReads(server: Server): void {
  const started = new WeakMap<Socket, number>();
  server.on('request', (req: IncomingMessage) => {
    started.set(req.socket, (started.get(req.socket) ?? 0) + 1);
  });
  server.on('timeout', (socket: Socket) => {
    const before = started.get(socket) ?? 0;
    setImmediate(() => {
      if ((started.get(socket) ?? 0) === before) socket.destroy();
    });
  });
}

/** A server listening with the keep-alive settings of `listenWithKeepAlive`. */
export type ListeningServer = { port: number; close(): Promise<void> };

/**
 * Starts `app` (an express app, or anything whose `listen` returns a Node `Server`) on `host:port` (port 0:
 * any free port) and resolves once it listens, with the port taken; rejects with the listen error
 * (EADDRINUSE…). Used by the station's and the platform's servers. `close()` drops every connection, then
 * resolves when the server is closed: SSE streams and keep-alive sockets must not hold the process open at
 * shutdown, hence the short keep-alive timeout and `closeIdleConnectionsAfterPendingReads` too.
 */
export async function listenWithKeepAlive(app: { listen(port: number, host: string): Server }, port: number, host: string): Promise<ListeningServer> {
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 5000;
  // A request that waited, unread, while the event loop was busy must not be reset by that timer.
  closeIdleConnectionsAfterPendingReads(server);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
