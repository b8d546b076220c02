import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Db } from '@scrutin/db';
import { startStation, type RunningStation } from '@scrutin/station';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { issueStationToken } from '@scrutin/station/scanning/stations.js';
import { createTestDatabase, setUpElection, startFixture, type TestDatabase } from '@scrutin/test';
import { startPtyPair, type PtyPair } from './socat.js';

type Settled = { requestId: string; barcode: string; status: string; verdict?: string; replayed: boolean };

const launcher = join(__dirname, '..', '..', 'bin', 'scrutin-scanner.js');

/**
 * The issue's acceptance test: socat pty -> serial driver -> scrutin-scanner (the real CLI, as a
 * child process) -> the real station. One line gives one verdict; then with the station stopped,
 * 20 lines are written, the station restarted, and all 20 verdicts arrive exactly once.
 */
describe('scrutin-scanner end to end (socat, bridge, station)', () => {
  let database: TestDatabase;
  let db: Db;
  let station: RunningStation;
  let pair: PtyPair;
  let bridge: ChildProcessWithoutNullStreams;
  let dir: string | undefined;
  const settled: Settled[] = [];
  const messages: string[] = [];
  const waiters: (() => void)[] = [];

  async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > timeoutMs) throw new Error(`délai dépassé : ${what}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    db = database.db;
    const fixture = await startFixture(db);
    await setUpElection(fixture, { voters: 30, until: 'EMARGEMENT_LOADED' });
    station = fixture.station;
    dir = mkdtempSync(join(tmpdir(), 'scrutin-e2e-'));
    pair = await startPtyPair(join(dir, 'ttyA'), join(dir, 'ttyB'));
    const issued = await issueStationToken(db, SYSTEM_ACTOR(), { id: 'POSTE-SERIE', label: 'Lecteur série', agentLogin: 'numerisation' });
    if (!issued.ok) throw new Error(issued.error.message);
    const config = join(dir, 'scanner.json');
    writeFileSync(config, JSON.stringify({ retry: { initialMs: 100, maxMs: 400, factor: 2 }, feedback: { ok: '\u0007' } }));
    bridge = spawn(process.execPath, [launcher, '--config', config, '--station', station.url, '--token', issued.value.token, '--serial', pair.scannerPath, '--queue', join(dir, 'queue.jsonl'), '--json']);
    bridge.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    createInterface({ input: bridge.stdout }).on('line', (line) => {
      const parsed = JSON.parse(line) as Settled & { message?: string };
      if (parsed.requestId) settled.push(parsed);
      else if (parsed.message) messages.push(parsed.message);
      waiters.splice(0).forEach((w) => w());
    });
  }, 180_000);

  afterAll(async () => {
    bridge?.kill('SIGTERM');
    await pair?.close();
    await station?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows a verdict for one line, then delivers 20 lines read while the station was down exactly once', async () => {
    const barcodes = (await db.query<{ barcode: string }>('SELECT barcode FROM voting_right ORDER BY id LIMIT 21')).rows.map((r) => r.barcode);
    // The bridge must have opened the port before the first line is written.
    await until(() => messages.some((m) => m.includes('connecté')), 60_000, `connexion du lecteur (${messages.join(' | ')})`);
    writeFileSync(pair.devicePath, `${barcodes[0]}\r\n`);
    await until(() => settled.length === 1, 20_000, `premier verdict (${messages.join(' | ')})`);
    expect(settled[0]).toMatchObject({ barcode: barcodes[0], status: 'answered', verdict: 'ACCEPTED' });

    const port = new URL(station.url).port;
    await station.close();
    for (const barcode of barcodes.slice(1)) writeFileSync(pair.devicePath, `${barcode}\r\n`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(settled).toHaveLength(1); // nothing can be answered while the station is down

    station = await startStation({ db, port: Number(port) });
    await until(() => settled.length === 21, 60_000, '20 verdicts après redémarrage');
    expect(settled.map((s) => s.barcode)).toEqual(barcodes);
    expect(settled.every((s) => s.verdict === 'ACCEPTED')).toBe(true);
    expect(new Set(settled.map((s) => s.requestId)).size).toBe(21);

    const counted = await db.query<{ scans: number; emarged: number }>(
      'SELECT (SELECT count(*)::int FROM scan) AS scans, (SELECT count(*)::int FROM postal_emargement) AS emarged',
    );
    expect(counted.rows[0]).toEqual({ scans: 21, emarged: 21 });
  }, 180_000);
});
