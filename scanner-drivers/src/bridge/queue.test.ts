import { mkdtempSync, readFileSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { DurableQueue } from './queue.js';

// One folder per test below one for the file, removed after its tests.
const root = mkdtempSync(join(tmpdir(), 'scrutin-queue-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = (): string => mkdtempSync(join(root, 'q-'));

describe('DurableQueue', () => {
  it('keeps pending reads in order across a reopen, with their requestId', () => {
    const file = join(dir(), 'q.jsonl');
    const queue = DurableQueue.open(file);
    const a = queue.enqueue({ barcode: 'A', readAt: new Date() });
    const b = queue.enqueue({ barcode: 'B', readAt: new Date() });
    queue.enqueue({ barcode: 'C', readAt: new Date() });
    queue.markAnswered({ requestId: b.requestId, verdict: 'ACCEPTED', message: 'ok', replayed: false });
    queue.close();
    const again = DurableQueue.open(file);
    expect(again.pending().map((e) => e.barcode)).toEqual(['A', 'C']);
    expect(again.pending()[0]?.requestId).toBe(a.requestId);
    expect(again.all().find((e) => e.barcode === 'B')?.status).toBe('answered');
    again.close();
  });

  it('tolerates a last line torn by a crash, and writes the next entry on a fresh line', () => {
    const file = join(dir(), 'q.jsonl');
    const queue = DurableQueue.open(file);
    queue.enqueue({ barcode: 'A', readAt: new Date() });
    queue.close();
    appendFileSync(file, '{"requestId":"x","barc');
    const again = DurableQueue.open(file);
    again.enqueue({ barcode: 'B', readAt: new Date() });
    again.close();
    const third = DurableQueue.open(file);
    expect(third.pending().map((e) => e.barcode)).toEqual(['A', 'B']);
    third.close();
  });

  it('refuses a file corrupted before its last line', () => {
    const file = join(dir(), 'q.jsonl');
    appendFileSync(file, 'garbage\n{"requestId":"r","barcode":"A","readAt":"2026-11-25T00:00:00Z","status":"pending"}\n');
    expect(() => DurableQueue.open(file)).toThrow(/illisible à la ligne 1/);
  });

  it('keeps every acknowledged read after kill -9 of the writing process', async () => {
    const file = join(dir(), 'q.jsonl');
    const script = `
      import { DurableQueue } from ${JSON.stringify(join(__dirname, 'queue.ts'))};
      const q = DurableQueue.open(${JSON.stringify(file)});
      let i = 0;
      setInterval(() => { const e = q.enqueue({ barcode: 'B' + i, readAt: new Date() }); process.stdout.write(e.barcode + '\\n'); i++; }, 2);
    `;
    const child = spawn(process.execPath, ['--conditions=scrutin-source', '--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        acknowledged.push(...chunk.toString().split('\n').filter(Boolean));
        if (acknowledged.length >= 50) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const queue = DurableQueue.open(file);
    const stored = new Set(queue.pending().map((e) => e.barcode));
    for (const barcode of acknowledged) expect(stored.has(barcode)).toBe(true);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
    queue.close();
  });
});
