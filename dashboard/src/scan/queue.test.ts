// The scan queue's retry discipline: never two pumps, never a lost scan, replays with the first requestId.
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals';
import { NetworkError } from '../api.js';
import { ScanQueue, type PendingScan, type ScanAnswer } from './queue.js';

const store = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) },
});

const answer = (item: PendingScan): ScanAnswer => ({ requestId: item.requestId, scanId: 1, verdict: 'ACCEPTE', message: '', stationId: 'P1', at: new Date().toISOString(), replayed: false });

beforeEach(() => {
  store.clear();
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

test('a scan queued during a back-off is sent at once, and the old retry does not start a second pump', async () => {
  const sent: string[] = [];
  let down = true;
  const queue = new ScanQueue(
    'q',
    async (item) => {
      sent.push(item.barcode);
      if (down) throw new NetworkError();
      return answer(item);
    },
    () => {},
    () => {},
  );
  queue.enqueue('A', null, false);
  await jest.advanceTimersByTimeAsync(0);
  expect(sent).toEqual(['A']);
  expect(queue.state.retrying).toBe(true);

  down = false;
  queue.enqueue('B', null, false);
  await jest.advanceTimersByTimeAsync(0);
  expect(sent).toEqual(['A', 'A', 'B']);
  expect(queue.pending).toEqual([]);

  // The back-off timer of the first failure was cleared: nothing is sent again when it would have fired.
  await jest.advanceTimersByTimeAsync(10_000);
  expect(sent).toEqual(['A', 'A', 'B']);
  expect(jest.getTimerCount()).toBe(0);
});

test('after repeated failures only one retry timer is pending, and every scan is kept until answered', async () => {
  let down = true;
  const answered: string[] = [];
  const queue = new ScanQueue(
    'q',
    async (item) => {
      if (down) throw new NetworkError();
      return answer(item);
    },
    (o) => answered.push(o.item.barcode),
    () => {},
  );
  for (const code of ['A', 'B', 'C']) {
    queue.enqueue(code, null, false);
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(1);
  }
  expect(JSON.parse(store.get('q')!).map((p: PendingScan) => p.barcode)).toEqual(['A', 'B', 'C']);
  down = false;
  await jest.advanceTimersByTimeAsync(10_000);
  expect(answered).toEqual(['A', 'B', 'C']);
  expect(jest.getTimerCount()).toBe(0);
});
