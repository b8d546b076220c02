// Benchmark (issues 8 and 13): N ballots of 10 candidates; verify every proof, aggregate, decrypt with 2 of 3
// shares, on worker threads; ratio to the bare group operations a naive verifier needs (point decodings and
// scalar multiplications, timed on the same library in the same run). First the main path (evote, noble
// batched, worker threads) and the independent verifier (verifier/, libsodium direct, one thread) check the
// same small urn (--compare K ballots); then the full urn is checked once on the main path (--group libsodium:
// on evote's libsodium backend instead). The urns are cached in $BENCH_URN_DIR (default data/tmp/bench-urn, gitignored);
// generation is not a measured phase (fast-urn.ts).
// Usage (after `npm run build`: tsx without --conditions=scrutin-source runs the compiled evote, and a fresh
// clone has none): npx tsx bench/urn/run.ts [--ballots 100000] [--compare 2000] [--workers 2] [--group noble|libsodium] [--generate-only]
import { mkdirSync, existsSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { checkUrnFile, type FileCheck } from '@scrutin/evote/node/urn-file.js';
import { makeHeader, sealBallotLines, generatePlatformKey } from '@scrutin/evote/urn.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { expectedTally, runCeremony } from '@scrutin/evote/testing';
import { partialDecrypt } from '@scrutin/evote/tally.js';
import { buildElectronicTally } from '@scrutin/evote/unseal.js';
import { G, mod } from '@scrutin/evote/group.js';
import { nobleBackend, type BackendName, type GroupBackend } from '@scrutin/evote/group-backend.js';
import { loadSodiumBackend } from '@scrutin/evote/group-backend-sodium.js';
import type { ElectionManifest } from '@scrutin/evote';
import { checkUrnFile as independentCheck, loadGroup } from '@scrutin/verifier';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const BALLOTS = arg('--ballots', 100_000);
const COMPARE = arg('--compare', 2_000);
const WORKERS = arg('--workers', 2);
const forced = args.includes('--group') ? (args[args.indexOf('--group') + 1] as BackendName) : null;
const SEED = 'bench-urn';
const dir = process.env.BENCH_URN_DIR ?? join(import.meta.dirname, '../../data/tmp/bench-urn');
const candidates = (p: string) => Array.from({ length: 10 }, (_, i) => `${p} ${i + 1}`);
const manifest: ElectionManifest = {
  electionCode: 'BENCH-2026',
  urns: [
    { id: 'CCIR-COM', label: 'CCIR — Commerce', seats: 5, candidates: candidates('Commerce') },
    { id: 'CCIT-IND', label: 'CCIT — Industrie', seats: 2, candidates: candidates('Industrie') },
  ],
};

type Prepared = { urnPath: string; shares: bigint[]; generationMs: number | null };

function generateLines(headerLine: { fingerprint: string; x: bigint }, count: number): Promise<string[]> {
  const per = Math.ceil(count / WORKERS);
  return Promise.all(
    Array.from({ length: WORKERS }, (_, w) => {
      const from = w * per;
      const to = Math.min(count, from + per);
      const worker = new Worker(new URL('./gen-worker.js', import.meta.url), {
        workerData: { manifest, fingerprint: headerLine.fingerprint, x: String(headerLine.x), seed: SEED, from, to },
      });
      const lines: string[] = [];
      return new Promise<string[]>((resolve, reject) => {
        worker.on('message', (m: string[] | null) => (m === null ? void worker.terminate().then(() => resolve(lines)) : void lines.push(...m)));
        worker.on('error', reject);
      });
    }),
  ).then((parts) => parts.flat());
}

async function prepare(count: number): Promise<Prepared> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const urnPath = join(dir, `urn-${count}.jsonl`);
  const keyPath = join(dir, `keys-${count}.json`);
  if (existsSync(urnPath) && existsSync(keyPath)) {
    const saved = JSON.parse(readFileSync(keyPath, 'utf8')) as { shares: string[] };
    return { urnPath, shares: saved.shares.map((s) => BigInt(s)), generationMs: null };
  }
  const started = performance.now();
  // Bench only: the three shares sit in one process here, which a real ceremony never allows.
  const { key, shares } = runCeremony(manifest.electionCode);
  // Shares are f(1), f(2), f(3) of a degree-1 polynomial: x = f(0) = 2·f(1) − f(2).
  const x = mod(2n * shares[0]! - shares[1]!);
  if (canonicalJson(G.multiply(x).toBytes()) !== canonicalJson(ristretto255.Point.fromBytes(Buffer.from(key.publicKey, 'base64url')).toBytes()))
    throw new Error('secret de l’élection mal reconstitué');
  const platform = generatePlatformKey();
  const header = makeHeader(manifest, key, platform.publicKey);
  const lines = await generateLines({ fingerprint: header.manifestFingerprint, x }, count);
  const entries = lines.map((line, i) => ({ line, urnId: manifest.urns[i % manifest.urns.length]!.id }));
  const sealed = sealBallotLines(header, entries, new Date('2026-11-25T18:00:00Z'), platform.secretKey);
  const out = createWriteStream(urnPath, { mode: 0o600 });
  for (const l of sealed) if (!out.write(l + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  writeFileSync(keyPath, JSON.stringify({ shares: shares.map(String) }), { mode: 0o600 });
  return { urnPath, shares, generationMs: performance.now() - started };
}

/** Bare costs on one library: decoding a point, and a variable-time scalar multiplication of a random point. */
function measureBare(group: GroupBackend): { decodeUs: number; multiplyUs: number } {
  const random = () => BigInt('0x' + Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')) % ristretto255.Point.Fn.ORDER;
  const points = Array.from({ length: 64 }, () => G.multiply(random()).toBytes());
  const scalars = Array.from({ length: 400 }, random);
  for (let i = 0; i < 50; i++) group.multiply(scalars[i]!, points[i % 64]!);
  let t = performance.now();
  for (let i = 0; i < 400; i++) group.isValid(points[i % 64]!);
  const decodeUs = ((performance.now() - t) / 400) * 1000;
  t = performance.now();
  for (let i = 0; i < 400; i++) group.multiply(scalars[i]!, points[i % 64]!);
  return { decodeUs, multiplyUs: ((performance.now() - t) / 400) * 1000 };
}

/** What a naive verifier decodes and multiplies: every point of the ballot; 4 multiplications per branch. */
function bareCounts(check: FileCheck['check']): { decodings: number; multiplications: number } {
  let decodings = 0;
  let multiplications = 0;
  for (const u of manifest.urns) {
    const n = check.perUrn[u.id] ?? 0;
    const branches = (u.candidates.length + 1) * 2 + u.seats;
    decodings += n * ((u.candidates.length + 1) * 2 + branches * 2);
    multiplications += n * branches * 4;
  }
  return { decodings, multiplications };
}

async function checkWith(group: BackendName, urnPath: string) {
  const lib = group === 'noble' ? nobleBackend : await loadSodiumBackend();
  const bare = measureBare(lib);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  // Progress on stderr, so that a run cut short on this shared machine still leaves measured figures.
  const started = performance.now();
  let reported = 0;
  const onChunk = (done: number) => {
    if (done - reported < 5_000) return;
    reported = done;
    const loadNow = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.error(JSON.stringify({ group, done, wallMs: Math.round(performance.now() - started), load: loadNow }));
  };
  const checked = await checkUrnFile(urnPath, { workers: WORKERS, group, onChunk });
  if (!checked.ok) throw new Error(checked.error);
  if (!checked.value.check.valid) throw new Error(checked.value.check.problems.slice(0, 5).join('\n'));
  const { check, timings } = checked.value;
  const counts = bareCounts(check);
  const bareMs = (counts.decodings * bare.decodeUs + counts.multiplications * bare.multiplyUs) / 1000;
  const figures = {
      group,
      ballots: check.ballotCount,
      loadBefore: load,
      bare: { decodeUs: +bare.decodeUs.toFixed(1), variableTimeScalarMultUs: +bare.multiplyUs.toFixed(1), ...counts, cpuMs: Math.round(bareMs) },
      verifyCpuMs: Math.round(timings.verifyMs),
      msPerBallotPerCore: +(timings.verifyMs / check.ballotCount).toFixed(2),
      ratioToBare: +(timings.verifyMs / bareMs).toFixed(3),
      aggregateCpuMs: Math.round(timings.aggregateMs),
      verifyAndAggregateWallMs: Math.round(timings.wallMs),
      loadAfter: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
  console.error(JSON.stringify(figures));
  return { checked: checked.value, figures };
}

/** The independent verifier (verifier/) on the same file: one thread, libsodium, each equation directly. */
async function checkWithVerifier(urnPath: string) {
  await loadGroup();
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const started = performance.now();
  const checked = independentCheck(urnPath);
  const wallMs = performance.now() - started;
  if (!checked.ok) throw new Error(checked.error);
  if (!checked.report.valid) throw new Error(checked.report.problems.slice(0, 5).join('\n'));
  const figures = {
    group: 'verifier (libsodium, direct, 1 thread)',
    ballots: checked.report.ballotCount,
    loadBefore,
    verifyAndAggregateWallMs: Math.round(wallMs),
    msPerBallot: +(wallMs / checked.report.ballotCount).toFixed(2),
    loadAfter: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
  console.error(JSON.stringify(figures));
  return figures;
}

const prepared = await prepare(BALLOTS);
const small = COMPARE > 0 ? await prepare(COMPARE) : null;
if (args.includes('--generate-only')) {
  console.log(JSON.stringify({ bench: 'urn', generated: prepared.urnPath, generationMs: prepared.generationMs, compare: small?.generationMs ?? null }));
  process.exit(0);
}

// The main path and the independent verifier on the same small urn, then the full urn once on the main path.
const comparison = small ? [(await checkWith('noble', small.urnPath)).figures, await checkWithVerifier(small.urnPath)] : [];
const group: BackendName = forced ?? 'noble';
const full = await checkWith(group, prepared.urnPath);
const { check, verified, timings } = full.checked;

// Holders 1 and 3 decrypt partially, then the combination verifies both and takes discrete logs (noble).
const t3 = performance.now();
const ctx = { electionCode: manifest.electionCode, manifestFingerprint: verified.header.manifestFingerprint, merkleRoot: check.merkleRoot };
const p1 = partialDecrypt(ctx, 1, prepared.shares[0]!, check.aggregates);
const p3 = partialDecrypt(ctx, 3, prepared.shares[2]!, check.aggregates);
const tally = buildElectronicTally(verified, check, [p1, p3]);
const decryptMs = performance.now() - t3;
if (!tally.ok) throw new Error(tally.error);
const expected = expectedTally(manifest, SEED, BALLOTS);
if (canonicalJson(tally.value.urns) !== canonicalJson(expected)) throw new Error('dépouillement différent de la distribution attendue');
// Per decrypted value: 3 multiplications per holder to decrypt and prove, 4 per holder to check, 2 to combine.
const values = manifest.urns.reduce((s, u) => s + u.candidates.length + 1, 0);
const nobleBare = measureBare(nobleBackend);
const decryptBareMs = (values * (2 * 3 + 2 * 4 + 2) * nobleBare.multiplyUs) / 1000;
const totalWallMs = timings.wallMs + decryptMs;

console.log(
  JSON.stringify(
    {
      bench: 'urn',
      date: new Date().toISOString(),
      candidatesPerBallot: 10,
      workers: WORKERS,
      generationMs: prepared.generationMs === null ? null : Math.round(prepared.generationMs),
      comparison,
      full: full.figures,
      decrypt2of3: { wallMs: Math.round(decryptMs), bareCpuMs: Math.round(decryptBareMs), ratioToBare: +(decryptMs / decryptBareMs).toFixed(3) },
      totalWallMs: Math.round(totalWallMs),
      ballotsPerSecondWall: Math.round(check.ballotCount / (totalWallMs / 1000)),
      withinTenMinutes: totalWallMs < 600_000,
      loadAfter: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    },
    null,
    2,
  ),
);
