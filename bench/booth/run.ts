// Ballots accepted per second over HTTP with N concurrent voters against PostgreSQL, proofs verified on
// arrival; p99 latency. Two platforms in the same run: "batched" (the platform's default: submissions of
// a few ms verified together by evote's batched check, in evote's worker threads) and the baseline
// "direct" (each submission verified alone on the request thread, as before). The bare atomic emargement +
// ballot transaction (no HTTP, no proof) is also given, as the database's ceiling.
// Then the browser's part: encryption of one 40-candidate ballot in headless Chromium (evote bundled as the
// booth bundles it), against the same encryption in Node in the same run.
// Usage: npx tsx bench/booth/run.ts [voters=200] [candidates=10] [workers=cores]
//
// Nodes mode (issue 17, item 4): npx tsx bench/booth/run.ts nodes [voters=200] [candidates=10]
// The same N concurrent voters (one fresh database on 127.0.0.1:5432 per run, sessions made beforehand,
// ballots encrypted beforehand, proofs verified by the nodes) vote over real HTTP through HAProxy run from
// docker/haproxy.cfg (round robin, as in production), first in front of 1 node, then of 2 nodes: separate
// `scrutin-platform serve` processes (test/src/ha/nodes.ts) on the same database, with the machine's cores
// shared out as verification workers (cores / nodes each, at least 1). Prints ballots/s, per node, per core,
// p50/p99 latency, each node's CPU per ballot, the 2-node/1-node ratio, and the bare transaction baseline.
// Latency includes whatever the platform waits before acknowledging (e.g. an anonymity batch's timer).
import { performance } from 'node:perf_hooks';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import * as evote from '@scrutin/evote';
import { G, randomScalar } from '@scrutin/evote/group.js';
import { createServerDatabase } from '@scrutin/test/databases.js';
import { openPlatformDatabase } from '@scrutin/platform/database.js';
import { startPlatform } from '@scrutin/platform/server.js';
import { encryptForUrns } from '@scrutin/platform/testing';
import { openedBenchElection, type PlatformDb } from '../platform-election.js';
import { createContext } from '@scrutin/platform/context.js';
import { tokenHash } from '@scrutin/platform/voting/sessions.js';
import { startNode, startProxy, type Node, type Proxy } from '@scrutin/test/ha/nodes.js';
import { quantile } from '../quantile.js';

const nodesMode = process.argv[2] === 'nodes';
const args = process.argv.slice(nodesMode ? 3 : 2);
const voters = Number(args[0] ?? 200);
const candidates = Number(args[1] ?? 10);
const workers = Number(args[2] ?? availableParallelism());
const cores = availableParallelism();

type Job = { token: string; body: string; ballots: number };

/**
 * Loads `voters` test voters into `db`, opens the vote and returns one ready request per voter: a session
 * made directly (cookie + CSRF; logins are not what is measured) and its ballots encrypted beforehand
 * (the browser's job), one mark per urn of its first right.
 */
async function prepareVoters(db: PlatformDb): Promise<Job[]> {
  const { file, ceremony } = await openedBenchElection(db, voters, candidates);
  const e = (await createContext(db, undefined, 'direct').election())!;
  const jobs: Job[] = [];
  for (const v of file.voters) {
    const token = `t${v.id}`;
    await db.query("INSERT INTO voter_file.session VALUES ($1, $2, 'c', now() + interval '1 hour')", [tokenHash(token), v.id]);
    const right = v.rights[0]!;
    const ballots = encryptForUrns(e, ceremony.key, e.units.filter((u) => u.categoryCode === right.categoryCode).map((u) => ({ urnId: u.urnId, marks: [0] })));
    jobs.push({ token, body: JSON.stringify({ rightId: right.id, ballots }), ballots: ballots.length });
  }
  return jobs;
}

