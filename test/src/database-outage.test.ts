import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@scrutin/db';
import { SYSTEM_ACTOR } from '@scrutin/domain/roles.js';
import { issueStationToken } from '@scrutin/station/scanning/stations.js';
import { ApiClient, createServerDatabase, newRequestId, PASSWORD, setUpElection, startFixture } from './index.js';
import { expectCleanOutage, terminateBusyBackends } from './outage.js';
import { exited, freePort, startStationProcess, waitHealthy } from './station-process.js';

/**
 * Issue 15, item 1: a PostgreSQL connection lost under load (pg_terminate_backend of the station's
 * busy backends, a restart of the server) gives the requests in flight a clean, retryable 503 (or,
 * for a scan, a retry of its own), never the exit of the station; and no acknowledged verdict is lost.
 * The station runs as a real child process (`scrutin serve`) on PostgreSQL only: PGlite has no
 * connection to lose.
 */

const CLIENTS = 8;

type Answer = { verdict: string; scanId: number; replayed: boolean; error?: { code: string; message: string } };
type Reply<T> = { status: number; body: T; retryAfter: string | null };

async function scanOnce(url: string, token: string, requestId: string, barcode: string): Promise<Reply<Answer>> {
  const res = await fetch(`${url}/api/scans`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ requestId, barcode }),
  });
  return { status: res.status, body: (await res.json()) as Answer, retryAfter: res.headers.get('retry-after') };
}

type ServedStation = { child: ChildProcess; url: string; tokens: string[]; barcodes: string[] };

/** `scrutin serve` on the database at `dbUrl`, with an election ready for scanning and one station token per client. */
async function serveElection(dbUrl: string, rights: number): Promise<ServedStation> {
  const db = await openDatabase({ url: dbUrl });
  const f = await startFixture(db);
  await setUpElection(f, { voters: rights, until: 'EMARGEMENT_LOADED', electronic: [] });
  const tokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const issued = await issueStationToken(db, SYSTEM_ACTOR(), { id: `POSTE-${i}`, label: `Poste ${i}`, agentLogin: 'numerisation' });
    if (!issued.ok) throw new Error(issued.error.message);
    tokens.push(issued.value.token);
  }
  const barcodes = (await db.query<{ barcode: string }>('SELECT barcode FROM voting_right ORDER BY id')).rows.map((r) => r.barcode);
  await f.station.close();
  await db.close();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startStationProcess({ DATABASE_URL: dbUrl }, port);
  await waitHealthy(url, child);
  return { child, url, tokens, barcodes };
}

async function stopStation(station: ServedStation | undefined): Promise<void> {
  if (!station) return;
  if (station.child.exitCode === null) station.child.kill('SIGKILL');
  await exited(station.child);
}

type Scanned = { requestId: string; barcode: string; answer: Answer; refusals: number };

/**
 * Each client scans its share of `barcodes` one after the other, sending a request again with the
 * same requestId after a 503 (as the scanner bridge does); `onAcknowledged` sees each first 200.
 */
async function burst(url: string, tokens: string[], barcodes: string[], onAcknowledged: (n: number) => void = () => undefined): Promise<{ scanned: Scanned[]; refusals: Reply<unknown>[] }> {
  const scanned: Scanned[] = [];
  const refusals: Reply<unknown>[] = [];
  await Promise.all(
    tokens.map(async (token, client) => {
      for (let i = client; i < barcodes.length; i += tokens.length) {
        const entry = { requestId: newRequestId(), barcode: barcodes[i]!, refusals: 0 };
        for (;;) {
          const r = await scanOnce(url, token, entry.requestId, entry.barcode);
          if (r.status === 200) {
            scanned.push({ ...entry, answer: r.body });
            onAcknowledged(scanned.length);
            break;
          }
          refusals.push(r);
          entry.refusals++;
          if (entry.refusals > 60) throw new Error(`lecture jamais acceptée : ${r.status} ${JSON.stringify(r.body)}`);
          await new Promise((res) => setTimeout(res, 250));
        }
      }
    }),
  );
  return { scanned, refusals };
}

