/**
 * bench/letters (issue 18): credential letters for VOTERS voters (default 50,000; target under 5 minutes),
 * as `scrutin-platform credentials` makes them: batches of 500 laid out on worker threads (`--workers`, by
 * default one per core but one), each batch's PDF written and synced before its hashes are committed
 * (platform/src/credentials/issue.ts), one voter in ten named outside Latin-1.
 * The database is a fresh PGlite folder (default) or a fresh PostgreSQL database (`--pg`).
 * Baseline, measured in the same run on a sample of the same voters: the previous scheme's cost per letter,
 * scrypt (N=2^15, 4 at a time, as before) on top of the same PDF; the ratio is new time / baseline time.
 * Peak RSS (VmHWM) shows that the letters are streamed batch by batch, not held.
 * Usage: npx tsx bench/letters/run.ts [--voters N] [--batch-size N] [--workers N] [--sample N] [--pg] [--keep]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServerDatabase } from '@scrutin/test/databases.js';
import { hashPassword } from '@scrutin/server-kit/password.js';
import { issueCredentials, type Letter, type LetterSink } from '@scrutin/platform/credentials/issue.js';
import { letterRenderer } from '@scrutin/platform/credentials/letter-renderer.js';
import { lettersPdf, pdfFileSink } from '@scrutin/platform/credentials/letters-pdf.js';
import { openPlatformDatabase } from '@scrutin/platform/database.js';
import { loadPlatform } from '@scrutin/platform/load/load.js';
import { runCeremony, testLoadFile } from '@scrutin/platform/testing';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const voters = Number(arg('--voters', '50000'));
const batchSize = Number(arg('--batch-size', '500'));
const sample = Math.min(voters, Number(arg('--sample', '200')));
const workers = Number(arg('--workers', String(Math.max(1, availableParallelism() - 1))));
const usePg = process.argv.includes('--pg');

const peakRssMb = (): number => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage().rss / 1048576);
};

const dir = mkdtempSync(join(tmpdir(), 'bench-letters-'));
const server = usePg ? await createServerDatabase() : null;
const db = await openPlatformDatabase(server ? { url: server.url } : { dataDir: join(dir, 'platform-data') });
const file = testLoadFile(voters);
const unicodeNames = [['DVOŘÁK', 'Zdeněk'], ['ŐRSI', 'Łucja'], ['NGUYỄN', 'Thị Hương'], ['ŞAHİN', 'Gülşen']] as const;
file.voters.forEach((v, i) => {
  if (i % 10 === 0) [v.lastName, v.firstNames] = unicodeNames[(i / 10) % unicodeNames.length]!;
});
const loaded = await loadPlatform(db, file, runCeremony(file.electionCode).key);
if (!loaded.ok) throw new Error(loaded.error.join('\n'));
const ctx = { electionName: file.name, chamber: file.chamber, opensAt: new Date(file.opensAt), closesAt: new Date(file.closesAt), timeZone: 'Europe/Paris', boothUrl: 'https://vote.example.fr' };

// Time inside the sink (PDF layout + write + fsync, summed over the batches in flight) versus the total.
let sinkMs = 0;
const files: string[] = [];
const renderer = letterRenderer(workers);
const toFile = pdfFileSink('courriers.pdf', (name) => join(dir, name), ctx, files, renderer.render);
let sampleLetters: Letter[] = [];
const timed: LetterSink = async (letters, batch) => {
  const start = performance.now();
  await toFile(letters, batch);
  sinkMs += performance.now() - start;
  if (sampleLetters.length < sample) sampleLetters = sampleLetters.concat(letters.slice(0, sample - sampleLetters.length));
};
const start = performance.now();
const issued = await issueCredentials(db, { actor: 'bench', batchSize, parallelBatches: workers + 1 }, timed);
const totalMs = performance.now() - start;
await renderer.close();
if (!issued.ok) throw new Error(issued.error);
const rssMb = peakRssMb();
const bytes = files.reduce((n, name) => n + statSync(join(dir, name)).size, 0);

// Baseline: the same sample through the previous scheme (scrypt, 4 in parallel, then the same PDF).
const baselineStart = performance.now();
for (let i = 0; i < sampleLetters.length; i += 4) await Promise.all(sampleLetters.slice(i, i + 4).map((l) => hashPassword(l.password)));
await lettersPdf(sampleLetters, ctx, { number: 1, of: 1 });
const baselinePerLetterMs = (performance.now() - baselineStart) / sampleLetters.length;

const perLetterMs = totalMs / voters;
await db.close();
await server?.drop();
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    bench: 'letters',
    database: usePg ? 'postgres' : 'pglite',
    voters,
    batchSize,
    workers,
    batches: issued.value.batches,
    files: files.length,
    bytes,
    totalMs: Math.round(totalMs),
    perLetterMs: Math.round(perLetterMs * 100) / 100,
    pdfWriteSyncSummedMs: Math.round(sinkMs),
    extrapolated50000s: Math.round((perLetterMs * 50_000) / 1000),
    targetS: 300,
    withinTarget: perLetterMs * 50_000 < 300_000,
    peakRssMb: rssMb,
    baselineSample: sampleLetters.length,
    baselineScryptPerLetterMs: Math.round(baselinePerLetterMs * 100) / 100,
    ratioToBaseline: Math.round((perLetterMs / baselinePerLetterMs) * 100) / 100,
  }),
);
