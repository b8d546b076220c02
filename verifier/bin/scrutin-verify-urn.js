#!/usr/bin/env node
// The independent verifier depends on nothing of Scrutin's (docs/design.md), not even its build recipe
// (scripts/build.mjs): it runs its compiled JavaScript (dist/, made by `node scripts/build.mjs`) when that is
// up to date with its sources, and otherwise its TypeScript sources through tsx, in a child process whose
// worker threads inherit the loader. An edited source never runs stale.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Everything Scrutin writes is its user's alone, whatever umask the shell left: see docs/threat-model.md.
process.umask(0o077);

const src = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * True when dist/ was built from the sources as they are now (tests aside, as the build): the same list of files
 * as its stamp records, none newer than it. A source deleted since the build changes no date, and dist/ would
 * still hold, and serve, its compiled copy.
 */
function distIsCurrent() {
  try {
    const stamp = JSON.parse(readFileSync(new URL('../dist/build-stamp.json', import.meta.url), 'utf8'));
    const files = readdirSync(src, { recursive: true }).filter((file) => !file.endsWith('.test.ts') && statSync(src + file).isFile()).sort();
    return JSON.stringify(files) === JSON.stringify(stamp.sources) && files.every((file) => statSync(src + file).mtimeMs <= stamp.newestSource);
  } catch {
    return false;
  }
}

if (distIsCurrent()) await import('../dist/cli.js');
else {
  const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), src + 'cli.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
