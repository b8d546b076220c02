// Node-only: spreads ballot chunks over worker threads. The library itself stays isomorphic.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { BackendName } from '../group-backend.js';
import { workerExecArgv } from '@scrutin/server-kit/workers.js';

// From the TypeScript sources (jest, tsx) the worker resolves @scrutin/* to sources too, and its entry loads
// them through tsx; compiled (dist/), it runs plain JavaScript: scripts/build.mjs.
const WORKER_EXEC_ARGV = workerExecArgv(import.meta.url);

export type WorkerTask =
  | { kind: 'verify'; headerLine: string; lines: string[]; firstIndex: number; group: BackendName; aggregate?: boolean }
  | { kind: 'encrypt'; headerLine: string; seed: string; from: number; to: number };

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { task: WorkerTask; pending: Pending }[] = [];
  private readonly inFlight = new Map<Worker, Pending>();
  private nextId = 0;

  constructor(size: number = availableParallelism()) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const w = new Worker(new URL('./worker.js', import.meta.url), { execArgv: WORKER_EXEC_ARGV });
      w.on('message', (msg: { ok: boolean; result?: unknown; error?: string }) => {
        const p = this.inFlight.get(w);
        this.inFlight.delete(w);
        if (p) {
          if (msg.ok) p.resolve(msg.result);
          else p.reject(new Error(msg.error));
        }
        this.release(w);
      });
      w.on('error', (e) => {
        const p = this.inFlight.get(w);
        this.inFlight.delete(w);
        p?.reject(e);
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  run<T>(task: WorkerTask): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task, pending: { resolve: resolve as (v: unknown) => void, reject } });
      this.pump();
    });
  }

  private release(w: Worker): void {
    this.idle.push(w);
    this.pump();
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const { task, pending } = this.queue.shift()!;
      this.inFlight.set(w, pending);
      w.postMessage({ ...task, id: this.nextId++ });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
