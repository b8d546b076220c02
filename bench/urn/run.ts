// Benchmark (issue 8): N ballots of 10 candidates; verify every proof, aggregate, decrypt with 2 of 3 shares,
// on worker threads; ratio against the bare ristretto255 scalar multiplications a naive verifier needs,
// measured in the same run. The test urn is cached in $BENCH_URN_DIR (generation is not a measured phase).
// Usage: npx tsx bench/urn/run.ts [--ballots 100000] [--workers 2] [--generate-only]
import { mkdirSync, existsSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { WorkerPool } from '../../evote/src/node/pool.js';
import { checkUrnFile } from '../../evote/src/node/urn-file.js';
import { runCeremony } from '../../evote/src/fixtures.test-helpers.js';
import { makeHeader, sealBallotLines, generatePlatformKey } from '../../evote/src/urn.js';
import { canonicalJson } from '../../evote/src/encoding.js';
import { expectedTally } from '../../evote/src/test-urn.js';
import { partialDecrypt } from '../../evote/src/tally.js';
import { buildElectronicTally } from '../../evote/src/unseal.js';
import type { ElectionManifest } from '../../evote/src/schemas.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const BALLOTS = arg('--ballots', 100_000);
const WORKERS = arg('--workers', 2);
const SEED = 'bench-urn';
const dir = process.env.BENCH_URN_DIR ?? '/tmp/scrutin-bench-urn';
const candidates = (p: string) => Array.from({ length: 10 }, (_, i) => `${p} ${i + 1}`);
const manifest: ElectionManifest = {
  electionCode: 'BENCH-2026',
  urns: [
    { id: 'CCIR-COM', label: 'CCIR — Commerce', seats: 5, candidates: candidates('Commerce') },
    { id: 'CCIT-IND', label: 'CCIT — Industrie', seats: 2, candidates: candidates('Industrie') },
  ],
};

async function prepare(): Promise<{ urnPath: string; shares: bigint[]; generationMs: number | null }> {
  mkdirSync(dir, { recursive: true });
  const urnPath = join(dir, `urn-${BALLOTS}.jsonl`);
  const keyPath = join(dir, `keys-${BALLOTS}.json`);
  if (existsSync(urnPath) && existsSync(keyPath)) {
    const saved = JSON.parse(readFileSync(keyPath, 'utf8')) as { shares: string[] };
    return { urnPath, shares: saved.shares.map((s) => BigInt(s)), generationMs: null };
  }
  const started = performance.now();
  // Bench only: the three shares sit in one process here, which a real ceremony never allows.
  const { key, shares } = runCeremony(manifest.electionCode);
  const platform = generatePlatformKey();
  const header = makeHeader(manifest, key, platform.publicKey);
  const headerLine = canonicalJson(header);
  const pool = new WorkerPool(WORKERS);
  const step = 250;
  const jobs: Promise<string[]>[] = [];
  for (let from = 0; from < BALLOTS; from += step)
    jobs.push(pool.run<string[]>({ kind: 'encrypt', headerLine, seed: SEED, from, to: Math.min(BALLOTS, from + step) }));
  const lines = (await Promise.all(jobs)).flat();
  await pool.close();
  const entries = lines.map((line, i) => ({ line, urnId: manifest.urns[i % manifest.urns.length]!.id }));
  const sealed = sealBallotLines(header, entries, new Date('2026-11-25T18:00:00Z'), platform.secretKey);
  const out = createWriteStream(urnPath);
  for (const l of sealed) if (!out.write(l + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  writeFileSync(keyPath, JSON.stringify({ shares: shares.map(String) }));
  return { urnPath, shares, generationMs: performance.now() - started };
}

function measureScalarMultiplication(): { variableTimeUs: number; constantTimeUs: number } {
  const P = ristretto255.Point;
  const random = () => BigInt('0x' + Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')) % P.Fn.ORDER;
  const points = Array.from({ length: 64 }, () => P.BASE.multiply(random()));
  const scalars = Array.from({ length: 300 }, random);
  for (let i = 0; i < 50; i++) points[i % 64]!.multiplyUnsafe(scalars[i]!);
  let t = performance.now();
  for (let i = 0; i < 300; i++) points[i % 64]!.multiplyUnsafe(scalars[i]!);
  const variableTimeUs = ((performance.now() - t) / 300) * 1000;
  t = performance.now();
  for (let i = 0; i < 100; i++) points[i % 64]!.multiply(scalars[i]!);
  const constantTimeUs = ((performance.now() - t) / 100) * 1000;
  return { variableTimeUs, constantTimeUs };
}

const prepared = await prepare();
if (args.includes('--generate-only')) {
  console.log(JSON.stringify({ bench: 'urn', generated: prepared.urnPath, generationMs: prepared.generationMs }));
  process.exit(0);
}
const baseline = measureScalarMultiplication();

// Phase 1+2: every proof and the homomorphic sums, in one streamed pass over the file.
const checked = await checkUrnFile(prepared.urnPath, { workers: WORKERS });
if (!checked.ok) throw new Error(checked.error);
const { check, verified, timings } = checked.value;
if (!check.valid) throw new Error(check.problems.slice(0, 5).join('\n'));

// Phase 3: holders 1 and 3 decrypt partially, then the combination verifies both and takes discrete logs.
const t3 = performance.now();
const ctx = { electionCode: manifest.electionCode, manifestFingerprint: verified.header.manifestFingerprint, merkleRoot: check.merkleRoot };
const p1 = partialDecrypt(ctx, 1, prepared.shares[0]!, check.aggregates);
const p3 = partialDecrypt(ctx, 3, prepared.shares[2]!, check.aggregates);
const tally = buildElectronicTally(verified, check, [p1, p3]);
const decryptMs = performance.now() - t3;
if (!tally.ok) throw new Error(tally.error);
const expected = expectedTally(manifest, SEED, BALLOTS);
if (canonicalJson(tally.value.urns) !== canonicalJson(expected)) throw new Error('dépouillement différent de la distribution attendue');

// What a naive verifier would multiply: 4 scalar multiplications per branch of every disjunctive proof
// (z·G, c·a, z·Y, c·(b − vG)); per decrypted value, 3 (constant time) per holder to decrypt and prove,
// 4 per holder to check the proof, 2 to combine.
let proofMults = 0;
for (const u of manifest.urns) proofMults += (check.perUrn[u.id] ?? 0) * ((u.candidates.length + 1) * 2 * 4 + u.seats * 4);
const values = manifest.urns.reduce((s, u) => s + u.candidates.length + 1, 0);
const decryptBareMs = (values * (2 * 3 * baseline.constantTimeUs + (2 * 4 + 2) * baseline.variableTimeUs)) / 1000;
const proofBareMs = (proofMults * baseline.variableTimeUs) / 1000;
const totalWallMs = timings.wallMs + decryptMs;

console.log(
  JSON.stringify(
    {
      bench: 'urn',
      ballots: check.ballotCount,
      candidatesPerBallot: 10,
      workers: WORKERS,
      generationMs: prepared.generationMs === null ? null : Math.round(prepared.generationMs),
      baseline: { variableTimeScalarMultUs: +baseline.variableTimeUs.toFixed(1), constantTimeScalarMultUs: +baseline.constantTimeUs.toFixed(1) },
      phases: {
        verifyProofs: {
          cpuMs: Math.round(timings.verifyMs),
          ballotsPerSecondPerCore: Math.round(check.ballotCount / (timings.verifyMs / 1000)),
          bareScalarMults: proofMults,
          bareCpuMs: Math.round(proofBareMs),
          ratioToBare: +(timings.verifyMs / proofBareMs).toFixed(3),
        },
        aggregate: {
          cpuMs: Math.round(timings.aggregateMs),
          ballotsPerSecondPerCore: Math.round(check.ballotCount / (timings.aggregateMs / 1000)),
          bareScalarMults: 0,
          equivalentScalarMults: Math.round((timings.aggregateMs * 1000) / baseline.variableTimeUs),
        },
        verifyAndAggregateWallMs: Math.round(timings.wallMs),
        decrypt2of3: {
          wallMs: Math.round(decryptMs),
          bareCpuMs: Math.round(decryptBareMs),
          ratioToBare: +(decryptMs / decryptBareMs).toFixed(3),
        },
      },
      totalWallMs: Math.round(totalWallMs),
      ballotsPerSecondWall: Math.round(check.ballotCount / (totalWallMs / 1000)),
      withinTenMinutes: totalWallMs < 600_000,
    },
    null,
    2,
  ),
);
