// Scanning throughput: 32 simulated stations over HTTP against PostgreSQL, compared with the
// same database work driven directly through pg in the same run; then the same on PGlite.
// Scale with SCAN_RIGHTS (default 1,000,000), SCAN_COUNT (50,000), SCAN_CLIENTS (32),
// SCAN_PGLITE_CLIENTS (4), SCAN_PGLITE_RIGHTS, SCAN_PGLITE_COUNT (10,000), SCAN_PGLITE=0 to skip PGlite, SCRUTIN_BENCH_PG (server URL),
// SCAN_PACE (scans per second per station in the paced run, 5) and SCAN_PACED_COUNT (4,800).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '@scrutin/db';
import { startStation } from '@scrutin/station/server.js';
import { httpLoad, pgBaseline, pgliteBaseline, plan, type Figures } from './load.js';
import { populate, REPO_ROOT } from './populate.js';

const RIGHTS = Number(process.env.SCAN_RIGHTS ?? 1_000_000);
const COUNT = Number(process.env.SCAN_COUNT ?? 50_000);
const CLIENTS = Number(process.env.SCAN_CLIENTS ?? 32);
const PGLITE_CLIENTS = Number(process.env.SCAN_PGLITE_CLIENTS ?? 4);
const PGLITE_COUNT = Number(process.env.SCAN_PGLITE_COUNT ?? Math.min(COUNT, 10_000));
const PGLITE_RIGHTS = Number(process.env.SCAN_PGLITE_RIGHTS ?? RIGHTS);
const PACE = Number(process.env.SCAN_PACE ?? 5);
const PACED_COUNT = Number(process.env.SCAN_PACED_COUNT ?? 4800);
const SERVER = process.env.SCRUTIN_BENCH_PG ?? process.env.SCRUTIN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (t: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${t}\n`);

async function serve(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'station', 'bin', 'scrutin.js'), 'serve', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('station exited');
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('station did not start');
}
const stop = (child: ChildProcess) => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')));
const ratio = (a: Figures, b: Figures) => Math.round((a.perSecond / b.perSecond) * 100) / 100;
const half = Math.floor(RIGHTS / 2);

async function postgres(): Promise<Record<string, unknown>> {
  const name = `scrutin_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString();
  try {
    let t = performance.now();
    const db = await openDatabase({ url });
    const data = await populate(db, { rights: RIGHTS, electronicShare: 0.08, stations: CLIENTS });
    const populateSeconds = (performance.now() - t) / 1000;
    log(`PostgreSQL: ${RIGHTS} rights in ${populateSeconds.toFixed(1)} s`);
    // Distinct rights for each run (station, station in process, baseline): no collision between runs.
    const fifth = Math.floor(RIGHTS / 5);
    const work = plan(COUNT + 1000 + PACED_COUNT, 1, 2 * fifth, data.barcodes);
    const inProcessWork = plan(Math.floor(COUNT / 2), 2 * fifth + 1, half, data.barcodes);
    const baseWork = plan(COUNT + PACED_COUNT, half + 1, RIGHTS, data.barcodes);

    const port = 18_000 + Math.floor(Math.random() * 2000);
    const child = await serve({ DATABASE_URL: url }, port);
    await httpLoad(`http://127.0.0.1:${port}`, data.tokens, work.slice(0, 1000)); // warm-up: JIT, pool, caches
    t = performance.now();
    const station = await httpLoad(`http://127.0.0.1:${port}`, data.tokens, work.slice(1000, 1000 + COUNT));
    log(`station (child process): ${JSON.stringify(station)}`);
    // Latency as agents see it: every station at a steady pace (5/s is five times a person's), far below saturation.
    const paced = await httpLoad(`http://127.0.0.1:${port}`, data.tokens, work.slice(1000 + COUNT), PACE);
    log(`station (child process), ${PACE} scans/s per station: ${JSON.stringify(paced)}`);
    await stop(child);

    // The station in this process: the clients share its event loop (2 cores).
    const running = await startStation({ db });
    const inProcess = await httpLoad(running.url, data.tokens, inProcessWork);
    log(`station (in process): ${JSON.stringify(inProcess)}`);
    await running.close();
    await db.close();

    const baseline = await pgBaseline(url, CLIENTS, baseWork.slice(0, COUNT));
    log(`baseline pg: ${JSON.stringify(baseline)}`);
    const baselinePaced = await pgBaseline(url, CLIENTS, baseWork.slice(COUNT), PACE);
    log(`baseline pg, ${PACE} scans/s per client: ${JSON.stringify(baselinePaced)}`);
    return {
      clients: CLIENTS,
      populateSeconds: Math.round(populateSeconds * 10) / 10,
      station,
      stationPaced: { perStationRate: PACE, ...paced },
      stationInProcess: inProcess,
      baseline,
      baselinePaced: { perClientRate: PACE, ...baselinePaced },
      ratio: ratio(station, baseline),
      ratioInProcess: ratio(inProcess, baseline),
      targets: { ratioAtLeast: 0.5, p99UnderMs: 25, ratioMet: ratio(station, baseline) >= 0.5, p99MetAtSaturation: station.p99Ms < 25, p99MetPaced: paced.p99Ms < 25 },
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function pglite(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-bench-scan-'));
  try {
    let t = performance.now();
    let db = await openDatabase({ dataDir: dir });
    const data = await populate(db, { rights: PGLITE_RIGHTS, electronicShare: 0.08, stations: PGLITE_CLIENTS });
    await db.close();
    const populateSeconds = (performance.now() - t) / 1000;
    log(`PGlite: ${PGLITE_RIGHTS} rights in ${populateSeconds.toFixed(1)} s`);
    const liteHalf = Math.floor(PGLITE_RIGHTS / 2);
    const work = plan(PGLITE_COUNT + 500, 1, liteHalf, data.barcodes);
    const baseWork = plan(PGLITE_COUNT, liteHalf + 1, PGLITE_RIGHTS, data.barcodes);
    const port = 20_000 + Math.floor(Math.random() * 2000);
    const child = await serve({ SCRUTIN_DATA: dir }, port);
    await httpLoad(`http://127.0.0.1:${port}`, data.tokens, work.slice(0, 500));
    t = performance.now();
    const station = await httpLoad(`http://127.0.0.1:${port}`, data.tokens, work.slice(500));
    log(`PGlite station (child process): ${JSON.stringify(station)}`);
    await stop(child);
    db = await openDatabase({ dataDir: dir });
    const baseline = await pgliteBaseline(db, PGLITE_CLIENTS, baseWork);
    log(`PGlite baseline: ${JSON.stringify(baseline)}`);
    await db.close();
    return { rights: PGLITE_RIGHTS, clients: PGLITE_CLIENTS, populateSeconds: Math.round(populateSeconds * 10) / 10, station, baseline, ratio: ratio(station, baseline) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const result: Record<string, unknown> = { benchmark: 'scan', rights: RIGHTS, electronicShare: 0.08, scans: COUNT };
result.postgres = await postgres();
if (process.env.SCAN_PGLITE !== '0') result.pglite = await pglite();
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
