#!/usr/bin/env node
// Runs the TypeScript entry through tsx, so the bridge needs no build step in a counting room.
import { register } from 'tsx/esm/api';

// Everything Scrutin writes (database, letters, shares, bundles, queues) is its user's alone,
// whatever umask the shell left: see docs/threat-model.md.
process.umask(0o077);

register();
const { main } = await import('../src/cli.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`Erreur inattendue : ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
