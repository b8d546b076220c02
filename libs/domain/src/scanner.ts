/**
 * One interface for every kind of scanner, so that the station and the bridge never care whether
 * a read came from a serial handheld, a keyboard wedge, a camera or a folder of images.
 * No `node:` import here: the browser wedge and camera adapters build on this file.
 */
export type Symbology = 'code128' | 'datamatrix' | 'qrcode' | 'ean13' | 'code39' | 'unknown';

export interface ScannerRead {
  /** The text as read, after the configured prefix, suffix and terminator are removed. */
  text: string;
  symbology: Symbology;
  at: Date;
  /** Which scanner produced it, e.g. `serial:/dev/ttyUSB0`, `wedge`, `folder:/srv/scans`. */
  source: string;
  /** Something the agent should know about the scanner (in French), e.g. a keyboard layout to fix. */
  notice?: string;
}

export interface ScannerEvents {
  read: ScannerRead;
  error: Error;
  connected: undefined;
  disconnected: undefined;
}

export type ScannerEventName = keyof ScannerEvents;
export type Listener<K extends ScannerEventName> = (payload: ScannerEvents[K]) => void;

export interface Scanner {
  readonly id: string;
  /** Returns a function that removes the listener. */
  on<K extends ScannerEventName>(event: K, listener: Listener<K>): () => void;
  off<K extends ScannerEventName>(event: K, listener: Listener<K>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends a raw command to the device (beeper, LED) when it accepts commands; absent otherwise. */
  send?(command: string): Promise<void>;
}

/** A tiny typed emitter that runs in Node and in the browser alike. */
export class ScannerEmitter {
  private readonly listeners = new Map<ScannerEventName, Set<(payload: never) => void>>();

  on<K extends ScannerEventName>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => this.off(event, listener);
  }

  off<K extends ScannerEventName>(event: K, listener: Listener<K>): void {
    this.listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  protected emit<K extends ScannerEventName>(event: K, payload: ScannerEvents[K]): void {
    const set = this.listeners.get(event);
    if (event === 'error' && (!set || set.size === 0)) return; // an unheard error must not crash the process
    for (const listener of [...(set ?? [])]) (listener as Listener<K>)(payload);
  }
}

/** Resolves with the next read of a scanner (handy in tests and one-shot tools). */
export function nextRead(scanner: Scanner, timeoutMs = 5000): Promise<ScannerRead> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`aucune lecture en ${timeoutMs} ms`));
    }, timeoutMs);
    const off = scanner.on('read', (read) => {
      clearTimeout(timer);
      off();
      resolve(read);
    });
  });
}
