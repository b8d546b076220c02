import { SerialPortStream } from '@serialport/stream';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { ScannerEmitter, type Scanner } from '@scrutin/domain/scanner.js';
import { backoffDelay, defaultBackoff, type BackoffOptions } from '../backoff.js';
import { LineFramer, defaultFraming, type FramingOptions } from './framing.js';

/** The binding type as @serialport/stream sees it (its own package's ESM entry has no types under NodeNext). */
export type BindingInterface = ConstructorParameters<typeof SerialPortStream>[0]['binding'];
type PortInfo = Awaited<ReturnType<BindingInterface['list']>>[number];

export interface SerialScannerOptions {
  path: string;
  baudRate?: number;
  framing?: Partial<FramingOptions>;
  reconnect?: BackoffOptions;
  /** How often to check that the device node still exists (0 to never check). */
  presenceCheckMs?: number;
  /** Injected in tests (`MockBinding`); the platform binding otherwise. */
  binding?: BindingInterface;
}

/**
 * A serial or USB-serial handheld scanner. When the device is unplugged the port closes with a
 * disconnect error; we then reopen with growing delays until the device comes back, because a
 * counting room cannot call a technician every time a cable is pulled.
 */
export class SerialScanner extends ScannerEmitter implements Scanner {
  readonly id: string;
  private port: SerialPortStream | undefined;
  private framer: LineFramer;
  private stopped = true;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private presenceTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: SerialScannerOptions) {
    super();
    this.id = `serial:${options.path}`;
    this.framer = new LineFramer({ ...defaultFraming, ...options.framing });
  }

  get connected(): boolean {
    return this.port?.isOpen ?? false;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopPresenceCheck();
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  async send(command: string): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new Error('le lecteur série n’est pas connecté');
    await new Promise<void>((resolve, reject) => {
      port.write(command, (error) => (error ? reject(error) : port.drain((e) => (e ? reject(e) : resolve()))));
    });
  }

  /** Opens once; on failure schedules the next attempt rather than throwing, so `start` works with the device absent. */
  private async open(): Promise<void> {
    if (this.stopped) return;
    const port = new SerialPortStream({
      binding: this.options.binding ?? (SerialPort.binding as BindingInterface),
      path: this.options.path,
      baudRate: this.options.baudRate ?? 9600,
      autoOpen: false,
    });
    try {
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      this.emit('error', new Error(`ouverture de ${this.options.path} impossible : ${(error as Error).message}`));
      this.scheduleReopen();
      return;
    }
    if (this.stopped) {
      port.close();
      return;
    }
    this.port = port;
    this.attempt = 0;
    this.framer.reset();
    port.setEncoding('latin1');
    port.on('data', (chunk: string) => {
      for (const read of this.framer.push(chunk)) {
        this.emit('read', { ...read, at: new Date(), source: this.id });
      }
    });
    port.on('error', (error: Error) => this.emit('error', error));
    this.startPresenceCheck(port);
    port.on('close', () => {
      if (this.port !== port) return;
      this.port = undefined;
      this.stopPresenceCheck();
      this.emit('disconnected', undefined);
      this.scheduleReopen();
    });
    this.emit('connected', undefined);
  }

  /**
   * Some devices (a pseudo-terminal whose other end went away, some USB-serial chips) do not make the
   * pending read fail when they disappear; their device node does disappear, so we watch it too.
   */
  private startPresenceCheck(port: SerialPortStream): void {
    const every = this.options.presenceCheckMs ?? 500;
    if (every <= 0 || !existsSync(this.options.path)) return;
    this.presenceTimer = setInterval(() => {
      if (existsSync(this.options.path) || this.port !== port) return;
      this.stopPresenceCheck();
      port.close(undefined, Object.assign(new Error('périphérique débranché'), { disconnected: true }));
    }, every);
    this.presenceTimer.unref?.();
  }

  private stopPresenceCheck(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
  }

  private scheduleReopen(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++, this.options.reconnect ?? defaultBackoff);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.open();
    }, delay);
  }
}

export interface SerialDeviceInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

export async function listSerialDevices(binding: BindingInterface = SerialPort.binding as BindingInterface): Promise<SerialDeviceInfo[]> {
  const ports = await binding.list();
  return ports.map((p: PortInfo) => ({
    path: p.path,
    manufacturer: p.manufacturer,
    serialNumber: p.serialNumber,
    vendorId: p.vendorId,
    productId: p.productId,
  }));
}
