import { Worker } from 'node:worker_threads';
import { workerEntry } from '@scrutin/server-kit/workers.js';

// Compiled, from the sources or in jest (which runs the threads from dist/): libs/server-kit/src/workers.ts.
const WORKER = workerEntry(import.meta.url, './off-thread-entry.js');

/**
 * Runs `exportName` of the module at `moduleUrl` (named `.js`, as imports name it: from the sources the
 * worker loads the `.ts` beside it) in a fresh worker thread and resolves with what it
 * returns (or resolves to, if it is async). `args` and the result cross by structured clone: plain data
 * only (no class instances, no functions).
 *
 * Why: the station serves every scanning station and screen from one event loop; a computation of more
 * than about 50 ms there (proof checks, decryption, scrypt of a key share, encryption of a test urn)
 * stalls every scan meanwhile. A fresh worker per task costs a few hundred milliseconds to start, paid
 * only by work that takes longer than that anyway; it ends with the task, so nothing is left running.
 *
 * Errors: rejects with the worker's error message (its stack kept), or with « tâche interrompue » if the
 * thread dies without answering.
 */
export function offThread<T>(moduleUrl: URL, exportName: string, args: readonly unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(WORKER.url, { execArgv: WORKER.execArgv, workerData: { moduleUrl: WORKER.moduleHref(moduleUrl.href), exportName, args } });
    let settled = false;
    worker.once('message', (m: { ok: true; value: T } | { ok: false; message: string; stack?: string }) => {
      settled = true;
      if (m.ok) resolve(m.value);
      else reject(Object.assign(new Error(m.message), m.stack ? { stack: m.stack } : {}));
      void worker.terminate();
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`tâche interrompue (fil de calcul terminé avec le code ${code})`));
    });
  });
}
