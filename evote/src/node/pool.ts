// Node-only: spreads ballot chunks over worker threads. The library itself stays isomorphic.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { BackendName } from '../group-backend.js';
import { workerEntry } from '@scrutin/server-kit/workers.js';

// Compiled, from the sources or in jest (which runs the threads from dist/): libs/server-kit/src/workers.ts.
const WORKER = workerEntry(import.meta.url, './worker.js');
const YOUNG_GENERATION_MB = 96;

export type WorkerTask =
  | { kind: 'verify'; headerLine: string; lines: string[]; firstIndex: number; group: BackendName; aggregate?: boolean }
  | { kind: 'encrypt'; headerLine: string; seed: string; from: number; to: number };

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/**
 * A fixed number of worker threads running WorkerTasks in arrival order. Threads start when tasks need
 * them (a pool of 2 given one task starts one), a thread that dies is replaced at the next task, and an
 * idle thread does not keep the process alive (unref): a pool kept between urn checks (urn-file.ts) or
 * for a server's life costs nothing at exit. Errors: a task's error, or its thread's death, rejects
 * that task's promise only.
 */
export class WorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly queue: { task: WorkerTask; pending: Pending }[] = [];
  private readonly inFlight = new Map<Worker, Pending>();
  private nextId = 0;
  private closed = false;
  private readonly capacity: number;

  constructor(size: number = availableParallelism()) {
    this.capacity = Math.max(1, size);
  }

  get size(): number {
    return this.capacity;
  }

  run<T>(task: WorkerTask): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(new Error('Fils de calcul arrêtés.'));
      this.queue.push({ task, pending: { resolve: resolve as (v: unknown) => void, reject } });
      this.pump();
    });
  }

  private start(): Worker {
    // A young generation of 96 MB (V8's default is 48 MB): the checks allocate a bigint for every field
    // operation, and fewer scavenges cut a ballot's cost by 3 % (bench/urn, 2,000 ballots, 2 threads).
    const w = new Worker(WORKER.url, { execArgv: WORKER.execArgv, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    w.on('message', (msg: { ok: boolean; result?: unknown; error?: string }) => {
      const p = this.inFlight.get(w);
      this.inFlight.delete(w);
      if (p) {
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new Error(msg.error));
      }
      this.release(w);
    });
    const drop = (e: Error) => {
      this.workers.delete(w);
      const at = this.idle.indexOf(w);
      if (at >= 0) this.idle.splice(at, 1);
      const p = this.inFlight.get(w);
      this.inFlight.delete(w);
      p?.reject(e);
      this.pump();
    };
    w.on('error', drop);
    w.on('exit', (code) => drop(new Error(`Fil de calcul arrêté (code ${code}).`)));
    this.workers.add(w);
    return w;
  }

  private release(w: Worker): void {
    w.unref();
    this.idle.push(w);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      let w = this.idle.pop();
      if (!w && this.workers.size < this.capacity) {
        try {
          w = this.start();
        } catch (e) {
          // No thread could start (memory, limits): the task waiting for it fails, not the caller's handler.
          this.queue.shift()!.pending.reject(e as Error);
          continue;
        }
      }
      if (!w) return;
      const { task, pending } = this.queue.shift()!;
      this.inFlight.set(w, pending);
      w.ref();
      w.postMessage({ ...task, id: this.nextId++ });
    }
  }

  /** Stops every thread; tasks still queued are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { pending } of this.queue.splice(0)) pending.reject(new Error('Fils de calcul arrêtés.'));
    const all = [...this.workers];
    this.workers.clear();
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }
}
