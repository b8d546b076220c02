import { MockBinding } from '@serialport/binding-mock';
import type { SerialPortStream } from '@serialport/stream';
import { SerialScanner } from './serial-scanner.js';
import type { ScannerRead } from '@scrutin/domain/scanner.js';

const fast = { initialMs: 10, maxMs: 40, factor: 2 };

function internalPort(scanner: SerialScanner): SerialPortStream {
  return (scanner as unknown as { port: SerialPortStream }).port;
}

function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (predicate()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error('timeout'));
      setTimeout(poll, 5);
    };
    poll();
  });
}

describe('SerialScanner with MockBinding', () => {
  afterEach(() => MockBinding.reset());

  it('emits one read per line, removing prefix, suffix and AIM identifier', async () => {
    MockBinding.createPort('/dev/mock0', { echo: false, record: true });
    const scanner = new SerialScanner({ path: '/dev/mock0', binding: MockBinding, framing: { prefix: 'STX', suffix: '#' } });
    const reads: ScannerRead[] = [];
    scanner.on('read', (r) => reads.push(r));
    await scanner.start();
    const binding = internalPort(scanner).port as unknown as { emitData(d: Buffer): void };
    binding.emitData(Buffer.from('STXCCIPARIS-0001234-7KQ3MX2A#\r\nSTX]d2CCI'));
    binding.emitData(Buffer.from('LYON-0000001-ABCDEFGH#\r'));
    await waitFor(() => reads.length === 2);
    expect(reads.map((r) => [r.text, r.symbology, r.source])).toEqual([
      ['CCIPARIS-0001234-7KQ3MX2A', 'unknown', 'serial:/dev/mock0'],
      ['CCILYON-0000001-ABCDEFGH', 'datamatrix', 'serial:/dev/mock0'],
    ]);
    await scanner.stop();
  });

  it('writes beeper commands to the device', async () => {
    MockBinding.createPort('/dev/mock1', { echo: false, record: true });
    const scanner = new SerialScanner({ path: '/dev/mock1', binding: MockBinding });
    await scanner.start();
    await scanner.send('\x07');
    const binding = internalPort(scanner).port as unknown as { recording: Buffer };
    expect(binding.recording.toString()).toBe('\x07');
    await scanner.stop();
  });

  it('reconnects with backoff after the device is unplugged and comes back', async () => {
    MockBinding.createPort('/dev/mock2', { echo: false, record: true });
    const scanner = new SerialScanner({ path: '/dev/mock2', binding: MockBinding, reconnect: fast });
    const events: string[] = [];
    const reads: string[] = [];
    scanner.on('connected', () => events.push('connected'));
    scanner.on('disconnected', () => events.push('disconnected'));
    scanner.on('error', () => events.push('error'));
    scanner.on('read', (r) => reads.push(r.text));
    await scanner.start();
    // Unplugging: the device disappears and the stream closes with a disconnect error, as the real binding does.
    MockBinding.reset();
    internalPort(scanner).close(undefined, Object.assign(new Error('unplugged'), { disconnected: true }));
    await waitFor(() => events.filter((e) => e === 'error').length >= 2);
    expect(scanner.connected).toBe(false);
    MockBinding.createPort('/dev/mock2', { echo: false, record: true });
    await waitFor(() => events.filter((e) => e === 'connected').length === 2);
    (internalPort(scanner).port as unknown as { emitData(d: Buffer): void }).emitData(Buffer.from('AFTER\n'));
    await waitFor(() => reads.length === 1);
    expect(reads).toEqual(['AFTER']);
    expect(events[0]).toBe('connected');
    expect(events[1]).toBe('disconnected');
    await scanner.stop();
  });

  it('starts while the device is absent and connects when it appears', async () => {
    const scanner = new SerialScanner({ path: '/dev/mock3', binding: MockBinding, reconnect: fast });
    let connected = false;
    scanner.on('connected', () => (connected = true));
    await scanner.start();
    expect(connected).toBe(false);
    MockBinding.createPort('/dev/mock3', { echo: false });
    await waitFor(() => connected);
    await scanner.stop();
  });
});
