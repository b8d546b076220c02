#!/usr/bin/env node
// Runs the compiled JavaScript (dist/, scripts/build.mjs), compiling it first if a source is newer.
import { ensureBuilt } from '../../scripts/build.mjs';

// Everything Scrutin writes is its user's alone, whatever umask the shell left: see docs/threat-model.md.
process.umask(0o077);

await ensureBuilt();
await import('../dist/cli.js');
