import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes `dir` (created if missing) a folder only its owner can enter: mode 0700, and every folder
 * below it 0700 and every file 0600, whatever the umask they were written under.
 *
 * Why: a database folder written under the default umask 022 (or 000) lets any local account read
 * the roll or rewrite the tables beneath the triggers (threat model: docs/threat-model.md). The
 * entry points also set `process.umask(0o077)`, so what is written afterwards is private too; this
 * repairs folders made before, or by a process that did not. Symbolic links are left alone.
 *
 * Errors: throws the file system's error (EACCES, ENOTDIR…) unchanged.
 */
export function makePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrict(dir);
}

function restrict(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) restrict(join(path, name));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(path, stat.mode & 0o700);
  }
}
