import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ScanAnswer } from './contract.js';

/**
 * Store and forward: every read is written and fsynced to an append-only JSON-lines file before
 * anything else happens to it, so a read survives the station being down, the network being down,
 * and `kill -9` of the bridge itself. Each line is the whole state of one entry; the last line of a
 * requestId wins. The requestId is fixed at enqueue time, so a resend after a crash is recognised
 * by the station as a replay and never counted twice.
 */
export type EntryStatus = 'pending' | 'answered' | 'refused';

const entrySchema = z.object({
  requestId: z.string(),
  barcode: z.string(),
  symbology: z.string().optional(),
  readAt: z.string(),
  source: z.string().optional(),
  status: z.enum(['pending', 'answered', 'refused']),
  verdict: z.string().optional(),
  message: z.string().optional(),
  at: z.string().optional(),
});
export type QueueEntry = z.infer<typeof entrySchema>;

export interface NewRead {
  barcode: string;
  symbology?: string;
  readAt: Date;
  source?: string;
}

export class DurableQueue {
  private readonly entries = new Map<string, QueueEntry>();
  private fd: number;

  private constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text !== '' && !text.endsWith('\n')) {
      // A line without its newline was torn by a crash mid-write, hence never fsynced nor acknowledged: drop it.
      text = text.slice(0, text.lastIndexOf('\n') + 1);
      truncateSync(file, Buffer.byteLength(text));
    }
    this.load(text);
    this.fd = openSync(file, 'a');
  }

  static open(file: string): DurableQueue {
    return new DurableQueue(file);
  }

  private load(text: string): void {
    const lines = text.split('\n');
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      const result = entrySchema.safeParse(parsed);
      if (!result.success) throw new Error(`file d’attente ${this.file} illisible à la ligne ${index + 1}`);
      const entry = result.data;
      // Map.set on an existing key keeps its place: pending entries stay in order of first enqueue.
      const first = this.entries.get(entry.requestId);
      this.entries.set(entry.requestId, first ? { ...first, ...entry } : entry);
    }
  }

  private append(entry: QueueEntry): void {
    writeSync(this.fd, JSON.stringify(entry) + '\n');
    fsyncSync(this.fd);
  }

  enqueue(read: NewRead): QueueEntry {
    const entry: QueueEntry = {
      requestId: randomUUID(),
      barcode: read.barcode,
      symbology: read.symbology,
      readAt: read.readAt.toISOString(),
      source: read.source,
      status: 'pending',
    };
    this.append(entry);
    this.entries.set(entry.requestId, entry);
    return entry;
  }

  private settle(requestId: string, change: Pick<QueueEntry, 'status' | 'verdict' | 'message'>): QueueEntry {
    const current = this.entries.get(requestId);
    if (!current) throw new Error(`lecture inconnue : ${requestId}`);
    const entry: QueueEntry = { ...current, ...change, at: new Date().toISOString() };
    this.append(entry);
    this.entries.set(requestId, entry);
    return entry;
  }

  markAnswered(answer: ScanAnswer): QueueEntry {
    return this.settle(answer.requestId, { status: 'answered', verdict: answer.verdict, message: answer.message });
  }

  markRefused(requestId: string, code: string, message: string): QueueEntry {
    return this.settle(requestId, { status: 'refused', verdict: code, message });
  }

  /** Pending reads, oldest first. */
  pending(): QueueEntry[] {
    return [...this.entries.values()].filter((e) => e.status === 'pending');
  }

  all(): QueueEntry[] {
    return [...this.entries.values()];
  }

  close(): void {
    closeSync(this.fd);
  }
}
