// Issue 17, item 3, for the counting hall: 32 scanning stations send a burst of scans to the station (a
// real `scrutin serve` whose DATABASE_URL names the primary and its synchronous standby) while the
// primary's machine dies and the standby is promoted. Each scanner sends the same request again until it is
// answered, as the bridge does with its durable queue. After: every acknowledged verdict is stored as
// answered, every request once, no right emarged twice, the journal verifies and has one entry per scan.
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { openDatabase, type Db } from '@scrutin/db';
import { verifyJournal } from '@scrutin/station/journal/verify.js';
import { newRequestId } from '../index.js';
import { emargementViolations, prepareScanBurst } from '../scan-burst.js';
import { exited, freePort, startStationProcess, waitHealthy } from '../station-process.js';
import { createCluster, type Cluster } from './cluster.js';
import { outageAfter, type Attempt } from './voters.js';

const STATIONS = 32;
const SCANS_PER_STATION = 25;
const RIGHTS = 400; // fewer rights than scans: stations collide on the same envelopes
const ELECTRONIC = [1, 2, 3];
const DETECTION_MS = 1000;
const RESUME_TARGET_MS = 10_000;

type Sent = { requestId: string; station: number; barcode: string; verdict?: string; scanId?: number };

describe('primary lost and standby promoted during a 32-station scan burst [postgres, ha]', () => {
  let cluster: Cluster;
  let station: ChildProcess;
  let url = '';
  let tokens: string[] = [];
  let barcodes: string[] = [];

  beforeAll(async () => {
    cluster = await createCluster();
    const db = await openDatabase({ url: cluster.url });
    ({ tokens, barcodes } = await prepareScanBurst(db, { rights: RIGHTS, stations: STATIONS, electronic: ELECTRONIC }));
    await db.close();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    station = startStationProcess({ DATABASE_URL: cluster.url }, port);
    await waitHealthy(url, station);
  }, 600_000);

  afterAll(async () => {
    if (station && station.exitCode === null && station.signalCode === null) station.kill('SIGKILL');
    if (station) await exited(station);
    cluster?.remove();
  });

  test('every acknowledged verdict stored as answered, every request once, the journal verifies', async () => {
    const sent: Sent[] = [];
    const attempts: Attempt[] = [];
    const refusals: string[] = [];
    let acknowledged = 0;
    let eventAt = 0;
    let promotedAt = 0;
    let failover: Promise<void> | null = null;
    const trigger = Math.floor((STATIONS * SCANS_PER_STATION) / 4);

    /** One scan, sent again with the same request id until the station answers it (the bridge's queue). */
    async function scanUntilAnswered(entry: Sent): Promise<void> {
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
        const startedAt = Date.now();
        try {
          const res = await fetch(`${url}/api/scans`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens[entry.station]}` },
            body: JSON.stringify({ requestId: entry.requestId, barcode: entry.barcode }),
          });
          const body = (await res.json()) as { verdict: string; scanId: number; error?: { message: string } };
          attempts.push({ startedAt, at: Date.now(), served: res.status !== 503 });
          if (res.status === 200) return void Object.assign(entry, { verdict: body.verdict, scanId: body.scanId });
          if (res.status !== 503 || !/^Base de données momentanément indisponible/.test(body.error?.message ?? '')) refusals.push(`${res.status} ${JSON.stringify(body)}`);
        } catch {
          attempts.push({ startedAt, at: Date.now(), served: false });
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`scan ${entry.requestId} sans réponse en 120 s`);
    }

    await Promise.all(
      Array.from({ length: STATIONS }, async (_, s) => {
        for (let i = 0; i < SCANS_PER_STATION; i++) {
          const entry: Sent = { requestId: newRequestId(), station: s, barcode: barcodes[Math.floor(Math.random() * barcodes.length)]! };
          sent.push(entry);
          await scanUntilAnswered(entry);
          if (++acknowledged === trigger)
            failover = (async () => {
              eventAt = Date.now();
              cluster.killPrimary();
              await new Promise((r) => setTimeout(r, DETECTION_MS));
              cluster.promoteStandby();
              promotedAt = Date.now();
            })();
        }
      }),
    );
    await failover;
    expect(refusals).toEqual([]);
    expect(eventAt).toBeGreaterThan(0);
    const outage = outageAfter(attempts, eventAt);
    process.stdout.write(
      `rafale de ${STATIONS} postes : ${sent.length} scans, ${outage.failed} refus 503 ou coupures après la perte du primaire, service rétabli en ${outage.resumedAfterMs} ms (charge ${loadavg()[0]!.toFixed(1)})\n`,
    );
    expect(outage.resumedAfterMs).toBeLessThan(RESUME_TARGET_MS);
    // The loss fell inside the burst: scans were still sent once the standby was promoted.
    expect(attempts.filter((a) => a.startedAt > promotedAt).length).toBeGreaterThan(STATIONS);

    const db: Db = await openDatabase({ url: cluster.url, migrate: false, poolSize: 2 });
    try {
      const stored = await db.query<{ request_id: string; id: number; verdict: string }>('SELECT request_id, id, verdict FROM scan');
      const byRequest = new Map(stored.rows.map((r) => [r.request_id, r]));
      expect(stored.rows.length).toBe(sent.length);
      for (const s of sent) expect(byRequest.get(s.requestId)).toMatchObject({ id: s.scanId, verdict: s.verdict });
      expect(await emargementViolations(db)).toEqual({ doubled: [], orphan: [], dual: [] });
      expect((await verifyJournal(db)).problems).toEqual([]);
      const entries = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM journal WHERE action = 'scan'");
      expect(entries.rows[0]!.n).toBe(sent.length);
    } finally {
      await db.close();
    }
  }, 600_000);
});
