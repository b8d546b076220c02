import { ScannerEmitter, type Scanner, type Symbology } from '@scrutin/domain/scanner.js';

/**
 * A scanner with no hardware: tests, demonstrations and training sessions feed it barcodes by
 * hand (`scan`) or let it replay a list at a steady pace.
 */
export class SimulatedScanner extends ScannerEmitter implements Scanner {
  readonly id: string;
  readonly sent: string[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: { id?: string; barcodes?: string[]; intervalMs?: number; symbology?: Symbology } = {}) {
    super();
    this.id = options.id ?? 'simulateur';
  }

  async start(): Promise<void> {
    this.emit('connected', undefined);
    const queue = [...(this.options.barcodes ?? [])];
    if (queue.length > 0) {
      this.timer = setInterval(() => {
        const next = queue.shift();
        if (next === undefined) return void clearInterval(this.timer);
        this.scan(next);
      }, this.options.intervalMs ?? 1000);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.emit('disconnected', undefined);
  }

  scan(text: string, symbology: Symbology = this.options.symbology ?? 'code128'): void {
    this.emit('read', { text, symbology, at: new Date(), source: this.id });
  }

  /** Records beeper/LED commands so tests can check the feedback the bridge sends. */
  async send(command: string): Promise<void> {
    this.sent.push(command);
  }
}
