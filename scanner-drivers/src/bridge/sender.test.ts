import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableQueue } from './queue.js';
import { Sender } from './sender.js';
import { startFakeStation, type FakeStation } from './fake-station.js';

const fast = { initialMs: 5, maxMs: 20, factor: 2 };
let station: FakeStation;
beforeEach(async () => (station = await startFakeStation()));
afterEach(() => station.close());

// One folder per queue below one for the file, removed after its tests.
const root = mkdtempSync(join(tmpdir(), 'scrutin-sender-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function newQueue(): DurableQueue {
  return DurableQueue.open(join(mkdtempSync(join(root, 'q-')), 'q.jsonl'));
}

describe('Sender', () => {
  it('sends every read in order exactly once through 5xx errors and lost answers', async () => {
    const queue = newQueue();
    let calls = 0;
    station.behaviour = () => {
      calls++;
      if (calls % 3 === 0) return 503;
      if (calls % 4 === 0) return 'drop-after-commit';
      return 'answer';
    };
    const replays: boolean[] = [];
    const sender = new Sender(queue, { stationUrl: station.url, token: 'jeton', backoff: fast, events: { answered: (_e, a) => replays.push(a.replayed) } });
    const barcodes = Array.from({ length: 20 }, (_, i) => `CCI-${i}`);
    for (const barcode of barcodes) queue.enqueue({ barcode, readAt: new Date() });
    sender.start();
    await sender.drained();
    await sender.stop();
    expect(station.counted).toEqual(barcodes);
    expect(replays).toContain(true);
    expect(queue.all().every((e) => e.status === 'answered')).toBe(true);
  });

  it('records a 4xx as refused and goes on with the next read', async () => {
    const queue = newQueue();
    station.behaviour = (barcode) => (barcode === 'BAD' ? 422 : 'answer');
    const sender = new Sender(queue, { stationUrl: station.url, token: 'jeton', backoff: fast, events: {} });
    queue.enqueue({ barcode: 'BAD', readAt: new Date() });
    queue.enqueue({ barcode: 'GOOD', readAt: new Date() });
    sender.start();
    await sender.drained();
    await sender.stop();
    expect(queue.all().map((e) => [e.barcode, e.status, e.message])).toEqual([
      ['BAD', 'refused', 'refusé'],
      ['GOOD', 'answered', 'Émargé'],
    ]);
  });

  it('stops on a refused token and keeps the reads queued', async () => {
    const queue = newQueue();
    let fatal = '';
    const sender = new Sender(queue, { stationUrl: station.url, token: 'mauvais', backoff: fast, events: { unauthorized: (m) => (fatal = m) } });
    queue.enqueue({ barcode: 'A', readAt: new Date() });
    sender.start();
    await sender.drained();
    await sender.stop();
    expect(fatal).toBe('jeton invalide');
    expect(station.requests).toBe(1);
    expect(queue.pending()).toHaveLength(1);
  });

  it('keeps retrying while the station is unreachable', async () => {
    const queue = newQueue();
    const url = station.url;
    await station.close();
    let retries = 0;
    const sender = new Sender(queue, { stationUrl: url, token: 'jeton', backoff: fast, events: { retrying: () => retries++ } });
    queue.enqueue({ barcode: 'A', readAt: new Date() });
    sender.start();
    await new Promise((r) => setTimeout(r, 200));
    await sender.stop();
    expect(retries).toBeGreaterThan(3);
    expect(queue.pending()).toHaveLength(1);
    station = await startFakeStation();
  });
});
