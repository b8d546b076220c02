import { Worker } from 'node:worker_threads';
import type { BatchMark, Letter } from './issue.js';
import { lettersPdf, type LetterContext } from './letters-pdf.js';
import { workerEntry } from '@scrutin/server-kit/workers.js';

// Compiled, from the sources or in jest (which runs the threads from dist/): libs/server-kit/src/workers.ts.
const WORKER = workerEntry(import.meta.url, './letters-worker.js');

type RenderLetters = (letters: Letter[], ctx: LetterContext, batch: BatchMark) => Promise<Uint8Array>;

/**
 * Lays out letter batches on `workers` worker threads (0: on the calling thread), so that several batches are
 * laid out at once while the main thread reads voters and commits hashes. Laying out is most of a letter's
 * cost (bench/letters). `close()` ends the threads.
 */
export function letterRenderer(workers: number): { render: RenderLetters; close(): Promise<void> } {
  if (workers < 1) return { render: lettersPdf, close: async () => {} };
  const idle: Worker[] = [];
  const waiting: ((w: Worker) => void)[] = [];
  const all = Array.from({ length: workers }, () => new Worker(WORKER.url, { execArgv: WORKER.execArgv }));
  idle.push(...all);
  const acquire = (): Promise<Worker> => {
    const w = idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (w: Worker) => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  let nextId = 0;
  const render: RenderLetters = async (letters, ctx, batch) => {
    const w = await acquire();
    const id = nextId++;
    try {
      return await new Promise<Uint8Array>((resolve, reject) => {
        const onMessage = (m: { id: number; pdf?: Uint8Array; error?: string }) => {
          if (m.id !== id) return;
          w.off('message', onMessage);
          w.off('error', reject);
          if (m.pdf) resolve(m.pdf);
          else reject(new Error(m.error ?? 'mise en page des courriers impossible'));
        };
        w.on('message', onMessage);
        w.once('error', reject);
        w.postMessage({ id, letters, ctx, batch });
      });
    } finally {
      release(w);
    }
  };
  return { render, close: async () => void (await Promise.all(all.map((w) => w.terminate()))) };
}
