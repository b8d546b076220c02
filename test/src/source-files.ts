import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files below `dir` whose name `keep` accepts, as paths joined to `dir`: none when `dir` does not exist,
 * `[dir]` when it is a file (named on purpose). Dependencies (node_modules) and compiled output (dist) are never
 * entered, nor a folder `skipFolder` names. The one walk of the tests that read the repository's code
 * (configuration readers, time-zone rules, import graph, SQL boundary).
 */
export function filesBelow(dir: string, keep: (name: string) => boolean, skipFolder: (name: string) => boolean = () => false): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' || skipFolder(e.name) ? [] : filesBelow(path, keep, skipFolder);
    return keep(e.name) ? [path] : [];
  });
}

/** TypeScript sources below `dir`, tests left out. */
export const typeScriptSources = (dir: string): string[] => filesBelow(dir, (name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name));
