// Prints the plain closing line CI reads: "N passed, N failed", summed over the jest runs given
// (scripts/test.sh runs the suite once per process time zone).
import { readFileSync } from 'node:fs';
const runs = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')));
const sum = (pick) => runs.reduce((n, r) => n + pick(r), 0);
console.log(
  `tests: ${sum((r) => r.numPassedTests)} passed, ${sum((r) => r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0))} failed, ${sum((r) => r.numPendingTests)} skipped`,
);
