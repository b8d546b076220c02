// Prints the plain closing line CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs';
const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0)} failed, ${r.numPendingTests} skipped`);
