import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { makePrivateFolder } from './private-files.js';
import { processAlive } from './processes.js';

// A new PGlite data folder starts as a copy of an empty cluster that PGlite's initdb made once, rather than
// from initdb again: the first opening of a new folder, migrations included, costs 1.4 s of CPU instead of
// 5.5 s (bench/new-folder). What initdb writes depends only on PGlite's version (its WASM build fixes the
// encoding, the locale and the catalogue); a copy differs from a new initdb by its creation time and system
// identifier, which no part of Scrutin reads. The kept cluster is made in a folder of its own, never in a
// data folder, so that it holds nothing but initdb's files: no migration, no row, and none of the files a
// station keeps beside its database (its journal key). The migrations run on each new folder afterwards.
//
// The kept cluster is trusted only as a folder of this user's that no one else can write, holding only
// folders and regular files (checked before each copy): otherwise initdb runs in the data folder, as before.
// node_modules/.cache may be writable by others when the installation was made under a loose umask: code
// there is not changed by it, but a cluster planted there would be copied into every new station.

const PG_VERSION = 'PG_VERSION';

/** The version of the PGlite this package opens (its package.json), which fixes what initdb writes. */
export function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The default place of the kept cluster: `<node_modules>/.cache/scrutin/pglite-cluster-<version>/`, beside
 * the other build records (scripts/build.mjs), in the installation of the PGlite that opens its copies.
 */
export function defaultClusterCache(): string {
  const packageRoot = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..');
  return join(packageRoot, '..', '..', '.cache', 'scrutin', `pglite-cluster-${pgliteVersion()}`);
}

/**
 * Makes `folder`, a new data folder (no PG_VERSION), a PostgreSQL cluster, closed: a copy of the one kept
 * in `cache` when it is trusted (see `trusted`). With none kept there, `initdb(dir)` (open PGlite on `dir`,
 * close it) makes one in a private folder beside `cache`, copied into `folder` and then renamed to `cache`:
 * a process reads a whole cluster or none, and of two that made one at once the first to rename wins.
 * initdb runs in `folder` itself when `cache` is null, when a cluster kept there is not trusted or cannot be
 * copied, when one of the two folders holds the other, or when anything fails at the cache's place.
 * PG_VERSION, the mark of a made cluster, is copied last, so a copy cut short is made again at the next
 * opening.
 *
 * Errors: initdb's in `folder`, and the file system's when `folder` cannot be written.
 */
export async function makeCluster(folder: string, cache: string | null, initdb: (dir: string) => Promise<void>): Promise<void> {
  if (cache !== null && !overlaps(folder, cache)) {
    if (existsSync(join(cache, PG_VERSION))) {
      if (trusted(cache) && copyCluster(cache, folder)) return;
    } else {
      const scratch = scratchBeside(cache);
      if (scratch !== null) {
        try {
          await initdb(scratch);
          makePrivateFolder(scratch);
          if (copyCluster(scratch, folder)) {
            publish(scratch, cache);
            return;
          }
        } catch {
          // The cache's place failed (a full or faulty disk, initdb there): the data folder's own initdb below.
        } finally {
          rmSync(scratch, { recursive: true, force: true });
        }
      }
    }
  }
  await initdb(folder);
}

/** True when one of the two folders is, or is inside, the other (a data folder set to the cache's place). */
function overlaps(folder: string, cache: string): boolean {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  const [a, b] = [real(folder), real(cache)];
  return a === b || a.startsWith(b + sep) || b.startsWith(a + sep);
}

