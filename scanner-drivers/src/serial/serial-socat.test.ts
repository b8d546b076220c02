import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialScanner } from './serial-scanner.js';
import { startPtyPair } from '../bridge/socat.js';
import { nextRead } from '@scrutin/domain/scanner.js';

const fast = { initialMs: 50, maxMs: 200, factor: 2 };

describe('SerialScanner on a real pseudo-terminal made by socat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-socat-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads lines written to the other end, and reconnects after the device disappears and returns', async () => {
    const scannerPath = join(dir, 'ttyA');
    const devicePath = join(dir, 'ttyB');
    let pair = await startPtyPair(scannerPath, devicePath);
    const scanner = new SerialScanner({ path: scannerPath, baudRate: 9600, reconnect: fast });
    let connections = 0;
    let disconnections = 0;
    scanner.on('connected', () => connections++);
    scanner.on('disconnected', () => disconnections++);
    await scanner.start();
    expect(connections).toBe(1);
    let read = nextRead(scanner);
    writeFileSync(devicePath, ']C0CCIPARIS-0001234-7KQ3MX2A\r\n');
    expect(await read).toMatchObject({ text: 'CCIPARIS-0001234-7KQ3MX2A', symbology: 'code128', source: `serial:${scannerPath}` });

    // Unplugging: socat goes away with both ends; a new pair appears under the same names.
    await pair.close();
    for (let i = 0; i < 100 && disconnections === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(disconnections).toBe(1);
    pair = await startPtyPair(scannerPath, devicePath);
    for (let i = 0; i < 150 && connections < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(connections).toBe(2);
    read = nextRead(scanner);
    writeFileSync(devicePath, 'CCIPARIS-0009999-ZZZZZZZZ\r');
    expect((await read).text).toBe('CCIPARIS-0009999-ZZZZZZZZ');
    await scanner.stop();
    await pair.close();
  });
});
