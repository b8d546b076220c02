import { ApiError, NetworkError } from '../api.js';
import type { PhysicalDefect } from '@scrutin/domain/verdict.js';

export type PendingScan = { requestId: string; barcode: string; defect: PhysicalDefect | null; late: boolean; queuedAt: string };

export type ScanAnswer = {
  requestId: string;
  scanId: number;
  verdict: string;
  message: string;
  urns?: { id: string; label: string }[];
  firstScan?: { stationId: string; agent: string; at: string };
  stationId: string;
  at: string;
  replayed: boolean;
};

export type Outcome = { kind: 'answer'; item: PendingScan; answer: ScanAnswer } | { kind: 'refused'; item: PendingScan; error: ApiError };

export type QueueState = { pending: number; retrying: boolean; lastError: string | null; nextRetryAt: number | null };

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];

/** Worth trying again with the same requestId: nothing reached the station, or it could not answer. */
const isTransient = (e: unknown) =>
  e instanceof NetworkError || (e instanceof ApiError && (e.status >= 500 || e.status === 401 || e.status === 429 || e.code === 'CSRF'));

/**
 * Scans waiting for the station, kept in localStorage so that a network drop, a reload or
 * an expired session never loses one. Sent one at a time, in order, always with their first
 * requestId: the station answers a replay with its first answer, so nothing counts twice.
 */
export class ScanQueue {
  private items: PendingScan[];
  private running = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  state: QueueState = { pending: 0, retrying: false, lastError: null, nextRetryAt: null };

  constructor(
    private readonly storageKey: string,
    private readonly send: (item: PendingScan) => Promise<ScanAnswer>,
    private readonly onOutcome: (o: Outcome) => void,
    private readonly onState: (s: QueueState) => void,
  ) {
    this.items = ScanQueue.load(storageKey);
    this.publish();
  }

  static load(storageKey: string): PendingScan[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
      return Array.isArray(parsed) ? (parsed as PendingScan[]) : [];
    } catch {
      return [];
    }
  }

  get pending(): readonly PendingScan[] {
    return this.items;
  }

  enqueue(barcode: string, defect: PhysicalDefect | null, late: boolean): PendingScan {
    const item: PendingScan = { requestId: crypto.randomUUID(), barcode, defect, late, queuedAt: new Date().toISOString() };
    this.items.push(item);
    this.save();
    this.publish();
    void this.pump();
    return item;
  }

  /** Try now (the network came back, or the agent asked). */
  retryNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    void this.pump();
  }

  start(): void {
    this.stopped = false;
    void this.pump();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  async pump(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    // A scan queued during a back-off sends now; the pending retry would only start a second pump later.
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      while (this.items.length > 0 && !this.stopped) {
        const item = this.items[0]!;
        try {
          const answer = await this.send(item);
          this.drop(item);
          this.failures = 0;
          this.state = { ...this.state, retrying: false, lastError: null, nextRetryAt: null };
          this.onOutcome({ kind: 'answer', item, answer });
        } catch (e) {
          if (!isTransient(e)) {
            this.drop(item);
            this.onOutcome({ kind: 'refused', item, error: e instanceof ApiError ? e : new ApiError(0, 'INCONNU', String(e)) });
            continue;
          }
          const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!;
          this.failures++;
          this.state = { ...this.state, retrying: true, lastError: (e as Error).message, nextRetryAt: Date.now() + delay };
          this.publish();
          this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.pump();
          }, delay);
          return;
        }
      }
    } finally {
      this.running = false;
      this.publish();
    }
  }

  private drop(item: PendingScan): void {
    this.items = this.items.filter((i) => i.requestId !== item.requestId);
    this.save();
  }

  private save(): void {
    localStorage.setItem(this.storageKey, JSON.stringify(this.items));
  }

  private publish(): void {
    this.state = { ...this.state, pending: this.items.length };
    this.onState(this.state);
  }
}
