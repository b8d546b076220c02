// Lays out one batch of letters off the main thread (letter-renderer.ts).
import { parentPort } from 'node:worker_threads';
import { lettersPdf, type LetterContext } from './letters-pdf.js';
import type { BatchMark, Letter } from './issue.js';

parentPort!.on('message', (task: { id: number; letters: Letter[]; ctx: LetterContext; batch: BatchMark }) => {
  lettersPdf(task.letters, task.ctx, task.batch).then(
    (pdf) => parentPort!.postMessage({ id: task.id, pdf }, [pdf.buffer as ArrayBuffer]),
    (e: unknown) => parentPort!.postMessage({ id: task.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
