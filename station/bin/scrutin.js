#!/usr/bin/env node
// Runs the compiled JavaScript (dist/, scripts/build.mjs), compiling it first if a source is newer.
import { ensureBuilt } from '../../scripts/build.mjs';
import { fitWasmTiering } from '../../scripts/wasm-tiering.mjs';

// Everything Scrutin writes (database, letters, shares, bundles, queues) is its user's alone,
// whatever umask the shell left: see docs/threat-model.md.
process.umask(0o077);

// Short commands on PGlite skip V8's optimising compiler; servers and bulk commands keep it.
fitWasmTiering(process.argv.slice(2), ['serve', 'simulate', 'roll import']);
await ensureBuilt();
await import('../dist/cli/entry.js');
