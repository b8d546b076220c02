// Prints the plain closing line CI reads: "N passed, N failed", summed over the jest runs given
// (scripts/test.sh runs the suite once per process time zone). Before it, the tests and hooks that took
// more than half their timeout, from the timing records of scripts/jest-environment.cjs (files ending in
// .jsonl): a test that passes at half its timeout on a busy machine fails on a busier one. Reported, not
// failed: the line is a warning to act on, the run's verdict stays jest's. Then the ten files that cost the
// most CPU (their own and their processes'): what to cut first for a shorter suite on two cores.
import { existsSync, readFileSync } from 'node:fs';
const files = process.argv.slice(2);
const runs = files.filter((f) => !f.endsWith('.jsonl')).map((file) => JSON.parse(readFileSync(file, 'utf8')));
const timings = files
  // A run that stopped before any file ended wrote no timings.
  .filter((f) => f.endsWith('.jsonl') && existsSync(f))
  .flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)));
const close = timings.filter((t) => t.ms > t.timeoutMs / 2).sort((a, b) => b.ms / b.timeoutMs - a.ms / a.timeoutMs);
if (close.length > 0) {
  console.log(`${close.length} test(s) ou hook(s) au-delà de la moitié de leur délai :`);
  for (const t of close) {
    console.log(`  ${Math.round((100 * t.ms) / t.timeoutMs)} % — ${(t.ms / 1000).toFixed(1)} s sur ${(t.timeoutMs / 1000).toFixed(0)} s — ${t.file} — ${t.name}${t.kind === 'hook' ? ' (hook)' : ''}`);
  }
}
const fileRecords = timings.filter((t) => t.kind === 'file' && t.cpuMs != null);
if (fileRecords.length > 0) {
  const total = fileRecords.reduce((n, t) => n + t.cpuMs, 0);
  console.log(`CPU des fichiers de test : ${(total / 1000).toFixed(0)} s en tout ; les dix plus coûteux :`);
  for (const t of [...fileRecords].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 10)) {
    console.log(`  ${(t.cpuMs / 1000).toFixed(1)} s de CPU, ${(t.ms / 1000).toFixed(1)} s de durée — ${t.file}`);
  }
}
const sum = (pick) => runs.reduce((n, r) => n + pick(r), 0);
console.log(
  `tests: ${sum((r) => r.numPassedTests)} passed, ${sum((r) => r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0))} failed, ${sum((r) => r.numPendingTests)} skipped`,
);
