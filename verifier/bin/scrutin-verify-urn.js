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

/** True when dist/ was built from the sources as they are now: no source (tests aside, as the build) is newer than its stamp. */
function distIsCurrent() {
  try {
    const { newestSource } = JSON.parse(readFileSync(new URL('../dist/build-stamp.json', import.meta.url), 'utf8'));
    return readdirSync(src, { recursive: true }).filter((file) => !file.endsWith('.test.ts')).every((file) => statSync(src + file).mtimeMs <= newestSource);
  } catch {
    return false;
  }
}

if (distIsCurrent()) await import('../dist/cli.js');
else {
  const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), src + 'cli.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
