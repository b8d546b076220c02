import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { makePrivateFolder } from './private-files.js';

// A new PGlite data folder starts as a copy of an empty cluster that PGlite's initdb made once, rather than
// from initdb again: initdb costs 5 to 7 s of CPU, the copy 0.3 s (bench/RESULTS.md, « Test suite »). What
// initdb writes depends only on PGlite's version (its WASM build fixes the encoding, the locale and the
// catalogue); a copy differs from a new initdb by its creation time and system identifier, which no part of
// Scrutin reads. The kept cluster is made in a folder of its own, never in a data folder, so that it holds
// nothing but initdb's files: no migration, no row, and none of the files a station keeps beside its
// database (its journal key): the migrations run on each new folder afterwards, as on a cluster just made.

const PG_VERSION = 'PG_VERSION';

/**
 * The default place of the kept cluster: `<node_modules>/.cache/scrutin/pglite-cluster-<version>/`, beside
 * the other build records (scripts/build.mjs), in the installation of the PGlite that opens its copies.
 */
export function defaultClusterCache(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const packageRoot = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return join(packageRoot, '..', '..', '.cache', 'scrutin', `pglite-cluster-${version}`);
}

/**
 * Makes `folder`, a new data folder (no PG_VERSION), a PostgreSQL cluster, closed: a copy of the one kept
 * in `cache`. Without one there, `initdb(dir)` (open PGlite on `dir`, close it) makes one in a private
 * folder beside `cache`, which becomes `cache` by a rename: a process reads a whole cluster or none, and of
 * two that made one at once the first to rename wins. `cache` null, or a place that cannot be written
 * (read-only installation): initdb in `folder` itself. The copy keeps the kept cluster's modes, 0700
 * folders and 0600 files.
 *
 * Errors: initdb's, and the file system's when `folder` cannot be written.
 */
export async function makeCluster(folder: string, cache: string | null, initdb: (dir: string) => Promise<void>): Promise<void> {
  if (cache !== null) {
    if (copyCluster(cache, folder)) return;
    const scratch = scratchBeside(cache);
    if (scratch !== null) {
      try {
        await initdb(scratch);
        makePrivateFolder(scratch);
        publish(scratch, cache);
        if (!copyCluster(cache, folder)) cpSync(scratch, folder, { recursive: true });
        return;
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
  }
  await initdb(folder);
}

/** Copies the cluster kept in `cache` into `folder` and returns true; false, `folder` untouched, when `cache` holds none. */
function copyCluster(cache: string, folder: string): boolean {
  if (!existsSync(join(cache, PG_VERSION))) return false;
  cpSync(cache, folder, { recursive: true });
  return true;
}

/** A new private folder beside `cache`, or null when its parent cannot be written. */
function scratchBeside(cache: string): string | null {
  try {
    mkdirSync(dirname(cache), { recursive: true, mode: 0o700 });
    return mkdtempSync(`${cache}.partial-`);
  } catch {
    return null;
  }
}

/**
 * Renames `scratch` to `cache`; a `cache` without PG_VERSION (left by hand, an older layout) is removed
 * first. Best effort: another process that renamed first (ENOTEMPTY, EEXIST) or a place that refuses the
 * rename leaves `scratch` where it is, for the caller to copy and remove.
 */
function publish(scratch: string, cache: string): void {
  try {
    if (existsSync(cache) && !existsSync(join(cache, PG_VERSION))) rmSync(cache, { recursive: true, force: true });
    renameSync(scratch, cache);
  } catch {
    // See above: the next new folder tries again.
  }
}
