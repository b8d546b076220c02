import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScanAnswer } from './contract.js';

/**
 * A stand-in for the station's scan API in unit tests of retry and ordering: it keeps the first
 * answer per requestId like the real one, and lets a test inject failures.
 */
export interface FakeStation {
  url: string;
  /** Every barcode the station counted, in order, once per requestId. */
  counted: string[];
  requests: number;
  /** Returns what to do with the next request: answer, fail with a status, or drop the answer after recording it. */
  behaviour: (barcode: string) => 'answer' | 'drop-after-commit' | number;
  close(): Promise<void>;
}

export async function startFakeStation(token = 'jeton'): Promise<FakeStation> {
  const answers = new Map<string, ScanAnswer>();
  const station: FakeStation = {
    url: '',
    counted: [],
    requests: 0,
    behaviour: () => 'answer',
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      station.requests++;
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'jeton invalide' } }));
        return;
      }
      const { requestId, barcode } = JSON.parse(body) as { requestId: string; barcode: string };
      const behaviour = station.behaviour(barcode);
      if (typeof behaviour === 'number') {
        res.writeHead(behaviour, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'BAD', message: 'refusé' } }));
        return;
      }
      let answer = answers.get(requestId);
      if (answer) answer = { ...answer, replayed: true };
      else {
        answer = { requestId, verdict: 'ACCEPTED', message: 'Émargé', replayed: false };
        answers.set(requestId, answer);
        station.counted.push(barcode);
      }
      if (behaviour === 'drop-after-commit') {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  station.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return station;
}
