// A station keeps answering scans while an urn is checked (issue « The commission's day », item 1): the
// proofs are checked in worker threads, off the event loop that serves every scanning station. Before,
// an urn of a few hundred ballots was checked in-process and every scan waited for it.
import { stationManifest } from '@scrutin/station/counting/unseal.js';
import { makeUrnLines, testCeremony } from '@scrutin/station/testing';
import { loadUrnBases } from '@scrutin/station/results/results.js';
import { describeEachDatabase, newRequestId, setUpElection, startFixture, type Fixture } from './index.js';

const ELECTRONIC = 60;
const SCAN_EVERY_MS = 100;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describeEachDatabase('scans answered while the urn is checked', (get, kind) => {
  let f: Fixture;
  let urn = '';
  let barcodes: string[] = [];
  let ballots = 0;

  beforeAll(async () => {
    f = await startFixture(get().db);
    await setUpElection(f, { voters: ELECTRONIC + 120, until: 'EMARGEMENT_LOADED', electronic: Array.from({ length: ELECTRONIC }, (_, i) => i + 1) });
    const bases = await loadUrnBases(get().db);
    const manifest = stationManifest(f.definition.code, bases);
    ballots = bases.reduce((n, b) => n + b.electronicVoters, 0);
    urn = makeUrnLines(manifest, testCeremony(f.definition.code).key, Object.fromEntries(bases.map((b) => [b.id, b.electronicVoters])), f.platformKey).join('\n') + '\n';
    const { rows } = await get().db.query<{ barcode: string }>('SELECT barcode FROM voting_right WHERE id > $1 ORDER BY id', [ELECTRONIC]);
    barcodes = rows.map((r) => r.barcode);
    // Encrypting the urn above held this process's event loop, which the in-process station shares: let it
    // close its idle keep-alive sockets before the next request, or fetch may reuse one being closed.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }, 600_000);
  afterAll(() => f.station.close());

  test('scan latency with and without an urn check running', async () => {
    const agent = await f.client('numerisation', 'POSTE-01');
    const viewer = await f.client('observateur');
    const scanOnce = async (): Promise<number> => {
      const started = performance.now();
      const r = await agent.post<{ verdict: string }>('/api/scans', { requestId: newRequestId(), barcode: barcodes.shift()! });
      expect(r.status).toBe(200);
      expect(r.body.verdict).toBe('ACCEPTED');
      return performance.now() - started;
    };
    const pause = () => new Promise((r) => setTimeout(r, SCAN_EVERY_MS));

    const idle: number[] = [];
    for (let i = 0; i < 15; i++) {
      idle.push(await scanOnce());
      await pause();
    }

    let checking = true;
    const checkStarted = performance.now();
    const check = viewer
      .request<{ integrity: { valid: boolean; ballotCount: number } }>('POST', '/api/unseal/check', urn, { 'Content-Type': 'application/x-ndjson' })
      .finally(() => (checking = false));
    const during: number[] = [];
    while (checking && barcodes.length > 0) {
      during.push(await scanOnce());
      await pause();
    }
    const checked = await check;
    const checkMs = performance.now() - checkStarted;
    expect(checked.status).toBe(200);
    expect(checked.body.integrity).toMatchObject({ valid: true, ballotCount: ballots });

    const figures = {
      database: kind,
      ballots,
      checkSeconds: Math.round(checkMs / 100) / 10,
      scansDuringCheck: during.length,
      idleMs: { median: Math.round(median(idle)), max: Math.round(Math.max(...idle)) },
      duringCheckMs: { median: Math.round(median(during)), max: Math.round(Math.max(...during)) },
    };
    console.log(`unseal-responsiveness ${JSON.stringify(figures)}`);
    // The check must have overlapped several scans, or this test proves nothing.
    expect(during.length).toBeGreaterThanOrEqual(5);
    // Generous bound for a loaded 2-core machine: in-process, every scan waited for the whole check.
    expect(Math.max(...during)).toBeLessThan(Math.max(2000, checkMs / 3));
  }, 600_000);
});
