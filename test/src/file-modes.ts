import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every path below `dir` (itself included) whose mode gives anything to group or others, as « path mode »
 * (octal), symbolic links left out: what the tests of private files expect empty (docs/threat-model.md).
 */
export function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}
