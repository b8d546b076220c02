import { backoffDelay, defaultBackoff, type BackoffOptions } from '../backoff.js';
import { errorAnswerSchema, scanAnswerSchema, type ScanAnswer, type ScanRequest } from './contract.js';
import type { DurableQueue, QueueEntry } from './queue.js';

export type PostOutcome =
  | { kind: 'answered'; answer: ScanAnswer }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'retry'; message: string };

/** One POST /api/scans, with the answer classified by what the bridge must do next. */
export async function postScan(stationUrl: string, token: string, request: ScanRequest, timeoutMs = 10_000): Promise<PostOutcome> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/scans', stationUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: Error }).cause;
    return { kind: 'retry', message: `station injoignable (${(error as Error).message}${cause ? ` : ${cause.message}` : ''})` };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status === 401 || response.status === 403) {
    const parsed = errorAnswerSchema.safeParse(body);
    return { kind: 'unauthorized', message: parsed.success ? parsed.data.error.message : `HTTP ${response.status}` };
  }
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    const parsed = errorAnswerSchema.safeParse(body);
    return parsed.success
      ? { kind: 'refused', code: parsed.data.error.code, message: parsed.data.error.message }
      : { kind: 'refused', code: `HTTP_${response.status}`, message: `lecture refusée par la station (HTTP ${response.status})` };
  }
  if (response.ok) {
    const parsed = scanAnswerSchema.safeParse(body);
    // An answer we cannot understand is not an acknowledgement: keep the read and retry.
    if (parsed.success && parsed.data.requestId === request.requestId) return { kind: 'answered', answer: parsed.data };
    return { kind: 'retry', message: 'réponse de la station illisible' };
  }
  return { kind: 'retry', message: `station en erreur (HTTP ${response.status})` };
}

export interface SenderEvents {
  answered(entry: QueueEntry, answer: ScanAnswer): void;
  refused(entry: QueueEntry): void;
  retrying(entry: QueueEntry, message: string, delayMs: number): void;
  unauthorized(message: string): void;
}

export interface SenderOptions {
  stationUrl: string;
  token: string;
  backoff?: BackoffOptions;
  events: Partial<SenderEvents>;
}

/**
 * Sends pending reads strictly one at a time in queue order: a later read never overtakes an
 * earlier one, which keeps "first scan wins" meaning the same at the station as in the hall.
 */
export class Sender {
  private running = false;
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly queue: DurableQueue,
    private readonly options: SenderOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Called after an enqueue: cuts short an idle wait (a backoff wait stays, the head of the queue is still stuck). */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    this.running = false;
  }

  /** Resolves when nothing is pending (or the sender stopped). */
  async drained(pollMs = 20): Promise<void> {
    while (!this.stopped && this.queue.pending().length > 0) await new Promise((r) => setTimeout(r, pollMs));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const entry = this.queue.pending()[0];
      if (!entry) {
        await this.sleep(1000);
        continue;
      }
      const outcome = await postScan(this.options.stationUrl, this.options.token, {
        requestId: entry.requestId,
        barcode: entry.barcode,
        symbology: entry.symbology,
        readAt: entry.readAt,
        source: entry.source,
      });
      switch (outcome.kind) {
        case 'answered': {
          attempt = 0;
          // Settle first: an optional call `f?.(g())` would skip g() when no listener is set.
          const settled = this.queue.markAnswered(outcome.answer);
          this.options.events.answered?.(settled, outcome.answer);
          break;
        }
        case 'refused': {
          attempt = 0;
          const settled = this.queue.markRefused(entry.requestId, outcome.code, outcome.message);
          this.options.events.refused?.(settled);
          break;
        }
        case 'unauthorized':
          // Retrying with a bad token would only fill the station's log; the reads stay queued for a fixed token.
          this.stopped = true;
          this.options.events.unauthorized?.(outcome.message);
          break;
        case 'retry': {
          const delay = backoffDelay(attempt++, this.options.backoff ?? defaultBackoff);
          this.options.events.retrying?.(entry, outcome.message, delay);
          if (!this.stopped) await this.sleepBackoff(delay);
          break;
        }
      }
    }
  }

  /** A backoff wait that a new read does not cut short (the head of the queue is still stuck). */
  private sleepBackoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        if (this.stopped) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
  }
}
