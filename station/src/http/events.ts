import type { Response } from 'express';

/**
 * Server-Sent Events to the screens. Publishers only say what changed; each stream is
 * sent fresh counters at most every 250 ms, so a burst of scans costs one query per tick.
 */
export class EventHub {
  private readonly clients = new Set<Response>();
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly snapshot: (topic: string) => Promise<unknown>, private readonly intervalMs = 250) {}

  attach(res: Response): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(ping);
      this.clients.delete(res);
    });
    void this.send(res, 'counters');
  }

  private flushing = false;

  publish(topic: string): void {
    // Nobody watching: nothing to compute (the next screen to attach gets a fresh snapshot).
    if (this.clients.size === 0) return;
    this.dirty.add(topic);
    if (!this.flushing) this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** One recomputation at a time: changes arriving meanwhile are sent by the next tick. */
  private async flush(): Promise<void> {
    this.timer = undefined;
    this.flushing = true;
    try {
      await this.sendDirty();
    } finally {
      this.flushing = false;
      if (this.dirty.size > 0) this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
    }
  }

  private async sendDirty(): Promise<void> {
    const topics = [...this.dirty];
    this.dirty = new Set();
    for (const topic of topics) {
      const data = await this.snapshot(topic).catch(() => null);
      if (data === null) continue;
      const frame = `event: ${topic}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const res of this.clients) res.write(frame);
    }
  }

  private async send(res: Response, topic: string): Promise<void> {
    const data = await this.snapshot(topic).catch(() => null);
    if (data !== null) res.write(`event: ${topic}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