/** Each scan stored once with its acknowledged answer; each right emarged once; replays unchanged. */
async function expectEveryVerdictKept(dbUrl: string, url: string, tokens: string[], scanned: Scanned[]): Promise<void> {
  const replays = await Promise.all(scanned.map((s, i) => scanOnce(url, tokens[i % tokens.length]!, s.requestId, s.barcode)));
  replays.forEach((r, i) => expect(r.body).toMatchObject({ replayed: true, scanId: scanned[i]!.answer.scanId, verdict: scanned[i]!.answer.verdict }));
  const db = await openDatabase({ url: dbUrl, migrate: false });
  try {
    const stored = await db.query<{ request_id: string; id: number; verdict: string }>('SELECT request_id, id, verdict FROM scan');
    const byRequest = new Map(stored.rows.map((r) => [r.request_id, r]));
    expect(stored.rows.length).toBe(scanned.length);
    for (const s of scanned) expect(byRequest.get(s.requestId)).toMatchObject({ id: s.answer.scanId, verdict: s.answer.verdict });
    const emarged = await db.query<{ n: number; rights: number }>('SELECT count(*)::int AS n, count(DISTINCT right_id)::int AS rights FROM postal_emargement');
    expect(emarged.rows[0]).toEqual({ n: scanned.length, rights: scanned.length });
    const entries = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM journal WHERE action = 'scan'");
    expect(entries.rows[0]!.n).toBe(scanned.length);
  } finally {
    await db.close();
  }
}

describe('backends of the station terminated while requests are in flight [postgres]', () => {
  let server: Awaited<ReturnType<typeof createServerDatabase>>;
  let station: ServedStation;

  beforeAll(async () => {
    server = await createServerDatabase();
    station = await serveElection(server.url, 160);
  }, 180_000);

  afterAll(async () => {
    await stopStation(station);
    await server?.drop();
  });

  test('8 concurrent POST /api/incidents: each is recorded or refused with a retryable 503, and the station keeps serving', async () => {
    const { child, url } = station;
    const president = new ApiClient(url);
    await president.login('president', PASSWORD);
    let terminated = 0;
    const replies: Reply<unknown>[] = [];
    // Rounds until the terminations have landed on requests in flight several times.
    for (let round = 0; round < 40 && terminated < 3; round++) {
      const killing = terminateBusyBackends(server.url);
      const sent = await Promise.all(
        Array.from({ length: CLIENTS }, async (_, i) => {
          const r = await president.post('/api/incidents', { description: `Incident ${round}-${i} : bourrage du lecteur` });
          return { status: r.status, body: r.body, retryAfter: r.headers.get('retry-after') };
        }),
      ).finally(async () => (terminated += await killing.stop()));
      replies.push(...sent);
      expect(child.exitCode).toBeNull();
    }
    expect(terminated).toBeGreaterThanOrEqual(3);
    for (const r of replies) if (r.status !== 201) expectCleanOutage(r);
    // Still serving: the same requests now go through.
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const again = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => president.post('/api/incidents', { description: `Incident après ${i} : lecteur remis en service` })));
    expect(again.map((r) => r.status)).toEqual(Array(CLIENTS).fill(201));
    const refused = replies.filter((r) => r.status === 503).length;
    process.stdout.write(`incidents : ${replies.length} requêtes, ${terminated} connexions terminées, ${refused} refus 503\n`);
  }, 240_000);

  test('a 40-scan burst: every scan gets its verdict, each right is emarged once, the station keeps serving', async () => {
    const { child, url, tokens, barcodes } = station;
    let terminated = 0;
    const all: Scanned[] = [];
    let refusals: Reply<unknown>[] = [];
    // Bursts of 40 fresh envelopes until the terminations have landed on scans in flight.
    for (let start = 0; start + 40 <= barcodes.length && terminated < 3; start += 40) {
      const killing = terminateBusyBackends(server.url);
      const done = await burst(url, tokens, barcodes.slice(start, start + 40)).finally(async () => (terminated += await killing.stop()));
      all.push(...done.scanned);
      refusals = refusals.concat(done.refusals);
      expect(child.exitCode).toBeNull();
    }
    expect(terminated).toBeGreaterThanOrEqual(3);
    for (const r of refusals) expectCleanOutage(r);
    expect(all.every((s) => s.answer.verdict === 'ACCEPTED')).toBe(true);
    await expectEveryVerdictKept(server.url, url, tokens, all);
    expect(Math.max(...all.map((s) => s.refusals))).toBeLessThanOrEqual(3);
    process.stdout.write(`lectures : ${all.length} acquittées, ${terminated} connexions terminées, ${refusals.length} refus 503 renvoyés par les clients\n`);
  }, 240_000);
});