/** `path`'s status when it belongs to this process's user and neither group nor others can write it; null otherwise. */
function owned(path: string): Stats | null {
  const uid = process.getuid?.();
  const stat = lstatSync(path);
  return (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0 ? stat : null;
}

/** Whether `path` is a folder (not a link to one) that `owned` accepts; false when it cannot be read. */
function ownFolder(path: string): boolean {
  try {
    return owned(path)?.isDirectory() === true;
  } catch {
    return false;
  }
}

/**
 * Whether `cache`, which holds a cluster, may be copied: it and its two parents (`.cache/scrutin`, `.cache`)
 * are folders of this process's user that neither group nor others can write, and everything below it is a
 * folder or a regular file of this user (no link that would take the copy elsewhere, no device).
 */
function trusted(cache: string): boolean {
  const tree = (path: string): boolean => {
    const stat = owned(path);
    if (stat?.isDirectory()) return readdirSync(path).every((name) => tree(join(path, name)));
    return stat?.isFile() === true;
  };
  try {
    return ownFolder(dirname(dirname(cache))) && ownFolder(dirname(cache)) && tree(cache);
  } catch {
    return false;
  }
}

/**
 * Copies the cluster in `from` into `folder`, PG_VERSION last; true once done. On a failure, what it added
 * to `folder` is removed (the names `from` holds that `folder` did not) and false is returned.
 */
function copyCluster(from: string, folder: string): boolean {
  const added = readdirSync(from).filter((name) => !existsSync(join(folder, name)));
  try {
    cpSync(from, folder, { recursive: true, filter: (source) => source !== join(from, PG_VERSION) });
    copyFileSync(join(from, PG_VERSION), join(folder, PG_VERSION));
    return true;
  } catch {
    for (const name of added) rmSync(join(folder, name), { recursive: true, force: true });
    return false;
  }
}

/**
 * A new private folder beside `cache`, `<cache>.partial-<pid>-<random>`, or null when its parent cannot be
 * written. The scratch folders of processes that died while making the cluster (about 40 MB each) are
 * removed first (sweepScratch).
 */
function scratchBeside(cache: string): string | null {
  try {
    mkdirSync(dirname(cache), { recursive: true, mode: 0o700 });
    sweepScratch(cache);
    return mkdtempSync(`${cache}.partial-${process.pid}-`);
  } catch {
    return null;
  }
}

/** A scratch folder is left alone for this long: initdb and the copy take seconds; a live one is never this old. */
const SCRATCH_AGE_MS = 3_600_000;

/**
 * Removes the scratch folders beside `cache` whose process is gone (`processAlive`) and that are older than
 * an hour: a process in another PID namespace (a container sharing node_modules) reads as gone, but its
 * initdb would not be this old. Only in a parent that passes the cache's own checks (`trusted`: no one else
 * can write there, so no one can swap a folder for a link while it is removed), and only folders of this
 * user. Each removal on its own: one that fails (a folder left by another user) is left.
 */
function sweepScratch(cache: string): void {
  const parent = dirname(cache);
  if (!ownFolder(dirname(parent)) || !ownFolder(parent)) return;
  const prefix = `${basename(cache)}.partial-`;
  for (const name of readdirSync(parent)) {
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!name.startsWith(prefix) || !(pid > 0) || processAlive(pid)) continue;
    try {
      const stat = lstatSync(join(parent, name));
      if (ownFolder(join(parent, name)) && Date.now() - stat.mtimeMs > SCRATCH_AGE_MS) rmSync(join(parent, name), { recursive: true, force: true });
    } catch {
      // Left for a later sweep, or for its owner.
    }
  }
}

/**
 * Renames `scratch` to `cache`. A `cache` without PG_VERSION (left by hand, an older layout) is first
 * renamed aside, then removed: never removed in place, where another process may be reading a whole one
 * that replaced it meanwhile. Best effort: another process that renamed first (ENOTEMPTY, EEXIST) or a
 * place that refuses the rename leaves `scratch` where it is, for the caller to copy and remove.
 */
function publish(scratch: string, cache: string): void {
  try {
    if (existsSync(cache) && !existsSync(join(cache, PG_VERSION))) {
      const aside = `${scratch}.aside`;
      renameSync(cache, aside);
      // A whole cluster renamed in meanwhile by another process goes back; what was broken goes.
      if (existsSync(join(aside, PG_VERSION))) renameSync(aside, cache);
      rmSync(aside, { recursive: true, force: true });
    }
    renameSync(scratch, cache);
  } catch {
    // See above: the next new folder tries again.
  }
}