/** All jobs sent at once to `url`/api/vote; every answer must be a 200. Returns wall seconds and sorted latencies (ms). */
async function sendAll(url: string, jobs: readonly Job[]): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(jobs.map(async (j) => {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/vote`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: `scrutin_isoloir=${j.token}`, 'X-CSRF-Token': 'c' }, body: j.body });
    if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
    latencies.push(performance.now() - t0);
  }));
  latencies.sort((a, b) => a - b);
  return { seconds: (performance.now() - started) / 1000, latencies };
}

const percentile = (sorted: readonly number[], p: number) => Math.round(quantile(sorted, p));

async function measure(verification: 'direct' | 'batched') {
  const server = await createServerDatabase();
  const db = await openPlatformDatabase({ url: server.url, poolSize: 20 });
  try {
    const jobs = await prepareVoters(db);
    const platform = await startPlatform({ db, verification, verifyWorkers: verification === 'batched' ? workers : 0 });
    const cpu0 = process.cpuUsage();
    const { seconds, latencies } = await sendAll(platform.url, jobs);
    // CPU of the whole process (worker threads included): unlike the wall clock, not hostage to the other loads on the machine.
    const cpu = process.cpuUsage(cpu0);
    await platform.close();
    const ballots = jobs.reduce((n, j) => n + j.ballots, 0);
    const figures = { ballotsPerSecond: Math.round(ballots / seconds), submissionsPerSecond: Math.round(jobs.length / seconds), p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), cpuMsPerBallot: Number(((cpu.user + cpu.system) / 1000 / ballots).toFixed(1)), ballots };
    if (verification === 'direct') return { ...figures, bareTransactionBallotsPerSecond: await bareTransactions(db) };
    return figures;
  } finally {
    await db.close();
    await server.drop();
  }
}

/** The same atomic emargement + ballot insert, no HTTP and no proof check, 20 at a time. */
async function bareTransactions(db: PlatformDb): Promise<number> {
  const t1 = performance.now();
  const ids = Array.from({ length: voters }, (_, i) => i);
  await db.query("INSERT INTO voter_file.voter (id, voter_number, last_name, first_names, birth_date) SELECT 100000 + g, 'B' || g, 'B', 'B', '1970-01-01' FROM generate_series(0, $1) g", [voters]);
  await db.query("INSERT INTO voter_file.voting_right (id, voter_id, category_code, label) SELECT 900000 + g, 100000 + g, 'C', 'C' FROM generate_series(0, $1) g", [voters]);
  for (let k = 0; k < ids.length; k += 20)
    await Promise.all(ids.slice(k, k + 20).map((i) => db.transaction(async (tx) => {
      await tx.query('SET LOCAL ROLE scrutin_voter_file');
      await tx.query('INSERT INTO voter_file.emargement VALUES ($1, now())', [900000 + i]);
      await tx.query('SET LOCAL ROLE scrutin_urn');
      await tx.query("INSERT INTO urn.ballot VALUES ($1, 'CCIR-C', 'x', current_date, 1), ($2, 'CCIT-C', 'x', current_date, 1)", [String(i).padStart(64, 'a'), String(i).padStart(64, 'b')]);
    })));
  return Math.round((2 * voters) / ((performance.now() - t1) / 1000));
}

/** Median of `rounds` encryptions of one ballot of 40 candidates (3 seats, 2 marks), in Chromium and in Node. */
async function browserEncryption(rounds = 9) {
  const manifest = { electionCode: 'BENCH', urns: [{ id: 'U40', label: 'Urne de 40', seats: 3, candidates: Array.from({ length: 40 }, (_, i) => `C${i + 1}`) }] };
  const key = G.multiply(randomScalar());
  // Serialised into the page: everything it uses comes in as arguments.
  const run = (e: typeof evote, publicKey: string, urn: (typeof manifest.urns)[number], rounds: number) => {
    const ctx = { publicKey: e.decodePoint(publicKey), manifestFingerprint: 'bench', urn };
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const b = e.encryptBallot(ctx, [i % 40, (i + 7) % 40]);
      if (!b.ok) throw new Error(b.error.message);
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
  };
  const bundle = await build({ entryPoints: [join(import.meta.dirname, '..', '..', 'evote', 'src', 'index.ts')], bundle: true, write: false, format: 'iife', globalName: 'evote', platform: 'browser', target: 'es2022' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const args = [JSON.stringify(evote.encodePoint(key)), JSON.stringify(manifest.urns[0]), rounds].join(', ');
    const inBrowser = (await page.evaluate(`(${run.toString()})(globalThis.evote, ${args})`)) as number;
    const inNode = run(evote, evote.encodePoint(key), manifest.urns[0]!, rounds);
    return { candidates: 40, chromiumMs: Math.round(inBrowser), nodeMs: Math.round(inNode), ratioToNode: Number((inBrowser / inNode).toFixed(2)), targetUnderMs: 1000, met: inBrowser < 1000 };
  } finally {
    await browser.close();
  }
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** User + system CPU (ms) of process `pid` and all its threads so far, from /proc/<pid>/stat (Linux). */
function processCpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim().split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * The voters through HAProxy in front of `count` node processes on a fresh database. Each node's CPU is read
 * from /proc, so that "per core" can be told apart from what the other loads of the machine took.
 * With `baseline`, the bare transaction is measured afterwards on the same database.
 */
async function measureNodes(count: number, baseline: boolean) {
  const server = await createServerDatabase();
  const db = await openPlatformDatabase({ url: server.url, poolSize: 20 });
  const dir = mkdtempSync(join(tmpdir(), 'scrutin-bench-nodes-'));
  const nodes: Node[] = [];
  let proxy: Proxy | undefined;
  const workersPerNode = Math.max(1, Math.floor(cores / count));
  try {
    const jobs = await prepareVoters(db);
    for (let i = 1; i <= count; i++) nodes.push(await startNode(`noeud${i}`, server.url, dir, { PLATFORM_VERIFY_WORKERS: String(workersPerNode) }));
    proxy = await startProxy(nodes);
    const cpu0 = nodes.map((n) => processCpuMs(n.process.pid!));
    const { seconds, latencies } = await sendAll(proxy.url, jobs);
    const cpu = nodes.map((n, i) => processCpuMs(n.process.pid!) - cpu0[i]!);
    const ballots = jobs.reduce((n, j) => n + j.ballots, 0);
    const ballotsPerSecond = ballots / seconds;
    return {
      nodes: count,
      verifyWorkersPerNode: workersPerNode,
      ballots,
      seconds: Number(seconds.toFixed(2)),
      ballotsPerSecond: Math.round(ballotsPerSecond),
      // Round robin: each node took about 1/count of the requests.
      ballotsPerSecondPerNode: Math.round(ballotsPerSecond / count),
      ballotsPerSecondPerCore: Math.round(ballotsPerSecond / cores),
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      // CPU of each node process (worker threads included), then of all nodes per ballot: HAProxy's and PostgreSQL's are not in it.
      nodeCpuMs: cpu.map((c) => Math.round(c)),
      nodesCpuMsPerBallot: Number((cpu.reduce((a, b) => a + b, 0) / ballots).toFixed(1)),
      ...(baseline ? { bareTransactionBallotsPerSecond: await bareTransactions(db) } : {}),
    };
  } finally {
    await proxy?.stop();
    for (const n of nodes) n.kill();
    await db.close();
    await server.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (nodesMode) {
  const load0 = loadavg()[0];
  const one = await measureNodes(1, true);
  const two = await measureNodes(2, false);
  console.log(JSON.stringify({
    mode: 'nodes', routing: 'haproxy-roundrobin', voters, candidatesPerUrn: candidates, concurrent: voters, cores,
    oneNode: one, twoNodes: two,
    ratioTwoToOne: Number((two.ballotsPerSecond / one.ballotsPerSecond).toFixed(2)),
    loadAverageBefore: load0, loadAverageAfter: loadavg()[0],
  }));
} else {
  const batched = await measure('batched');
  const direct = await measure('direct');
  const encryption = await browserEncryption();
  console.log(JSON.stringify({
    voters, candidatesPerUrn: candidates, concurrent: voters, workers,
    batched, direct,
    ratioToDirect: Number((batched.ballotsPerSecond / direct.ballotsPerSecond).toFixed(2)),
    cpuRatioToDirect: Number((batched.cpuMsPerBallot / direct.cpuMsPerBallot).toFixed(2)),
    encryption,
    loadAverage: loadavg()[0],
  }));
}
