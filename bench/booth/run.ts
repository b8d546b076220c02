// Ballots accepted per second over HTTP with N concurrent voters against PostgreSQL, proofs verified on
// arrival; p99 latency. Two platforms in the same run: "batched" (the platform's default: submissions of
// a few ms verified together by evote's batched check, in evote's worker threads) and the baseline
// "direct" (each submission verified alone on the request thread, as before). The bare atomic emargement +
// ballot transaction (no HTTP, no proof) is also given, as the database's ceiling.
// Then the browser's part: encryption of one 40-candidate ballot in headless Chromium (evote bundled as the
// booth bundles it), against the same encryption in Node in the same run.
// Usage: npx tsx bench/booth/run.ts [voters=200] [candidates=10] [workers=cores]
import { performance } from 'node:perf_hooks';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import * as evote from '@scrutin/evote';
import { G, randomScalar } from '@scrutin/evote/group.js';
import { createServerDatabase } from '@scrutin/test/databases.js';
import { openPlatformDatabase } from '@scrutin/platform/database.js';
import { loadPlatform } from '@scrutin/platform/load/load.js';
import { addStaff, openVote } from '@scrutin/platform/operations.js';
import { startPlatform } from '@scrutin/platform/server.js';
import { encryptForUrns, runCeremony, testLoadFile } from '@scrutin/platform/testing.js';
import { createContext } from '@scrutin/platform/context.js';
import { tokenHash } from '@scrutin/platform/voting/sessions.js';

const voters = Number(process.argv[2] ?? 200);
const candidates = Number(process.argv[3] ?? 10);
const workers = Number(process.argv[4] ?? availableParallelism());

async function measure(verification: 'direct' | 'batched') {
  const server = await createServerDatabase();
  const db = await openPlatformDatabase({ url: server.url, poolSize: 20 });
  try {
    const file = testLoadFile(voters, { candidates });
    const ceremony = runCeremony(file.electionCode);
    const loaded = await loadPlatform(db, file, ceremony.key);
    if (!loaded.ok) throw new Error(loaded.error.join());
    // Credentials without scrypt cost: logins are not what is measured here.
    await db.query("UPDATE voter_file.voter SET identifier = 'b' || id, password_hash = 'x'");
    const admin = await addStaff(db, { login: 'admin', displayName: 'A', role: 'admin', password: 'phare-ouverture-2026' });
    if (!admin.ok || !(await openVote(db, admin.value)).ok) throw new Error('ouverture');
    const platform = await startPlatform({ db, verification, verifyWorkers: verification === 'batched' ? workers : 0 });
    const e = (await createContext(db, undefined, 'direct').election())!;
    // Sessions made directly, one per voter (cookie + CSRF), and ballots encrypted beforehand (the browser's job).
    const jobs = [];
    for (const v of file.voters) {
      const token = `t${v.id}`;
      await db.query("INSERT INTO voter_file.session VALUES ($1, $2, 'c', now() + interval '1 hour')", [tokenHash(token), v.id]);
      const right = v.rights[0]!;
      const ballots = encryptForUrns(e, ceremony.key, e.units.filter((u) => u.categoryCode === right.categoryCode).map((u) => ({ urnId: u.urnId, marks: [0] })));
      jobs.push({ token, body: JSON.stringify({ rightId: right.id, ballots }), ballots: ballots.length });
    }
    const latencies: number[] = [];
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    await Promise.all(jobs.map(async (j) => {
      const t0 = performance.now();
      const res = await fetch(`${platform.url}/api/vote`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: `scrutin_isoloir=${j.token}`, 'X-CSRF-Token': 'c' }, body: j.body });
      if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
      latencies.push(performance.now() - t0);
    }));
    const seconds = (performance.now() - started) / 1000;
    // CPU of the whole process (worker threads included): unlike the wall clock, not hostage to the other loads on the machine.
    const cpu = process.cpuUsage(cpu0);
    await platform.close();
    const ballots = jobs.reduce((n, j) => n + j.ballots, 0);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!;
    const figures = { ballotsPerSecond: Math.round(ballots / seconds), submissionsPerSecond: Math.round(jobs.length / seconds), p50Ms: Math.round(latencies[Math.floor(latencies.length / 2)]!), p99Ms: Math.round(p99), cpuMsPerBallot: Number(((cpu.user + cpu.system) / 1000 / jobs.reduce((n, j) => n + j.ballots, 0)).toFixed(1)), ballots };
    if (verification === 'direct') return { ...figures, bareTransactionBallotsPerSecond: await bareTransactions(db) };
    return figures;
  } finally {
    await db.close();
    await server.drop();
  }
}

/** The same atomic emargement + ballot insert, no HTTP and no proof check, 20 at a time. */
async function bareTransactions(db: Awaited<ReturnType<typeof openPlatformDatabase>>): Promise<number> {
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