const PG_BIN = '/usr/lib/postgresql/15/bin';
/** Runs a PostgreSQL tool as the postgres user, without blocking the clients of the burst meanwhile. */
function asPostgres(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('runuser', ['-u', 'postgres', '--', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (status) => resolve({ status, stderr }));
  });
}

/**
 * A throw-away PostgreSQL cluster of this test on a free port, never the shared server: the test
 * restarts it. Needs root (runuser) and the PostgreSQL 15 binaries, as on the CI machine.
 */
async function privateCluster(): Promise<{ url: string; restart(): Promise<number>; remove(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-pg-'));
  chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  const data = join(dir, 'data');
  const init = await asPostgres([`${PG_BIN}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  if (init.status !== 0) throw new Error(`initdb : ${init.stderr}`);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c shared_buffers=16MB -c max_connections=60`;
  const ctl = (...args: string[]) => asPostgres([`${PG_BIN}/pg_ctl`, '-D', data, '-l', join(dir, 'log'), '-o', options, '-w', ...args]);
  const started = await ctl('start');
  if (started.status !== 0) throw new Error(`pg_ctl start : ${started.stderr}`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      const at = Date.now();
      const r = await ctl('restart', '-m', 'fast');
      if (r.status !== 0) throw new Error(`pg_ctl restart : ${r.stderr}`);
      return Date.now() - at;
    },
    async remove() {
      await ctl('stop', '-m', 'immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('PostgreSQL restarted during a scan burst [postgres, private cluster]', () => {
  let cluster: Awaited<ReturnType<typeof privateCluster>>;
  let station: ServedStation;
  let dbUrl = '';

  beforeAll(async () => {
    cluster = await privateCluster();
    dbUrl = (await createServerDatabase(cluster.url)).url;
    station = await serveElection(dbUrl, 96);
  }, 240_000);

  afterAll(async () => {
    await stopStation(station);
    await cluster?.remove();
  });

  test('no acknowledged verdict is lost and the station serves again without being restarted', async () => {
    const { child, url, tokens, barcodes } = station;
    let restartMs = 0;
    let restarted: Promise<void> | null = null;
    const done = await burst(url, tokens, barcodes, (n) => {
      // The restart lands in the middle of the burst, scans in flight on every client.
      if (n === 24) restarted = cluster.restart().then((ms) => void (restartMs = ms));
    });
    await restarted;
    expect(restartMs).toBeGreaterThan(0);
    expect(child.exitCode).toBeNull();
    for (const r of done.refusals) expectCleanOutage(r);
    expect(done.scanned.map((s) => s.answer.verdict)).toEqual(Array(barcodes.length).fill('ACCEPTED'));
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    await expectEveryVerdictKept(dbUrl, url, tokens, done.scanned);
    process.stdout.write(`redémarrage de PostgreSQL : ${restartMs} ms, ${done.scanned.length} lectures acquittées, ${done.refusals.length} refus 503 renvoyés par les clients\n`);
  }, 240_000);
});
