// Delay from a scan to the results screen (issue: « the screen follows within one second »; target 500 ms):
// a station on PGlite with the test fixture's election, the results screen of the projector account open
// in headless Chromium, 50 scans sent 300 ms apart over HTTP (scans a person makes are seconds apart, so
// each measurement is independent of the station's 250 ms batching of counter events). The browser notes
// when each new count appears (both clocks are this machine's). Baseline, same run and same scans: the
// HTTP round trip of the scan itself, i.e. what the station needs before any screen can know.
// Usage: node --conditions=scrutin-source --import tsx bench/dashboard/run.ts [scans=50]
// Prints one JSON object: median, p95 and max of both, the ratio of the p95s, the load average.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { Db } from '@scrutin/db';
import { createTestDatabase, newRequestId, REPO_ROOT, setUpElection, startFixture } from '@scrutin/test';
import { launchBrowser, newPage, signIn, waitForValue } from '@scrutin/test/browser/browser.js';
import { quantile } from '../quantile.js';

const SCANS = Number(process.argv[2] ?? 50);

/** Median, p95 and max of a list of milliseconds. */
function summary(ms: number[]): { median: number; p95: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: quantile(sorted, 1) };
}

async function barcodesOf(db: Db): Promise<Map<number, string>> {
  const { rows } = await db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right ORDER BY id');
  return new Map(rows.map((r) => [Number(r.id), r.barcode]));
}

if (!existsSync(join(REPO_ROOT, 'dashboard', 'dist', 'index.html'))) throw new Error('dashboard/dist absent : lancez « npm run build:dashboard » avant ce banc.');
const loadBefore = loadavg();
const t = await createTestDatabase('pglite');
const f = await startFixture(t.db);
const browser = await launchBrowser();
try {
  await setUpElection(f, { voters: SCANS + 20, until: 'EMARGEMENT_LOADED', electronic: [] });
  const barcodes = await barcodesOf(t.db);
  const results = await newPage(browser);
  await signIn(results, f.station.url, 'observateur', 'PROJECTEUR');
  await results.getByTestId('postal').waitFor();
  await results.evaluate(`(() => {
    window.seen = {};
    const note = () => {
      const el = document.querySelector('[data-testid="postal"]');
      if (el) window.seen[Number(el.textContent.replace(/\\D/g, ''))] ??= Date.now();
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
  const client = await f.client('numerisation2', 'POSTE-02');
  const screen: number[] = [];
  const roundTrip: number[] = [];
  let expected = Number((await results.getByTestId('postal').innerText()).replace(/\D/g, ''));
  for (let id = 1; id <= SCANS; id++) {
    const sentAt = Date.now();
    const r = await client.post<{ verdict: string }>('/api/scans', { requestId: newRequestId(), barcode: barcodes.get(id)! });
    roundTrip.push(Date.now() - sentAt);
    if (r.body.verdict !== 'ACCEPTED') throw new Error(`scan ${id} : ${r.body.verdict}`);
    expected++;
    screen.push((await waitForValue<number>(results, `window.seen[${expected}]`, 30_000)) - sentAt);
    await new Promise((res) => setTimeout(res, 300));
  }
  const s = summary(screen);
  const b = summary(roundTrip);
  console.log(
    JSON.stringify({
      bench: 'dashboard',
      scans: SCANS,
      scanToResultsScreenMs: s,
      baselineScanRoundTripMs: b,
      ratioP95: Number((s.p95 / b.p95).toFixed(2)),
      targetP95Ms: 500,
      loadAverage: { before: loadBefore.map((x) => Number(x.toFixed(2))), after: loadavg().map((x) => Number(x.toFixed(2))) },
    }),
  );
} finally {
  await browser.close();
  await f.station.close();
  await t.drop();
}
