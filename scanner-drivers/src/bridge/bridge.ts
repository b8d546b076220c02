import type { Scanner, ScannerRead } from '@scrutin/domain/scanner.js';
import type { BackoffOptions } from '../backoff.js';
import { DurableQueue, type QueueEntry } from './queue.js';
import { Sender } from './sender.js';
import { feedbackClass, formatVerdictLine, type FeedbackClass } from './display.js';
import type { ScanAnswer } from './contract.js';

export interface BridgeOptions {
  stationUrl: string;
  token: string;
  queueFile: string;
  backoff?: BackoffOptions;
  /** Raw strings written back to the scanner per verdict class (beeper, LED), when it accepts commands. */
  feedback?: Partial<Record<FeedbackClass, string>>;
  /** Where console lines go; `console.log` by default. */
  log?: (line: string) => void;
  onSettled?: (entry: QueueEntry, answer?: ScanAnswer) => void;
  onFatal?: (message: string) => void;
}

/**
 * scrutin-scanner's core: one scanner, one station. A read is on disk before it is sent, and is
 * sent (in order, with its requestId) until the station answers, whatever happens in between.
 */
export class Bridge {
  readonly queue: DurableQueue;
  readonly sender: Sender;
  private offRead: (() => void) | undefined;
  private lastStationProblem: string | undefined;

  constructor(
    private readonly scanner: Scanner,
    private readonly options: BridgeOptions,
  ) {
    const log = options.log ?? ((line: string) => console.log(line));
    this.queue = DurableQueue.open(options.queueFile);
    this.sender = new Sender(this.queue, {
      stationUrl: options.stationUrl,
      token: options.token,
      backoff: options.backoff,
      events: {
        answered: (entry, answer) => {
          this.stationBack(log);
          log(formatVerdictLine(entry, answer.replayed));
          void this.feedback(feedbackClass(answer.verdict));
          options.onSettled?.(entry, answer);
        },
        refused: (entry) => {
          this.stationBack(log);
          log(formatVerdictLine(entry));
          void this.feedback('error');
          options.onSettled?.(entry);
        },
        retrying: (entry, message) => {
          if (message !== this.lastStationProblem) {
            const waiting = this.queue.pending().length;
            log(`… ${message} ; ${waiting} lecture(s) conservée(s) sur disque, nouvel essai automatique`);
            this.lastStationProblem = message;
          }
          void entry;
        },
        unauthorized: (message) => {
          log(`✖ jeton de station refusé (${message}) : envoi arrêté, les lectures restent conservées`);
          options.onFatal?.(`jeton de station refusé : ${message}`);
        },
      },
    });
  }

  private stationBack(log: (line: string) => void): void {
    if (this.lastStationProblem) log('✔ station de nouveau joignable');
    this.lastStationProblem = undefined;
  }

  private async feedback(kind: FeedbackClass): Promise<void> {
    const command = this.options.feedback?.[kind];
    if (!command || !this.scanner.send) return;
    try {
      await this.scanner.send(command);
    } catch {
      // The beeper is a convenience; the verdict is on the console and at the station.
    }
  }

  /** Queues a read durably and wakes the sender. Exposed for the simulator and tests. */
  accept(read: ScannerRead): QueueEntry {
    const entry = this.queue.enqueue({ barcode: read.text, symbology: read.symbology === 'unknown' ? undefined : read.symbology, readAt: read.at, source: read.source });
    this.sender.wake();
    return entry;
  }

  async start(): Promise<void> {
    this.offRead = this.scanner.on('read', (read) => this.accept(read));
    this.sender.start();
    await this.scanner.start();
  }

  async stop(): Promise<void> {
    this.offRead?.();
    await this.scanner.stop();
    await this.sender.stop();
    this.queue.close();
  }
}
