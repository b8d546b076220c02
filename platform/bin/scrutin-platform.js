#!/usr/bin/env node
// Runs the TypeScript sources directly, like the station's `scrutin`.
import { register } from 'tsx/esm/api';

// Everything Scrutin writes (database, letters, shares, bundles, queues) is its user's alone,
// whatever umask the shell left: see docs/threat-model.md.
process.umask(0o077);

register();
await import('../src/cli/entry.ts');
