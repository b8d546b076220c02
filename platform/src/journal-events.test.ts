import type { Queryable } from '@scrutin/db';
import { recordEvent } from './events.js';

test('an event whose payload does not match its action in the catalogue is refused before anything is written', async () => {
  const written: unknown[][] = [];
  const db = { query: async (_sql: string, params: unknown[]) => (written.push(params), { rows: [], rowCount: 1 }) } as unknown as Queryable;
  const wrong = { reason: 42 } as unknown as { reason: string; at: string };
  await expect(recordEvent(db, 'cellule', 'vote.suspend', wrong)).rejects.toThrow(/« vote\.suspend » non conforme au catalogue \(reason/);
  expect(written).toEqual([]);
  await recordEvent(db, 'cellule', 'vote.suspend', { reason: 'Panne du frontal', at: '2026-03-02T10:00:00.000Z' });
  expect(written).toEqual([['cellule', 'vote.suspend', JSON.stringify({ reason: 'Panne du frontal', at: '2026-03-02T10:00:00.000Z' })]]);
});
