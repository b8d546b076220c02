import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '@scrutin/basics/canonical-json.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.endsWith('.test.ts')) return [];
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let cached: { version: string; digest: string } | undefined;

/** The station's version and the SHA-256 over its sources and migrations, recorded in the seal. */
export function softwareIdentity(): { version: string; digest: string } {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const all = [...files(join(ROOT, 'station', 'src')), ...files(join(ROOT, 'db', 'migrations')), ...files(join(ROOT, 'db', 'src'))].sort();
  const lines = all.map((f) => `${relative(ROOT, f)} ${sha256Hex(readFileSync(f))}`).join('\n');
  cached = { version: `scrutin ${pkg.version}`, digest: sha256Hex(lines) };
  return cached;
}
